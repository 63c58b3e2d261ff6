{#- One row: how concentrated revenue is across customers (Gini, Pareto
    count, HHI, largest customer). The top-p % shares are rows of
    pareto_curve. Formulas in _concentration__models.yml. -#}
{%- set pareto_percent = number_var('concentration_pareto_revenue_percent', 1, 100, whole=true) -%}

with

ranks as (

    select * from {{ ref('customer_revenue_ranks') }}

),

totals as (

    select
        count(*) as customers,
        cast(sum(purchase_amount_usd) as decimal(38, 2)) as total_revenue_usd,
        sum(ascending_cumulative_revenue_usd) as sum_ascending_cumulative_revenue_usd,
        sum(cast(purchase_amount_usd as double) * cast(purchase_amount_usd as double))
            as sum_squared_purchase_amount_usd,
        max(purchase_amount_usd) as largest_purchase_amount_usd
    from ranks

),

pareto as (

    select min(ranks.revenue_rank) as customers_for_pareto_revenue
    from ranks
    cross join totals
    where ranks.cumulative_revenue_usd * 100 >= totals.total_revenue_usd * {{ pareto_percent }}

),

pareto_revenue as (

    select ranks.cumulative_revenue_usd as pareto_customers_revenue_usd
    from ranks
    inner join pareto
        on ranks.revenue_rank = pareto.customers_for_pareto_revenue

),

final as (

    select
        totals.customers,
        totals.total_revenue_usd,
        (
            totals.customers + 1
            - 2 * cast(totals.sum_ascending_cumulative_revenue_usd as double)
            / nullif(totals.total_revenue_usd, 0)
        ) / nullif(totals.customers, 0) as gini_purchase_amount,
        {{ pareto_percent }} as pareto_revenue_percent,
        pareto.customers_for_pareto_revenue,
        cast(pareto.customers_for_pareto_revenue as double) / nullif(totals.customers, 0)
            as customers_for_pareto_revenue_share,
        cast(pareto_revenue.pareto_customers_revenue_usd as double) / nullif(totals.total_revenue_usd, 0)
            as pareto_customers_revenue_share,
        10000 * totals.sum_squared_purchase_amount_usd
        / nullif(cast(totals.total_revenue_usd as double) * cast(totals.total_revenue_usd as double), 0)
            as hhi_customer_revenue,
        cast(totals.largest_purchase_amount_usd as double) / nullif(totals.total_revenue_usd, 0)
            as largest_customer_revenue_share
    from totals
    cross join pareto
    cross join pareto_revenue

)

select * from final
