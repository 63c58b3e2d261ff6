{#- Who is VIP, and what do they buy?

    The top spending tier (the last of var spending_tiers, VIP by default;
    `vip` in the column names means that tier) against all
    customers: for each purchased category and item, how many VIP customers
    bought it, what share of VIP revenue it makes, and how much more (or
    less) often VIPs buy it than customers overall (index 1.0 = as often,
    above 1 = over-represented among VIPs). Largest VIP revenue first.
    The tier's size, amount range and revenue share are in spending_tiers. -#}
{%- set top_tier = var('spending_tiers')[-1] -%}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

totals as (

    select
        count(*) as all_customers,
        count(case when spending_tier = '{{ top_tier }}' then 1 end) as vip_customers,
        sum(case when spending_tier = '{{ top_tier }}' then purchase_amount_usd end) as vip_revenue_usd
    from customers

),

by_item as (

    select
        purchase_category,
        item_purchased,
        count(*) as customers,
        count(case when spending_tier = '{{ top_tier }}' then 1 end) as vip_customers,
        sum(case when spending_tier = '{{ top_tier }}' then purchase_amount_usd end) as vip_revenue_usd
    from customers
    group by purchase_category, item_purchased

),

final as (

    select
        '{{ top_tier }}' as top_spending_tier,
        by_item.purchase_category,
        by_item.item_purchased,
        by_item.vip_customers,
        coalesce(by_item.vip_revenue_usd, 0) as vip_revenue_usd,
        round(coalesce(by_item.vip_revenue_usd, 0) / totals.vip_revenue_usd, 4) as share_of_vip_revenue,
        round(
            (1.0 * by_item.vip_customers / totals.vip_customers)
            / (1.0 * by_item.customers / totals.all_customers),
            2
        ) as vip_index
    from by_item
    cross join totals

)

select * from final
order by vip_revenue_usd desc, purchase_category asc, item_purchased asc
