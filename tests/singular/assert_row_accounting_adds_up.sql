{#- Every raw data row is empty, rejected or valid, and row_accounting says so
    truthfully: each of its counts is compared with the layer it comes from:
    raw_rows with the raw seed or file's own row count, raw_rows and
    empty_rows with staging's count (int_raw_rows_counted, one scan per file
    early in the DAG: staging is not read again here), rejected_rows and
    valid_rows with the marts and with the validation models. One row per
    mismatch. The one home of row accounting inside the DAG; at the boundary
    the GX raw suites compare raw_rows with the file as delivered, and pytest
    checks hand-worked counts (test_pipeline_fixture, test_hostile_inputs). -#}
{#- the raw files and their models: macro raw_file_models -#}

with

accounting as (

    select * from {{ ref('row_accounting') }}

),

staged_counts as (

    select * from {{ ref('int_raw_rows_counted') }}

),

{% for source, models in raw_file_models().items() -%}
{#- one scan of the validation model (for sales a view over every row) #}
{{ source }}_validated_counts as (

    select
        count(reject_reason) as validated_rejected_rows,
        count(*) - count(reject_reason) as validated_valid_rows,
        count(
            case when reject_reason is null and {{ models.flagged_when or 'false' }} then 1 end
        ) as validated_flagged_rows
    from {{ ref(models.validated) }}

),

{% endfor -%}
recounted as (

    {%- for source, models in raw_file_models().items() %}
    select
        '{{ source }}' as source,
        (select count(*) from {{ raw_source(source) }}) as loaded_rows,
        staged_counts.raw_rows as staged_rows,
        staged_counts.empty_rows as staged_empty_rows,
        {{ source }}_validated_counts.validated_rejected_rows,
        {{ source }}_validated_counts.validated_valid_rows,
        (select count(*) from {{ ref(models.rejected) }}) as rejected_rows,
        (select count(*) from {{ ref(models.valid) }}) as valid_rows,
        {{ source }}_validated_counts.validated_flagged_rows
    from {{ source }}_validated_counts
    left join staged_counts
        on staged_counts.source = '{{ source }}'
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

compared as (

    select
        recounted.*,
        accounting.raw_rows,
        accounting.empty_rows,
        accounting.rejected_rows as accounted_rejected_rows,
        accounting.valid_rows as accounted_valid_rows,
        accounting.flagged_rows as accounted_flagged_rows
    from recounted
    left join accounting
        on recounted.source = accounting.source

)

select *
from compared
where
    raw_rows is null
    or staged_rows is null
    or raw_rows != loaded_rows
    or raw_rows != staged_rows
    or raw_rows != empty_rows + accounted_rejected_rows + accounted_valid_rows
    or empty_rows != staged_empty_rows
    or staged_rows - staged_empty_rows != validated_rejected_rows + validated_valid_rows
    or accounted_rejected_rows != rejected_rows
    or rejected_rows != validated_rejected_rows
    or accounted_valid_rows != valid_rows
    or valid_rows != validated_valid_rows
    or accounted_flagged_rows != validated_flagged_rows
