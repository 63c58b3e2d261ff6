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

source as (

    select
        *,
        {{ row_number_in_load_order(from_file=reads_raw_files()) }} as source_row_number
    from {{ raw_source('customer_details') }}

),

flagged as (

    select
        *,
        {{ all_blank(raw_columns) }} as is_empty_row
    from source

),

renamed as (

    select
        source_row_number,
        is_empty_row,
        {{ clean_text('"Customer ID"') }} as customer_id_raw,
        {{ clean_text('"Age"') }} as age_raw,
        {{ clean_text('"Purchase Amount (USD)"') }} as purchase_amount_usd_raw,
        {{ clean_text('"Subscription Status"') }} as subscription_status_raw,
        {{ clean_text('"Review Rating"') }} as review_rating_raw,
        {{ clean_text('"Previous Purchases"') }} as previous_purchases_raw,
        {{ clean_text('"Discount Applied"') }} as discount_applied_raw,
        {{ clean_text('"Promo Code Used"') }} as promo_code_used_raw,
        {{ text_to_integer(clean_text('"Customer ID"'), 'bigint') }} as customer_id,
        {{ text_to_integer(clean_text('"Age"'), 'integer') }} as age,
        {{ clean_text('"Gender"') }} as gender,
        {{ clean_text('"Item Purchased"') }} as item_purchased,
        {{ clean_text('"Category"') }} as purchase_category,
        {{ text_to_decimal(clean_text('"Purchase Amount (USD)"'), 'decimal(12, 2)') }} as purchase_amount_usd,
        {{ clean_text('"Location"') }} as location,
        {{ clean_text('"Size"') }} as size,
        {{ clean_text('"Color"') }} as color,
        {{ clean_text('"Season"') }} as season,
        {{ text_to_decimal(clean_text('"Review Rating"'), 'decimal(3, 1)') }} as review_rating,
        {{ yes_no_to_boolean('"Subscription Status"') }} as is_subscriber,
        {{ clean_text('"Shipping Type"') }} as shipping_type,
        {{ yes_no_to_boolean('"Discount Applied"') }} as has_discount_applied,
        {{ yes_no_to_boolean('"Promo Code Used"') }} as has_used_promo_code,
        {{ text_to_integer(clean_text('"Previous Purchases"'), 'integer') }} as previous_purchases,
        {{ clean_text('"Payment Method"') }} as payment_method,
        {{ clean_text('"Frequency of Purchases"') }} as purchase_frequency
    from flagged

)

select * from renamed
