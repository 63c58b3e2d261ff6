{%- set raw_columns = [
    'Customer ID',
    'Age',
    'Gender',
    'Item Purchased',
    'Category',
    'Purchase Amount (USD)',
    'Location',
    'Size',
    'Color',
    'Season',
    'Review Rating',
    'Subscription Status',
    'Shipping Type',
    'Discount Applied',
    'Promo Code Used',
    'Previous Purchases',
    'Payment Method',
    'Frequency of Purchases',
] -%}

with

cleaned as (

    {{ cleaned_raw_columns('customer_details', raw_columns) }}

),

renamed as (

    select
        source_row_number,
        is_empty_row,
        customer_id_text as customer_id_raw,
        age_text as age_raw,
        purchase_amount_usd_text as purchase_amount_usd_raw,
        subscription_status_text as subscription_status_raw,
        review_rating_text as review_rating_raw,
        previous_purchases_text as previous_purchases_raw,
        discount_applied_text as discount_applied_raw,
        promo_code_used_text as promo_code_used_raw,
        {{ text_to_integer('customer_id_text', 'bigint') }} as customer_id,
        {{ text_to_integer('age_text', 'integer') }} as age,
        gender_text as gender,
        item_purchased_text as item_purchased,
        category_text as purchase_category,
        {{ text_to_decimal('purchase_amount_usd_text', 'decimal(12, 2)') }} as purchase_amount_usd,
        location_text as location,
        size_text as size,
        color_text as color,
        season_text as season,
        {{ text_to_decimal('review_rating_text', 'decimal(3, 1)') }} as review_rating,
        {{ yes_no_to_boolean('subscription_status_text') }} as is_subscriber,
        shipping_type_text as shipping_type,
        {{ yes_no_to_boolean('discount_applied_text') }} as has_discount_applied,
        {{ yes_no_to_boolean('promo_code_used_text') }} as has_used_promo_code,
        {{ text_to_integer('previous_purchases_text', 'integer') }} as previous_purchases,
        payment_method_text as payment_method,
        frequency_of_purchases_text as purchase_frequency
    from cleaned

)

select * from renamed
