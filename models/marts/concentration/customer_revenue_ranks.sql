{#- One row per valid customer, ranked by purchase amount (largest first,
    ties by customer_id), with running totals in both directions: the base of
    customer_concentration, lorenz_curve and pareto_curve. -#}
with

customers as (

    select * from {{ ref('dim_customers') }}

),

totals as (

    select
        count(*) as total_customers,
        cast(sum(purchase_amount_usd) as decimal(38, 2)) as total_revenue_usd
    from customers

),

ranked as (

    select
        customer_id,
        purchase_amount_usd,
        cast(row_number() over (order by purchase_amount_usd desc, customer_id asc) as bigint) as revenue_rank,
        cast(sum(purchase_amount_usd) over (
            order by purchase_amount_usd desc, customer_id asc
            rows between unbounded preceding and current row
        ) as decimal(38, 2)) as cumulative_revenue_usd
    from customers

),

final as (

    select
        ranked.customer_id,
        ranked.purchase_amount_usd,
        ranked.revenue_rank,
        totals.total_customers + 1 - ranked.revenue_rank as ascending_rank,
        cast(ranked.purchase_amount_usd as double) / totals.total_revenue_usd as revenue_share,
        ranked.cumulative_revenue_usd,
        cast(ranked.cumulative_revenue_usd as double) / totals.total_revenue_usd as cumulative_revenue_share,
        ranked.revenue_rank / totals.total_customers as cumulative_customer_share,
        -- the running total from the smallest amount (amount ascending, ties by
        -- customer_id descending: the reverse order), without a second sort
        cast(
            totals.total_revenue_usd - ranked.cumulative_revenue_usd + ranked.purchase_amount_usd
            as decimal(38, 2)
        ) as ascending_cumulative_revenue_usd
    from ranked
    cross join totals

)

select * from final
