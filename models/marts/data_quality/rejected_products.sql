with

products as (

    select * from {{ ref('int_products_validated') }}
    where reject_reason is not null

),

final as (

    select
        source_row_number,
        reject_reason,
        product_id_raw,
        product_name,
        category_path,
        selling_price_raw
    from products

)

select * from final
