{#- The headline figures, one row per metric: counts, revenue, tier and
    bracket sizes, and the interaction window. Metric names are stable: the
    reference check and the report read them. Each branch names its unit
    (count, usd, share, month, index) so clients can format the value. -#}
{%- set tiers = var('spending_tiers') -%}
{%- set top_tier = tiers[-1] | lower -%}
{%- set brackets = var('age_brackets') -%}
{%- set top_percents = whole_number_list_var('concentration_top_customer_percents', 0, 100) -%}
{%- set pareto_percent = number_var('concentration_pareto_revenue_percent', 1, 100, whole=true) -%}
{%- set peak_percent = number_var('concentration_peak_window_percent', 1, 100) -%}

-- Union branches take their column names from the first branch.
-- noqa: disable=AL03
with

accounting as (

    select * from {{ ref('row_accounting') }}

),

reason_counts as (

    select * from {{ ref('reject_reason_counts') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

products as (

    select * from {{ ref('dim_products') }}

),

interactions as (

    select * from {{ ref('fct_interactions') }}

),

tiers as (

    select * from {{ ref('spending_tiers') }}

),

brackets as (

    select * from {{ ref('age_brackets') }}

),

customer_concentration as (

    select * from {{ ref('customer_concentration') }}

),

pareto_points as (

    select * from {{ ref('pareto_curve') }}

),

segment_concentration as (

    select * from {{ ref('segment_concentration') }}

),

time_concentration as (

    select * from {{ ref('time_concentration') }}

),

peak_windows as (

    select * from {{ ref('peak_windows') }}

),

sales_accounting as (

    select * from accounting
    where source = 'sales_data'

),

findings as (

    select
        'raw_sales_rows' as metric,
        raw_rows as value,
        'count' as unit,
        'Data rows in the raw sales file (header excluded).' as description
    from sales_accounting
    union all
    select
        'empty_sales_rows',
        empty_rows,
        'count',
        'Fully empty rows in the raw sales file, dropped in staging.'
    from sales_accounting
    union all
    select
        'rejected_sales_rows',
        rejected_rows,
        'count',
        'Non-empty sales rows rejected for any reason (see reject_reason_counts).'
    from sales_accounting
    union all
    select
        'missing_interaction_type_rows',
        rejected_rows,
        'count',
        'Sales rows rejected because Interaction type is empty.'
    from reason_counts
    where source = 'sales_data' and reject_reason = 'missing_interaction_type'
    union all
    select
        'valid_interactions',
        count(*),
        'count',
        'Valid interactions in fct_interactions.'
    from interactions
    {%- for interaction_type in var('valid_interaction_types') %}
    union all
    select
        '{{ interaction_type }}_interactions',
        count(*) filter (where interaction_type = '{{ interaction_type }}'),
        'count',
        'Valid interactions of type {{ interaction_type }}.'
    from interactions
    {%- endfor %}
    union all
    select
        'interactions_with_unknown_customer',
        count(*) filter (where not has_known_customer),
        'count',
        'Valid interactions whose user id matches no customer (kept, flagged).'
    from interactions
    union all
    select
        'interactions_with_unknown_product',
        count(*) filter (where not has_known_product),
        'count',
        'Valid interactions whose product id matches no catalog product (kept, flagged).'
    from interactions
    union all
    select
        'first_interaction_month',
        min(interaction_year_month),
        'month',
        'Month (yyyymm) of the first valid interaction.'
    from interactions
    union all
    select
        'last_interaction_month',
        max(interaction_year_month),
        'month',
        'Month (yyyymm) of the last valid interaction.'
    from interactions
    union all
    select
        'customers',
        count(*),
        'count',
        'Valid customers in dim_customers.'
    from customers
    union all
    select
        'products',
        count(*),
        'count',
        'Valid catalog products in dim_products.'
    from products
    union all
    select
        'total_revenue_usd',
        sum(purchase_amount_usd),
        'usd',
        'Sum of Purchase Amount (USD) over valid customers.'
    from customers
    union all
    select
        'subscribers',
        count(*) filter (where is_subscriber),
        'count',
        'Customers whose Subscription Status is Yes.'
    from customers
    union all
    select
        '{{ top_tier }}_min_purchase_usd',
        min_purchase_amount_usd,
        'usd',
        'Smallest purchase amount in the top spending tier ({{ tiers[-1] }}).'
    from tiers
    where spending_tier_rank = {{ tiers | length }}
    union all
    select
        '{{ top_tier }}_max_purchase_usd',
        max_purchase_amount_usd,
        'usd',
        'Largest purchase amount in the top spending tier ({{ tiers[-1] }}).'
    from tiers
    where spending_tier_rank = {{ tiers | length }}
    union all
    select
        '{{ top_tier }}_revenue_share',
        revenue_share,
        'share',
        'Share (0-1) of total revenue from the top spending tier ({{ tiers[-1] }}).'
    from tiers
    where spending_tier_rank = {{ tiers | length }}
    {%- for tier in tiers %}
    union all
    select
        'tier_{{ tier | lower }}_customers',
        customers,
        'count',
        'Customers in the {{ tier }} spending tier.'
    from tiers
    where spending_tier_rank = {{ loop.index }}
    {%- endfor %}
    {%- for bracket in brackets %}
    union all
    select
        'customers_age_{{ bracket.key }}',
        customers,
        'count',
        'Customers aged {{ bracket.label }} (inclusive).'
    from brackets
    where age_bracket_rank = {{ loop.index }}
    {%- endfor %}
    union all
    select
        'gini_purchase_amount',
        gini_purchase_amount,
        'index',
        'Gini coefficient (0-1) of customer purchase amounts (0 = everyone spends the same).'
    from customer_concentration
    {%- for percent in top_percents %}
    union all
    select
        'top_{{ percent }}pct_customers_revenue_share',
        cumulative_revenue_share,
        'share',
        'Share (0-1) of revenue from the top {{ percent }} % of customers (the '
        || cast(customers as string) || ' largest).'
    from pareto_points
    where customer_percent = {{ percent }}
    {%- endfor %}
    union all
    select
        'customers_for_{{ pareto_percent }}pct_revenue',
        customers_for_pareto_revenue,
        'count',
        'Fewest customers, largest first, that make {{ pareto_percent }} % of revenue.'
    from customer_concentration
    union all
    select
        'customers_for_{{ pareto_percent }}pct_revenue_share',
        customers_for_pareto_revenue_share,
        'share',
        'Those customers as a share (0-1) of all customers.'
    from customer_concentration
    union all
    select
        'hhi_customer_revenue',
        hhi_customer_revenue,
        'index',
        'HHI (x 10,000) of customer revenue shares.'
    from customer_concentration
    union all
    select
        'largest_customer_revenue_share',
        largest_customer_revenue_share,
        'share',
        'Share (0-1) of revenue from the single largest customer.'
    from customer_concentration
    union all
    select
        'hhi_' || concentration_key,
        hhi,
        'index',
        'HHI (x 10,000) of ' || measure || ' across ' || cast(segments as string) || ' '
        || segment_dimension || ' segments.'
    from segment_concentration
    where hhi is not null
    union all
    select
        'normalized_hhi_' || concentration_key,
        normalized_hhi,
        'index',
        'Normalised HHI (0 = even spread, 10,000 = one segment) of ' || measure || ' across '
        || cast(segments as string) || ' ' || segment_dimension || ' segments.'
    from segment_concentration
    where normalized_hhi is not null
    union all
    select
        'top_' || concentration_key || '_share',
        top_segment_share,
        'share',
        'Share (0-1) of ' || measure || ' in the largest ' || segment_dimension || ' segment ('
        || top_segment || ').'
    from segment_concentration
    where top_segment_share is not null
    union all
    select
        'busiest_' || time_grain || '_interaction_share',
        busiest_bucket_share,
        'share',
        'Share (0-1) of valid interactions in the busiest ' || time_grain || ' (' || busiest_bucket || ').'
    from time_concentration
    union all
    select
        'peak_window_cells',
        count(*),
        'count',
        'Fewest weekday x hour cells (of 168) holding {{ peak_percent }} % of valid interactions (peak_windows).'
    from peak_windows
    union all
    select
        'peak_window_interaction_share',
        max(cumulative_interaction_share),
        'share',
        'Share (0-1) of valid interactions those peak cells hold.'
    from peak_windows

),

final as (

    select
        metric,
        cast(value as double) as value,
        unit,
        description
    from findings

)

select * from final
