{#- One row per raw file: every raw data row is empty, rejected or valid.
    raw_rows and empty_rows are counted in staging, which keeps every row
    (int_raw_rows_counted, built early in the DAG);
    rejected_rows and valid_rows are counted in the marts, so a row lost
    anywhere in between breaks raw_rows = empty_rows + rejected_rows + valid_rows.
    flagged_rows are valid rows kept with one value nulled (a subset of
    valid_rows). The files and their models: macro raw_file_models. -#}
{%- set raw_files = raw_file_models() -%}

with

raw_counts as (

    select * from {{ ref('int_raw_rows_counted') }}

),

{% for source, models in raw_files.items() -%}
{{ source }}_rejected as (

    select * from {{ ref(models.rejected) }}

),

{{ source }}_valid as (

    select * from {{ ref(models.valid) }}

),

{% endfor -%}
accounted as (

    {%- for source, models in raw_files.items() %}
    select
        '{{ source }}' as source,
        {{ loop.index }} as source_order,
        raw_rows,
        empty_rows,
        (select count(*) from {{ source }}_rejected) as rejected_rows,
        (select count(*) from {{ source }}_valid) as valid_rows,
        {%- if models.flagged_when %}
        (
            select count(*) from {{ source }}_valid
            where {{ models.flagged_when }}
        ) as flagged_rows
        {%- else %}
        0 as flagged_rows
        {%- endif %}
    from raw_counts
    where source = '{{ source }}'
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        source,
        source_order,
        cast(raw_rows as bigint) as raw_rows,
        cast(empty_rows as bigint) as empty_rows,
        cast(rejected_rows as bigint) as rejected_rows,
        cast(valid_rows as bigint) as valid_rows,
        cast(flagged_rows as bigint) as flagged_rows
    from accounted

)

select * from final
