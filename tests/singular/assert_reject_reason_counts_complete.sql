{#- reject_reason_counts lists exactly the closed list of var reject_reasons
    (every reason of every raw file, in order, zeros included, nothing else)
    and each count equals the rows of the rejected_* mart with that reason.
    One row per difference. -#}
{%- set rejected_models = {
    'sales_data': 'rejected_sales_interactions',
    'customer_details': 'rejected_customers',
    'product_details': 'rejected_products',
} -%}

with

reason_counts as (

    select * from {{ ref('reject_reason_counts') }}

),

declared as (

    {%- for source, reasons in var('reject_reasons').items() %}
    {%- set source_loop = loop %}
    {%- for reason in reasons %}
    select
        '{{ source }}' as source,
        '{{ reason }}' as reject_reason,
        {{ loop.index }} as check_order
    {{ "union all" if not (source_loop.last and loop.last) }}
    {%- endfor %}
    {%- endfor %}

),

observed as (

    {%- for source, model_name in rejected_models.items() %}
    select
        '{{ source }}' as source,
        reject_reason,
        count(*) as rejected_rows
    from {{ ref(model_name) }}
    group by reject_reason
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

listed_vs_declared as (

    select
        coalesce(declared.source, reason_counts.source) as source,
        coalesce(declared.reject_reason, reason_counts.reject_reason) as reject_reason,
        case
            when reason_counts.reject_reason is null then 'declared reason missing from reject_reason_counts'
            when declared.reject_reason is null then 'reject_reason_counts lists an undeclared reason'
            else 'check_order differs from var reject_reasons'
        end as problem
    from declared
    full outer join reason_counts
        on
            declared.source = reason_counts.source
            and declared.reject_reason = reason_counts.reject_reason
    where
        declared.reject_reason is null
        or reason_counts.reject_reason is null
        or declared.check_order != reason_counts.check_order

),

counts_vs_rows as (

    select
        coalesce(observed.source, reason_counts.source) as source,
        coalesce(observed.reject_reason, reason_counts.reject_reason) as reject_reason,
        'count differs from the rejected rows' as problem
    from observed
    full outer join reason_counts
        on
            observed.source = reason_counts.source
            and observed.reject_reason = reason_counts.reject_reason
    where coalesce(observed.rejected_rows, 0) != coalesce(reason_counts.rejected_rows, 0)

)

select * from listed_vs_declared
union all
select * from counts_vs_rows
