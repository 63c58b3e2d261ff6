{#- Customers and revenue by segment, one row per (dimension, value), with
    each value's share of all customers and of total revenue. Shares sum to 1
    within every dimension. -#}
{%- set dimensions = [
    ('spending_tier', 'spending_tier'),
    ('age_bracket', 'age_bracket'),
    ('subscription_status', "case when is_subscriber then 'Subscriber' else 'Non-subscriber' end"),
    ('purchase_category', 'purchase_category'),
    ('item_purchased', 'item_purchased'),
    ('location', 'location'),
    ('payment_method', 'payment_method'),
    ('shipping_type', 'shipping_type'),
    ('season', 'season'),
] -%}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

segments as (

    {%- for dimension, expression in dimensions %}
    select
        '{{ dimension }}' as segment_dimension,
        coalesce(cast({{ expression }} as string), '(missing)') as segment_value,
        count(*) as customers,
        cast(sum(purchase_amount_usd) as decimal(38, 2)) as revenue_usd
    from customers
    group by 1, 2
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        segments.segment_dimension,
        segments.segment_value,
        segments.customers,
        segments.revenue_usd,
        {#- every dimension's values cover all customers once, so its sums are
            the totals -#}
        segments.customers
        / sum(segments.customers) over (partition by segments.segment_dimension) as customer_share,
        cast(segments.revenue_usd as double)
        / sum(segments.revenue_usd) over (partition by segments.segment_dimension) as revenue_share,
        cast(row_number() over (
            partition by segments.segment_dimension
            order by segments.revenue_usd desc, segments.segment_value asc
        ) as bigint) as revenue_rank
    from segments

)

select * from final
