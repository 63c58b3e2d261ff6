{#- ISO day of week of a timestamp or date: 1 = Monday … 7 = Sunday.
    Engine-specific: dispatched. -#}
{% macro day_of_week_number(expression) -%}
    {{ return(adapter.dispatch('day_of_week_number', 'ecommerce_concentration')(expression)) }}
{%- endmacro %}

{% macro duckdb__day_of_week_number(expression) -%}
    isodow({{ expression }})
{%- endmacro %}

{% macro default__day_of_week_number(expression) -%}
    extract(isodow from {{ expression }})
{%- endmacro %}
