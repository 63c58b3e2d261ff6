{#- One row per raw file: every raw data row is empty, rejected or valid.
    raw_rows and empty_rows are counted in staging, which keeps every row
    (one scan per file);
    rejected_rows and valid_rows are counted in the marts, so a row lost
    anywhere in between breaks raw_rows = empty_rows + rejected_rows + valid_rows.
    flagged_rows are valid rows kept with one value nulled (a subset of
    valid_rows). -#}
with

sales_staged as (

    select * from {{ ref('stg_ecommerce__sales_interactions') }}

),

customers_staged as (

    select * from {{ ref('stg_ecommerce__customers') }}

),

products_staged as (

    select * from {{ ref('stg_ecommerce__products') }}

),

sales_rejected as (

    select * from {{ ref('rejected_sales_interactions') }}

),

customers_rejected as (

    select * from {{ ref('rejected_customers') }}

),

products_rejected as (

    select * from {{ ref('rejected_products') }}

),

interactions as (

    select * from {{ ref('fct_interactions') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

products as (

    select * from {{ ref('dim_products') }}

),

sales_accounting as (

    select
        'sales_data' as source,
        1 as source_order,
        count(*) as raw_rows,
        count(case when is_empty_row then 1 end) as empty_rows,
        (select count(*) from sales_rejected) as rejected_rows,
        (select count(*) from interactions) as valid_rows,
        0 as flagged_rows
    from sales_staged

),

customers_accounting as (

    select
        'customer_details' as source,
        2 as source_order,
        count(*) as raw_rows,
        count(case when is_empty_row then 1 end) as empty_rows,
        (select count(*) from customers_rejected) as rejected_rows,
        (select count(*) from customers) as valid_rows,
        (
            select count(*) from customers as flagged_customers
            where flagged_customers.flag_reason is not null
        ) as flagged_rows
    from customers_staged

),

products_accounting as (

    select
        'product_details' as source,
        3 as source_order,
        count(*) as raw_rows,
        count(case when is_empty_row then 1 end) as empty_rows,
        (select count(*) from products_rejected) as rejected_rows,
        (select count(*) from products) as valid_rows,
        (
            select count(*) from products as flagged_products
            where flagged_products.has_unparsed_selling_price
        ) as flagged_rows
    from products_staged

),

unioned as (

    select * from sales_accounting
    union all
    select * from customers_accounting
    union all
    select * from products_accounting

),

final as (

    select
        source,
        source_order,
        cast(raw_rows as bigint) as raw_rows,
        cast(empty_rows as bigint) as empty_rows,
        cast(rejected_rows as bigint) as rejected_rows,
        cast(valid_rows as bigint) as valid_rows,
        cast(flagged_rows as bigint) as flagged_rows
    from unioned

)

select * from final
