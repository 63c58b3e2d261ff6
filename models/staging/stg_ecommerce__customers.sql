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

    {{ raw_rows_in_load_order('customer_details') }}

),

cleaned as (

    {#- every raw column trimmed (blank = null) once, under its raw name -#}
    select
        source_row_number,
        {{ all_blank(raw_columns) }} as is_empty_row,
        {%- for column in raw_columns %}
        {{ clean_text(adapter.quote(column)) }} as {{ adapter.quote(column) }}{{ "," if not loop.last }}
        {%- endfor %}
    from source

),

renamed as (

    select
        source_row_number,
        is_empty_row,
        "Customer ID" as customer_id_raw,
        "Age" as age_raw,
        "Purchase Amount (USD)" as purchase_amount_usd_raw,
        "Subscription Status" as subscription_status_raw,
        "Review Rating" as review_rating_raw,
        "Previous Purchases" as previous_purchases_raw,
        "Discount Applied" as discount_applied_raw,
        "Promo Code Used" as promo_code_used_raw,
        {{ text_to_integer('"Customer ID"', 'bigint') }} as customer_id,
        {{ text_to_integer('"Age"', 'integer') }} as age,
        "Gender" as gender,
        "Item Purchased" as item_purchased,
        "Category" as purchase_category,
        {{ text_to_decimal('"Purchase Amount (USD)"', 'decimal(12, 2)') }} as purchase_amount_usd,
        "Location" as location,
        "Size" as size,
        "Color" as color,
        "Season" as season,
        {{ text_to_decimal('"Review Rating"', 'decimal(3, 1)') }} as review_rating,
        {{ yes_no_to_boolean('"Subscription Status"') }} as is_subscriber,
        "Shipping Type" as shipping_type,
        {{ yes_no_to_boolean('"Discount Applied"') }} as has_discount_applied,
        {{ yes_no_to_boolean('"Promo Code Used"') }} as has_used_promo_code,
        {{ text_to_integer('"Previous Purchases"', 'integer') }} as previous_purchases,
        "Payment Method" as payment_method,
        "Frequency of Purchases" as purchase_frequency
    from cleaned

)

select * from renamed
