with

customers as (

    select * from {{ ref('int_customers_validated') }}
    where reject_reason is not null

),

final as (

    select
        source_row_number,
        reject_reason,
        customer_id_raw,
        age_raw,
        purchase_amount_usd_raw,
        subscription_status_raw,
        review_rating_raw,
        gender,
        item_purchased,
        purchase_category,
        location,
        payment_method
    from customers

)

select * from final
