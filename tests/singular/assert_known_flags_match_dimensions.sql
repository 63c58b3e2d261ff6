{#- has_known_customer / has_known_product in fct_interactions are true
    exactly when the id is in dim_customers / dim_products (relationships
    tests cover one direction; this covers both). One row per wrong flag. -#}
with

interactions as (

    select * from {{ ref('fct_interactions') }}

),

customer_ids as (

    select customer_id from {{ ref('dim_customers') }}

),

product_ids as (

    select product_id from {{ ref('dim_products') }}

),

checked as (

    select
        interactions.interaction_id,
        interactions.has_known_customer,
        interactions.has_known_product,
        interactions.customer_id in (select customer_ids.customer_id from customer_ids) as customer_found,
        interactions.product_id in (select product_ids.product_id from product_ids) as product_found
    from interactions

)

select *
from checked
where
    has_known_customer != customer_found
    or has_known_product != product_found
