{#- ISO day of week of a timestamp or date: 1 = Monday … 7 = Sunday.
    Engine-specific: dispatched. -#}
{% macro day_of_week_number(expression) -%}
    {{ return(adapter.dispatch('day_of_week_number', 'ecommerce_concentration')(expression)) }}
{%- endmacro %}

{% macro duckdb__day_of_week_number(expression) -%}
    isodow({{ expression }})
{%- endmacro %}

{#- weekday(): 0 = Monday ... 6 = Sunday. -#}
{% macro spark__day_of_week_number(expression) -%}
    (weekday({{ expression }}) + 1)
{%- endmacro %}

{% macro default__day_of_week_number(expression) -%}
    extract(isodow from {{ expression }})
{%- endmacro %}
