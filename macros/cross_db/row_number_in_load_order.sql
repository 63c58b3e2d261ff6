{#- The 1-based position of each row in the order the raw table was loaded
    (the file's data-row number for a seed). DuckDB keeps insertion order on
    a plain scan; other engines need an explicit load-order column.
    Engine-specific: dispatched. -#}
{% macro row_number_in_load_order() -%}
    {{ return(adapter.dispatch('row_number_in_load_order', 'ecommerce_concentration')()) }}
{%- endmacro %}

{% macro duckdb__row_number_in_load_order() -%}
    row_number() over ()
{%- endmacro %}

{% macro default__row_number_in_load_order() -%}
    {{ exceptions.raise_compiler_error(
        "row_number_in_load_order has no implementation for adapter '" ~ adapter.type() ~ "'"
    ) }}
{%- endmacro %}
