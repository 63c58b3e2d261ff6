{#- Every row of a raw relation with source_row_number, its 1-based
    data-row number in file order, taken from the load itself rather than
    from row_number() over (), which no engine promises to number in file
    order:
    - a seed is a table: DuckDB's rowid (rows are inserted in file order);
    - a file read in place (var raw_files): read_csv ... with ordinality, the
      ordinal DuckDB's CSV reader gives each row as it reads the file;
      tests/python/test_raw_routes.py checks it on a 1M-row file read with
      several threads;
    - a dbt unit test mocks the relation with a query (no rowid): its rows
      are numbered in the order the test gives them.
    Engine-specific: dispatched. -#}
{% macro raw_rows_in_load_order(name) -%}
    {{ return(adapter.dispatch('raw_rows_in_load_order', 'ecommerce_concentration')(name)) }}
{%- endmacro %}

{% macro duckdb__raw_rows_in_load_order(name) -%}
    {%- if model.resource_type == 'unit_test' -%}
    select
        *,
        row_number() over () as source_row_number
    from {{ raw_source(name) }}
    {%- elif reads_raw_files() -%}
    select
        * exclude (ordinality),
        ordinality as source_row_number
    from {{ raw_source(name) }} with ordinality
    {%- else -%}
    select
        *,
        rowid + 1 as source_row_number
    from {{ raw_source(name) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__raw_rows_in_load_order(name) -%}
    {{ exceptions.raise_compiler_error(
        "raw_rows_in_load_order has no implementation for adapter '" ~ adapter.type() ~ "'"
    ) }}
{%- endmacro %}
