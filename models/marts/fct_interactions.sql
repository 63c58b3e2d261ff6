with

interactions as (

    select * from {{ ref('int_interactions_enriched') }}

),

final as (

    select
        interaction_id,
        customer_id,
        product_id,
        interaction_type,
        is_purchase,
        interacted_at,
        interaction_date,
        interaction_month_start_date,
        interaction_year,
        interaction_month,
        interaction_year_month,
        day_of_week_number,
        day_of_week_name,
        hour_of_day,
        has_known_customer,
        has_known_product,
        spending_tier,
        age_bracket,
        is_subscriber,
        product_category,
        product_category_path
    from interactions

)

select * from final
