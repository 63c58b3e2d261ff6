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

source as (

    {{ raw_rows_in_load_order('product_details') }}

),

padded as (

    {#- The catalog's optional columns may be absent from a file: null here. -#}
    {{ with_missing_columns('source', raw_columns) }}

),

cleaned as (

    {#- every raw column trimmed (blank = null) once, under its raw name -#}
    select
        source_row_number,
        {{ all_blank(raw_columns) }} as is_empty_row,
        {%- for column in raw_columns %}
        {{ clean_text(adapter.quote(column)) }} as {{ adapter.quote(column) }}{{ "," if not loop.last }}
        {%- endfor %}
    from padded

),

renamed as (

    select
        source_row_number,
        is_empty_row,
        "Uniqe Id" as product_id_raw,
        lower("Uniqe Id") as product_id,
        "Product Name" as product_name,
        "Brand Name" as brand_name,
        "Asin" as asin,
        "Category" as category_path,
        {%- for level in range(1, 4) %}
        {{ clean_text(dbt.split_part('"Category"', "'" ~ separator ~ "'", level)) }}
            as category_level_{{ level }},
        {%- endfor %}
        "Upc Ean Code" as upc_ean_code,
        "List Price" as list_price_raw,
        "Selling Price" as selling_price_raw,
        {{ price_text_to_decimal(dbt.split_part('"Selling Price"', "' - '", 1)) }} as selling_price_low_usd,
        {{ price_text_to_decimal(
            "coalesce(" ~ clean_text(dbt.split_part('"Selling Price"', "' - '", 2)) ~ ", "
            ~ '"Selling Price"' ~ ")"
        ) }} as selling_price_high_usd,
        "Quantity" as quantity_raw,
        "Model Number" as model_number,
        "Shipping Weight" as shipping_weight,
        "Product Url" as product_url,
        {{ yes_no_to_boolean('"Is Amazon Seller"') }} as is_amazon_seller
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
