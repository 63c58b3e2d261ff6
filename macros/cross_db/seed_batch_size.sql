{#- dbt's seed batch size on Spark (found through the `dispatch` search
    order for the dbt namespace): dbt-spark loads a seed with one
    `insert ... values` per batch (default 10,000 rows), each written as new
    files whose names carry a random job id, so the order of the batches is
    lost. One batch per seed keeps the file order that
    spark__raw_rows_in_load_order reads back. Seeds are the committed sample
    (about 10,000 rows per file); data folders are read in place. -#}
{% macro spark__get_batch_size() -%}
    {{ return(1000000) }}
{%- endmacro %}
