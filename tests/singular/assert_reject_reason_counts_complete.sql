{#- reject_reason_counts lists exactly the closed list of var reject_reasons
    (every reason of every raw file, in order, zeros included, nothing else)
    and each count equals the rows of the rejected_* mart with that reason.
    One row per difference. -#}
{%- set declared = var('reject_reasons') -%}

with

reason_counts as (

    select * from {{ ref('reject_reason_counts') }}

),

{% for source, models in raw_file_models().items() -%}
{{ source }}_rows_by_reason as (

    select
        '{{ source }}' as source,
        reject_reason,
        count(*) as rows_with_reason
    from {{ ref(models.rejected) }}
    group by reject_reason

),

{% endfor -%}
rows_by_reason as (

    {%- for source in raw_file_models() %}
    select * from {{ source }}_rows_by_reason
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

listed as (

    select
        source,
        reject_reason,
        check_order,
        case
            {%- for source, reasons in declared.items() %}
            {%- for reason in reasons %}
            when source = '{{ source }}' and reject_reason = '{{ reason }}' then {{ loop.index }}
            {%- endfor %}
            {%- endfor %}
        end as declared_order
    from reason_counts

),

listed_vs_declared as (

    select
        source,
        reject_reason,
        case
            when declared_order is null then 'reject_reason_counts lists an undeclared reason'
            else 'check_order differs from var reject_reasons'
        end as problem
    from listed
    where declared_order is null or declared_order != check_order

),

declared_vs_listed as (

    {%- for source, reasons in declared.items() %}
    select
        '{{ source }}' as source,
        '(one or more)' as reject_reason,
        'declared reason missing from reject_reason_counts' as problem
    from listed
    where source = '{{ source }}' and declared_order is not null
    having count(distinct reject_reason) != {{ reasons | length }}
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

counts_vs_rows as (

    select
        coalesce(rows_by_reason.source, reason_counts.source) as source,
        coalesce(rows_by_reason.reject_reason, reason_counts.reject_reason) as reject_reason,
        'count differs from the rejected rows' as problem
    from rows_by_reason
    full outer join reason_counts
        on
            rows_by_reason.source = reason_counts.source
            and rows_by_reason.reject_reason = reason_counts.reject_reason
    where coalesce(rows_by_reason.rows_with_reason, 0) != coalesce(reason_counts.rejected_rows, 0)

)

select * from listed_vs_declared
union all
select * from declared_vs_listed
union all
select * from counts_vs_rows
