{#- One row per spending tier (var spending_tiers), with its edges, the
    amounts it actually holds, and its share of customers and revenue. Under
    var spending_tier_method ntile a tier may start at the amount where the
    previous one ends, so there is no exclusive lower edge (null). -#}
{%- set tiers = var('spending_tiers') -%}
{%- set tier_count = tiers | length -%}
{%- set tier_method = var('spending_tier_method') -%}

with

customers as (

    select * from {{ ref('int_customers_segmented') }}

),

tier_list as (

    {%- for tier in tiers %}
    select
        {{ loop.index }} as spending_tier_rank,
        '{{ tier }}' as spending_tier
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

edges as (

    select
        {%- for k in range(1, tier_count) %}
        max(spending_tier_edge_{{ k }}) as edge_{{ k }},
        {%- endfor %}
        cast(sum(purchase_amount_usd) as decimal(38, 2)) as total_revenue_usd,
        count(*) as total_customers
    from customers

),

tier_totals as (

    select
        spending_tier_rank,
        count(*) as customers,
        cast(sum(purchase_amount_usd) as decimal(38, 2)) as revenue_usd,
        min(purchase_amount_usd) as min_purchase_amount_usd,
        max(purchase_amount_usd) as max_purchase_amount_usd
    from customers
    group by spending_tier_rank

),

final as (

    select
        tier_list.spending_tier_rank,
        tier_list.spending_tier,
        '{{ tier_method }}' as spending_tier_method,
        {%- if tier_method == 'quantile_edges' %}
        case tier_list.spending_tier_rank
            {%- for k in range(2, tier_count + 1) %}
            when {{ k }} then edges.edge_{{ k - 1 }}
            {%- endfor %}
        end as lower_edge_exclusive_usd,
        {%- else %}
        cast(null as double) as lower_edge_exclusive_usd,
        {%- endif %}
        case tier_list.spending_tier_rank
            {%- for k in range(1, tier_count) %}
            when {{ k }} then edges.edge_{{ k }}
            {%- endfor %}
        end as upper_edge_inclusive_usd,
        tier_totals.min_purchase_amount_usd,
        tier_totals.max_purchase_amount_usd,
        coalesce(tier_totals.customers, 0) as customers,
        coalesce(tier_totals.revenue_usd, 0) as revenue_usd,
        coalesce(tier_totals.customers, 0) / nullif(edges.total_customers, 0) as customer_share,
        cast(coalesce(tier_totals.revenue_usd, 0) as double) / nullif(edges.total_revenue_usd, 0) as revenue_share
    from tier_list
    cross join edges
    left join tier_totals
        on tier_list.spending_tier_rank = tier_totals.spending_tier_rank

)

select * from final
