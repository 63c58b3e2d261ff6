{#- Valid interactions with time parts and the attributes of their customer
    and product. Left joins: an interaction whose user or product matches
    nothing is kept and flagged, never dropped. -#}
with

interactions as (

    select * from {{ ref('int_sales_interactions_validated') }}
    where reject_reason is null

),

customers as (

    select * from {{ ref('int_customers_segmented') }}

),

products as (

    select * from {{ ref('int_products_validated') }}
    where reject_reason is null

),

with_time_parts as (

    select
        source_row_number as interaction_id,
        user_id as customer_id,
        product_id,
        interaction_type,
        interacted_at,
        cast(interacted_at as date) as interaction_date,
        cast({{ dbt.date_trunc('month', 'interacted_at') }} as date) as interaction_month_start_date,
        cast(extract(year from interacted_at) as integer) as interaction_year,
        cast(extract(month from interacted_at) as integer) as interaction_month,
        cast(extract(year from interacted_at) * 100 + extract(month from interacted_at) as integer)
            as interaction_year_month,
        cast({{ day_of_week_number('interacted_at') }} as integer) as day_of_week_number,
        cast(extract(hour from interacted_at) as integer) as hour_of_day
    from interactions

),

enriched as (

    select
        with_time_parts.*,
        case with_time_parts.day_of_week_number
            when 1 then 'Monday'
            when 2 then 'Tuesday'
            when 3 then 'Wednesday'
            when 4 then 'Thursday'
            when 5 then 'Friday'
            when 6 then 'Saturday'
            when 7 then 'Sunday'
        end as day_of_week_name,
        with_time_parts.interaction_type = '{{ var("purchase_interaction_type") }}' as is_purchase,
        customers.customer_id is not null as has_known_customer,
        products.product_id is not null as has_known_product,
        customers.spending_tier,
        customers.age_bracket,
        customers.is_subscriber,
        case
            when products.product_id is null then '{{ var("unknown_product_category_label") }}'
            else coalesce(products.category_level_1, 'Uncategorised')
        end as product_category,
        products.category_path as product_category_path
    from with_time_parts
    left join customers
        on with_time_parts.customer_id = customers.customer_id
    left join products
        on with_time_parts.product_id = products.product_id

)

select * from enriched
