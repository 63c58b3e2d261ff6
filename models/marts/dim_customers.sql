with

customers as (

    select * from {{ ref('int_customers_segmented') }}

),

final as (

    select
        customer_id,
        age,
        age_bracket,
        age_bracket_rank,
        gender,
        item_purchased,
        purchase_category,
        purchase_amount_usd,
        spending_tier,
        spending_tier_rank,
        location,
        size,
        color,
        season,
        review_rating,
        review_rating_raw,
        flag_reason,
        is_subscriber,
        shipping_type,
        has_discount_applied,
        has_used_promo_code,
        previous_purchases,
        payment_method,
        purchase_frequency,
        source_row_number
    from customers

)

select * from final
