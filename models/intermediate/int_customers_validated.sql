{#- Every non-empty customer row, with the first reason (in the documented
    order) it cannot be used, or null when it is a valid customer. A repeated
    Customer ID keeps its first row; later rows are rejected, whatever the
    first row's own fate. The amount is judged as a number before it is a
    decimal, so '1e9' is out of range rather than unreadable. -#}
{%- set purchase_amount = text_to_double('purchase_amount_usd_raw') -%}
with

customers as (

    select * from {{ ref('stg_ecommerce__customers') }}
    where not is_empty_row

),

duplicates_ranked as (

    select
        *,
        row_number() over (
            partition by customer_id
            order by source_row_number
        ) as customer_id_occurrence
    from customers

),

validated as (

    select
        *,
        case
            when customer_id_raw is null then 'missing_customer_id'
            when customer_id is null or customer_id < 1 then 'invalid_customer_id'
            when customer_id_occurrence > 1 then 'duplicate_customer_id'
            when purchase_amount_usd_raw is null then 'missing_purchase_amount'
            when {{ purchase_amount }} is null or {{ purchase_amount }} <= 0 then 'invalid_purchase_amount'
            when
                {{ purchase_amount }} > {{ number_var('max_valid_purchase_amount_usd', minimum=0) }}
                or purchase_amount_usd is null
                then 'purchase_amount_out_of_range'
            when
                age is null
                or age < {{ number_var('min_valid_age', minimum=0) }}
                or age > {{ number_var('max_valid_age', minimum=0) }}
                then 'invalid_age'
            when is_subscriber is null then 'invalid_subscription_status'
            {#- The other Yes/No flags feed breakdowns too: a customer whose
                flag is unreadable is rejected, not kept with an unknown flag
                that every breakdown by it would silently leave out. -#}
            when has_discount_applied is null or has_used_promo_code is null then 'invalid_yes_no_flag'
        end as reject_reason
    from duplicates_ranked

)

select * from validated
