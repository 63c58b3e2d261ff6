{#- Every reason in the closed list (var reject_reasons), per raw file, with
    how many rows it rejected, zeros included. -#}
{%- set reasons = var('reject_reasons') -%}

with

sales_rejected as (

    select * from {{ ref('rejected_sales_interactions') }}

),

customers_rejected as (

    select * from {{ ref('rejected_customers') }}

),

products_rejected as (

    select * from {{ ref('rejected_products') }}

),

known_reasons as (

    {%- for source, source_reasons in reasons.items() %}
    {%- set source_loop = loop %}
    {%- for reason in source_reasons %}
    select
        '{{ source }}' as source,
        '{{ reason }}' as reject_reason,
        {{ loop.index }} as check_order
    {{ "union all" if not (source_loop.last and loop.last) }}
    {%- endfor %}
    {%- endfor %}

),

observed as (

    select
        'sales_data' as source,
        reject_reason,
        count(*) as rejected_rows
    from sales_rejected
    group by reject_reason
    union all
    select
        'customer_details' as source,
        reject_reason,
        count(*) as rejected_rows
    from customers_rejected
    group by reject_reason
    union all
    select
        'product_details' as source,
        reject_reason,
        count(*) as rejected_rows
    from products_rejected
    group by reject_reason

),

final as (

    select
        known_reasons.source,
        known_reasons.reject_reason,
        known_reasons.check_order,
        cast(coalesce(observed.rejected_rows, 0) as bigint) as rejected_rows
    from known_reasons
    left join observed
        on
            known_reasons.source = observed.source
            and known_reasons.reject_reason = observed.reject_reason

)

select * from final
