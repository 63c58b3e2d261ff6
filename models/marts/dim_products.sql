with

products as (

    select * from {{ ref('int_products_validated') }}
    where reject_reason is null

),

final as (

    select
        product_id,
        product_name,
        brand_name,
        asin,
        category_path,
        coalesce(category_level_1, 'Uncategorised') as product_category,
        category_level_1,
        category_level_2,
        category_level_3,
        upc_ean_code,
        selling_price_raw,
        selling_price_low_usd,
        selling_price_high_usd,
        has_unparsed_selling_price,
        model_number,
        shipping_weight,
        product_url,
        is_amazon_seller,
        source_row_number
    from products

)

select * from final
