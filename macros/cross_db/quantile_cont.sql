{#- Continuous quantile (linear interpolation between the two nearest ranks,
    the same as numpy/pandas' default) of a numeric expression, as an
    aggregate. Engine-specific: dispatched. -#}
{% macro quantile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('quantile_cont', 'ecommerce_concentration')(expression, fraction)) }}
{%- endmacro %}

{% macro duckdb__quantile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro default__quantile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}
