{#- The Pareto (cumulative share) curve of customer revenue at every whole
    percentile p = 0..100: the revenue share of the top p % of customers, that
    is the ceil(n * p / 100) largest (amount descending, ties by customer_id).
    The top_<p>pct_customers_revenue_share findings are rows of this table. -#}
with

ranks as (

    select * from {{ ref('customer_revenue_ranks') }}

),

totals as (

    select
        count(*) as total_customers,
        cast(sum(purchase_amount_usd) as decimal(38, 2)) as total_revenue_usd
    from ranks

),

percentiles as (

    select cast(generated_number - 1 as integer) as customer_percent
    from ({{ dbt.generate_series(101) }}) as series

),

points as (

    select
        percentiles.customer_percent,
        cast(ceil(totals.total_customers * percentiles.customer_percent / 100.0) as integer) as customers,
        totals.total_customers,
        totals.total_revenue_usd
    from percentiles
    cross join totals

),

final as (

    select
        points.customer_percent,
        points.customers,
        cast(points.customers as double) / nullif(points.total_customers, 0) as cumulative_customer_share,
        coalesce(ranks.cumulative_revenue_usd, 0) as cumulative_revenue_usd,
        cast(coalesce(ranks.cumulative_revenue_usd, 0) as double)
        / nullif(points.total_revenue_usd, 0) as cumulative_revenue_share
    from points
    left join ranks
        on points.customers = ranks.revenue_rank

)

select * from final
