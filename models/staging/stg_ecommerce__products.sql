{%- set raw_columns = [
    'Uniqe Id', 'Product Name', 'Brand Name', 'Asin', 'Category', 'Upc Ean Code',
    'List Price', 'Selling Price', 'Quantity', 'Model Number', 'About Product',
    'Product Specification', 'Technical Details', 'Shipping Weight',
    'Product Dimensions', 'Image', 'Variants', 'Sku', 'Product Url', 'Stock',
    'Product Details', 'Dimensions', 'Color', 'Ingredients', 'Direction To Use',
    'Is Amazon Seller', 'Size Quantity Variant', 'Product Description',
] -%}
{%- set separator = var('category_path_separator') -%}

with

cleaned as (

    {{ cleaned_raw_columns('product_details', raw_columns, pad_missing_columns=true) }}

),

renamed as (

    select
        source_row_number,
        is_empty_row,
        uniqe_id_text as product_id_raw,
        lower(uniqe_id_text) as product_id,
        product_name_text as product_name,
        brand_name_text as brand_name,
        asin_text as asin,
        category_text as category_path,
        {%- for level in range(1, 4) %}
        {{ clean_text(dbt.split_part('category_text', "'" ~ separator ~ "'", level)) }}
            as category_level_{{ level }},
        {%- endfor %}
        upc_ean_code_text as upc_ean_code,
        list_price_text as list_price_raw,
        selling_price_text as selling_price_raw,
        {{ price_text_to_decimal(dbt.split_part('selling_price_text', "' - '", 1)) }} as selling_price_low_usd,
        {{ price_text_to_decimal(
            "coalesce(" ~ clean_text(dbt.split_part('selling_price_text', "' - '", 2)) ~ ", "
            ~ 'selling_price_text' ~ ")"
        ) }} as selling_price_high_usd,
        quantity_text as quantity_raw,
        model_number_text as model_number,
        shipping_weight_text as shipping_weight,
        product_url_text as product_url,
        {{ yes_no_to_boolean('is_amazon_seller_text') }} as is_amazon_seller
    from cleaned

),

price_flagged as (

    {#- A selling price that is present but not a price ("call us") keeps
        its product: the prices are null and the row is flagged. -#}
    select
        *,
        selling_price_raw is not null
        and (selling_price_low_usd is null or selling_price_high_usd is null) as has_unparsed_selling_price
    from renamed

)

select * from price_flagged
