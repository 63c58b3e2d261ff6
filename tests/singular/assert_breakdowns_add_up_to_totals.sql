{#- Every breakdown partitions its whole: within every segment dimension of
    revenue_by_segment, every grain of interactions_by_time_bucket, and over
    spending_tiers, age_brackets and interactions_by_product_category, the
    counts and amounts add up to the totals of dim_customers and
    fct_interactions (the shares summing to 1 are tested on each column).
    One row per breakdown that does not add up. -#}
with

customer_totals as (

    select
        count(*) as customers,
        coalesce(sum(purchase_amount_usd), 0) as revenue_usd
    from {{ ref('dim_customers') }}

),

interaction_totals as (

    select
        count(*) as interactions,
        count(*) filter (where is_purchase) as purchases
    from {{ ref('fct_interactions') }}

),

customer_breakdowns as (

    select
        'revenue_by_segment: ' || segment_dimension as breakdown,
        sum(customers) as customers,
        sum(revenue_usd) as revenue_usd
    from {{ ref('revenue_by_segment') }}
    group by segment_dimension
    union all
    select
        'spending_tiers' as breakdown,
        sum(customers) as customers,
        sum(revenue_usd) as revenue_usd
    from {{ ref('spending_tiers') }}
    union all
    select
        'age_brackets' as breakdown,
        sum(customers) as customers,
        sum(revenue_usd) as revenue_usd
    from {{ ref('age_brackets') }}

),

interaction_breakdowns as (

    select
        'interactions_by_time_bucket: ' || time_grain as breakdown,
        sum(interactions) as interactions,
        sum(purchases) as purchases
    from {{ ref('interactions_by_time_bucket') }}
    group by time_grain
    union all
    select
        'interactions_by_product_category' as breakdown,
        sum(interactions) as interactions,
        sum(purchases) as purchases
    from {{ ref('interactions_by_product_category') }}

),

customer_mismatches as (

    select customer_breakdowns.breakdown
    from customer_breakdowns
    cross join customer_totals
    where
        customer_breakdowns.customers != customer_totals.customers
        or customer_breakdowns.revenue_usd != customer_totals.revenue_usd

),

interaction_mismatches as (

    select interaction_breakdowns.breakdown
    from interaction_breakdowns
    cross join interaction_totals
    where
        interaction_breakdowns.interactions != interaction_totals.interactions
        or interaction_breakdowns.purchases != interaction_totals.purchases

)

select * from customer_mismatches
union all
select * from interaction_mismatches
