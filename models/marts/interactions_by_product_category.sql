{#- Valid interactions and purchases by top-level catalog category. Interactions
    whose product matches no catalog row are kept under the unknown-product
    label. Shares sum to 1 over all categories. -#}
with

interactions as (

    select * from {{ ref('fct_interactions') }}

),

totals as (

    select
        count(*) as total_interactions,
        count(*) filter (where is_purchase) as total_purchases
    from interactions

),

by_category as (

    select
        product_category,
        bool_or(has_known_product) as has_known_product,
        {{- interaction_type_counts() }}
        count(*) as interactions
    from interactions
    group by product_category

),

final as (

    select
        by_category.product_category,
        by_category.has_known_product,
        by_category.interactions,
        {%- for column in interaction_count_columns() %}
        by_category.{{ column }},
        {%- endfor %}
        by_category.interactions / totals.total_interactions as interaction_share,
        by_category.purchases / nullif(totals.total_purchases, 0) as purchase_share,
        cast(
            row_number() over (order by by_category.interactions desc, by_category.product_category asc)
            as bigint
        ) as interaction_rank
    from by_category
    cross join totals

)

select * from final
