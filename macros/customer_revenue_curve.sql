{#- The body of a cumulative revenue curve over customer_revenue_ranks at
    every whole percent p = 0..100 (lorenz_curve, pareto_curve): the
    rounding(n * p / 100) customers first in `rank_column`'s order, and the
    revenue share they hold (`cumulative_column`, running revenue in that
    order). percent_column names the percent column. -#}
{% macro customer_revenue_curve(percent_column, rounding, rank_column, cumulative_column) -%}
with

ranks as (

    select * from {{ ref('customer_revenue_ranks') }}

),

totals as (

    select
        count(*) as total_customers,
        sum(purchase_amount_usd) as total_revenue_usd
    from ranks

),

percentiles as (

    select cast(generated_number - 1 as integer) as {{ percent_column }}
    from ({{ dbt.generate_series(101) }}) as series

),

points as (

    select
        percentiles.{{ percent_column }},
        cast({{ rounding }}(totals.total_customers * percentiles.{{ percent_column }} / 100.0) as integer)
            as customers,
        totals.total_customers,
        totals.total_revenue_usd
    from percentiles
    cross join totals

),

final as (

    select
        points.{{ percent_column }},
        points.customers,
        cast(points.customers as double) / nullif(points.total_customers, 0) as cumulative_customer_share,
        coalesce(ranks.{{ cumulative_column }}, 0) as cumulative_revenue_usd,
        cast(coalesce(ranks.{{ cumulative_column }}, 0) as double)
        / nullif(points.total_revenue_usd, 0) as cumulative_revenue_share
    from points
    left join ranks
        on points.customers = ranks.{{ rank_column }}

)

select * from final
{%- endmacro %}
