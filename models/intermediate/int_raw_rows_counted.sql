{#- One row per raw file: its data rows and fully empty rows, counted in
    staging (which keeps every row), one scan per file. A table with no
    model upstream but staging, so dbt builds it while the validation
    models run, and row_accounting at the end of the DAG reads three rows
    instead of reading every raw file again. The files: macro raw_file_models. -#}
{%- set raw_files = raw_file_models() -%}

with

{% for source, models in raw_files.items() -%}
{{ source }}_staged as (

    select * from {{ ref(models.staged) }}

),

{% endfor -%}
counted as (

    {%- for source in raw_files %}
    select
        '{{ source }}' as source,
        count(*) as raw_rows,
        count(case when is_empty_row then 1 end) as empty_rows
    from {{ source }}_staged
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        source,
        cast(raw_rows as bigint) as raw_rows,
        cast(empty_rows as bigint) as empty_rows
    from counted

)

select * from final
