{#- Spending tiers partition the customers: the amount ranges of consecutive
    tiers do not overlap (the largest amount of tier k is below the smallest
    of every higher tier, so equal amounts share a tier), every customer's
    amount lies within its tier's edges, and the tier counts in
    spending_tiers add up to dim_customers. One row per violation. -#}
with

customers as (

    select * from {{ ref('dim_customers') }}

),

tiers as (

    select * from {{ ref('spending_tiers') }}

),

observed_ranges as (

    select
        spending_tier_rank,
        min(purchase_amount_usd) as min_amount,
        max(purchase_amount_usd) as max_amount
    from customers
    group by spending_tier_rank

),

overlapping_tiers as (

    select
        'tier ' || lower_tier.spending_tier_rank || ' reaches ' || lower_tier.max_amount
        || ', tier ' || higher_tier.spending_tier_rank || ' starts at ' || higher_tier.min_amount as problem
    from observed_ranges as lower_tier
    inner join observed_ranges as higher_tier
        on lower_tier.spending_tier_rank < higher_tier.spending_tier_rank
    where lower_tier.max_amount >= higher_tier.min_amount

),

outside_edges as (

    select
        'customer ' || customers.customer_id || ' (' || customers.purchase_amount_usd
        || ') outside the edges of tier ' || customers.spending_tier as problem
    from customers
    left join tiers
        on customers.spending_tier_rank = tiers.spending_tier_rank
    where
        tiers.spending_tier_rank is null
        or customers.spending_tier != tiers.spending_tier
        or customers.purchase_amount_usd <= tiers.lower_edge_exclusive_usd
        or customers.purchase_amount_usd > tiers.upper_edge_inclusive_usd

),

coverage as (

    select 'spending_tiers counts ' || tier_customers || ' customers, dim_customers has ' || all_customers as problem
    from (
        select
            (select coalesce(sum(customers), 0) from tiers) as tier_customers,
            (select count(*) from customers) as all_customers
    ) as counted
    where tier_customers != all_customers

)

select * from overlapping_tiers
union all
select * from outside_edges
union all
select * from coverage
