{#- Continuous quantile (linear interpolation between the two nearest ranks,
    the same as numpy/pandas' default) of a numeric expression, as an
    aggregate. Engine-specific: dispatched. -#}
{% macro quantile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('quantile_cont', 'ecommerce_concentration')(expression, fraction)) }}
{%- endmacro %}

{% macro duckdb__quantile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{#- percentile is exact (linear interpolation at (n - 1) * fraction, as
    DuckDB's quantile_cont); never percentile_approx, whose tier edges would
    depend on its accuracy setting. -#}
{% macro spark__quantile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro default__quantile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}
