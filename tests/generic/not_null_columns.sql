{#- Fails when any listed column holds a null: one row per such column, with
    how many rows. The same check as a not_null test per column, in one scan
    of the model and one dbt node (each node costs a query and dbt's own
    overhead, which dominates on small tables). The failure count is the
    number of null values found. -#}
{% test not_null_columns(model, column_names) %}
{{ config(fail_calc='coalesce(sum(null_rows), 0)') }}
{%- if not column_names -%}
    {{ exceptions.raise_compiler_error("not_null_columns on " ~ model ~ ": give column_names") }}
{%- endif %}

with

null_counts as (

    select
        {%- for column in column_names %}
        count(case when {{ column }} is null then 1 end) as null_rows_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ model }}

),

failing_columns as (

    {%- for column in column_names %}
    select
        '{{ column }}' as column_name,
        null_rows_{{ loop.index }} as null_rows
    from null_counts
    where null_rows_{{ loop.index }} > 0
    {{ "union all" if not loop.last }}
    {%- endfor %}

)

select * from failing_columns

{% endtest %}
