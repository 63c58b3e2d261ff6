{#- Every row of a raw relation with source_row_number, its 1-based
    data-row number in file order, taken from the load itself rather than
    from row_number() over (), which no engine promises to number in file
    order:
    - a seed is a table: DuckDB's rowid (rows are inserted in file order);
    - a file read in place (DBT_RAW_FILES): read_csv ... with ordinality, the
      ordinal DuckDB's CSV reader gives each row as it reads the file;
      tests/python/test_raw_routes.py checks it on a 1M-row file read with
      several threads;
    - a dbt unit test mocks the relation with a query (no rowid): its rows
      are numbered in the order the test gives them.
    - on Spark see spark__raw_rows_in_load_order.
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

{#- Spark numbers rows with row_number() ordered by where each row was
    read (one sort, no quadratic window):
    - a file read in place (an external CSV table, macro register_raw_files)
      or a unit test's mocked rows: monotonically_increasing_id(), which
      grows with the file offset: Spark reads a file's splits in order, one
      split per task, and numbers each task's rows in order (a file with
      quoted line breaks is one split);
    - a seed is a Parquet table written by one insert (spark__get_batch_size)
      as part-00000-<job>..., part-00001-<job>...: its rows in file name,
      then row position order.
    source_row_number is a bigint, as DuckDB's (Spark's row_number is an int). -#}
{% macro spark__raw_rows_in_load_order(name) -%}
    {%- if model.resource_type != 'unit_test' and not reads_raw_files() -%}
    select
        *,
        cast(row_number() over (
            order by _metadata.file_name, _metadata.row_index
        ) as bigint) as source_row_number
    from {{ raw_source(name) }}
    {%- else -%}
    select
        *,
        cast(row_number() over (order by raw_read_position) as bigint) as source_row_number
    from (
        select
            *,
            monotonically_increasing_id() as raw_read_position
        from {{ raw_source(name) }}
    ) as raw_rows
    {%- endif -%}
{%- endmacro %}

{% macro default__raw_rows_in_load_order(name) -%}
    {{ exceptions.raise_compiler_error(
        "raw_rows_in_load_order has no implementation for adapter '" ~ adapter.type() ~ "'"
    ) }}
{%- endmacro %}
