{#- Every row and column of the CTE `relation`, plus each listed column it
    lacks, as null text (a raw file may leave out optional columns).
    Engine-specific (DuckDB's union all by name): dispatched. -#}
{% macro with_missing_columns(relation, columns) -%}
    {{ return(adapter.dispatch('with_missing_columns', 'ecommerce_concentration')(relation, columns)) }}
{%- endmacro %}

{% macro duckdb__with_missing_columns(relation, columns) -%}
    select * from {{ relation }}
    union all by name
    select
    {%- for column in columns %}
        cast(null as varchar) as {{ adapter.quote(column) }}{{ "," if not loop.last }}
    {%- endfor %}
    where false
{%- endmacro %}

{% macro default__with_missing_columns(relation, columns) -%}
    {{ exceptions.raise_compiler_error(
        "with_missing_columns has no implementation for adapter '" ~ adapter.type() ~ "'"
    ) }}
{%- endmacro %}
