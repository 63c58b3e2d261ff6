{#- The 1-based data-row number of each row of a raw relation, in file order.
    Used in the import CTE that scans the raw relation, as one more column.
    A seed is a table: its load order is DuckDB's rowid (rows are inserted
    in file order). A file read in place (from_file) has no rowid; DuckDB
    numbers the scan in file order because insertion order is preserved
    (preserve_insertion_order, pinned in profiles.yml) and row_number() over
    an empty window streams in scan order; tests/python/test_raw_routes.py
    checks it on a generated file whose rows carry their own number. A dbt
    unit test mocks the raw relation with a query, numbered the same way.
    Engine-specific: dispatched. -#}
{% macro row_number_in_load_order(from_file=false) -%}
    {{ return(adapter.dispatch('row_number_in_load_order', 'ecommerce_concentration')(from_file)) }}
{%- endmacro %}

{% macro duckdb__row_number_in_load_order(from_file) -%}
    {#- a unit test's mocked input is a query, not a table: no rowid -#}
    {%- if from_file or model.resource_type == 'unit_test' -%}
        row_number() over ()
    {%- else -%}
        rowid + 1
    {%- endif -%}
{%- endmacro %}

{% macro default__row_number_in_load_order(from_file) -%}
    {{ exceptions.raise_compiler_error(
        "row_number_in_load_order has no implementation for adapter '" ~ adapter.type() ~ "'"
    ) }}
{%- endmacro %}
