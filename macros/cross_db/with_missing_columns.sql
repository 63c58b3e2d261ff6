{#- Every row and column of the CTE `relation` (read from raw file
    `raw_name`), plus each listed column it lacks, as null text (a raw file
    may leave out optional columns). Engine-specific (DuckDB's union all by
    name): dispatched. -#}
{% macro with_missing_columns(relation, columns, raw_name) -%}
    {{ return(adapter.dispatch('with_missing_columns', 'ecommerce_concentration')(relation, columns, raw_name)) }}
{%- endmacro %}

{% macro duckdb__with_missing_columns(relation, columns, raw_name) -%}
    select * from {{ relation }}
    union all by name
    select
    {%- for column in columns %}
        cast(null as varchar) as {{ adapter.quote(column) }}{{ "," if not loop.last }}
    {%- endfor %}
    where false
{%- endmacro %}

{#- Spark SQL has no union by name: the raw file's columns are known (var
    raw_files, or the loaded seed's columns), so each missing one is
    selected as null. A unit test's mocked rows must have every column. -#}
{% macro spark__with_missing_columns(relation, columns, raw_name) -%}
    {%- set present = raw_column_names(raw_name) | map('lower') | list -%}
    select
        *
    {%- for column in columns if present and column | lower not in present %},
        cast(null as string) as {{ adapter.quote(column) }}
    {%- endfor %}
    from {{ relation }}
{%- endmacro %}

{% macro default__with_missing_columns(relation, columns, raw_name) -%}
    {{ exceptions.raise_compiler_error(
        "with_missing_columns has no implementation for adapter '" ~ adapter.type() ~ "'"
    ) }}
{%- endmacro %}
