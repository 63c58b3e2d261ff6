{#- Every headline figure in key_findings equals the same figure recomputed
    here from a LOWER layer than the marts key_findings reads: the staging
    views and the intermediate models (int_sales_interactions_validated,
    int_customers_validated, int_products_validated,
    int_customers_segmented, int_interactions_enriched), with formulas
    written independently of the concentration marts:

    Gini = 2 * sum(i * x_(i)) / (n * T) - (n + 1) / n, amounts ascending,
    i = 1..n (the marts use running sums); top p % share = revenue of the
    ceil(n * p / 100) largest / T; Pareto count = customers whose larger
    predecessors (largest first) hold less than P % of T; HHI = 10,000 *
    sum(m^2) / M^2 (sums, not shares); normalised HHI = (HHI - 10,000 / N) /
    (1 - 1 / N), 0 for N = 1; age brackets from the raw ages and var
    age_brackets; peak cells = cells whose busier predecessors hold less
    than Q % of interactions.

    Also fails when key_findings publishes a metric not recomputed here, so
    a new figure cannot go unchecked. Counts and amounts must be equal;
    ratios within 1e-9 relative. One row per figure that differs, is
    missing, or is not covered. -#}
{%- set tiers = var('spending_tiers') -%}
{%- set top_tier = tiers[-1] | lower -%}
{%- set top_percents = whole_number_list_var('concentration_top_customer_percents', 0, 100) -%}
{%- set pareto_percent = number_var('concentration_pareto_revenue_percent', 1, 100, whole=true) -%}
{%- set peak_percent = number_var('concentration_peak_window_percent', 1, 100) -%}
{%- set customer_dimensions = [
    ('category_revenue', 'purchase_category'),
    ('item_revenue', 'item_purchased'),
    ('location_revenue', 'location'),
    ('payment_method_revenue', 'payment_method'),
    ('shipping_type_revenue', 'shipping_type'),
    ('season_revenue', 'season'),
] -%}
{#- the sales figures, each a column of sales_counts -#}
{%- set sales_metrics = ['rejected_sales_rows', 'missing_interaction_type_rows', 'valid_interactions'] -%}
{%- for type in var('valid_interaction_types') %}{% do sales_metrics.append(type ~ '_interactions') %}{% endfor -%}
{%- do sales_metrics.extend([
    'interactions_with_unknown_customer', 'interactions_with_unknown_product',
    'first_interaction_month', 'last_interaction_month',
]) -%}
{%- set time_grains = [
    ('month', 'interaction_year_month'),
    ('weekday', 'day_of_week_number'),
    ('hour', 'hour_of_day'),
    ('weekday_hour', 'day_of_week_number * 100 + hour_of_day'),
] -%}

with

findings as (

    select * from {{ ref('key_findings') }}

),

sales_staged_counts as (

    {#- each large relation is read once, in one aggregate (a CTE read twice
        would be materialised whole, every column of every row) -#}
    select
        count(*) as raw_rows,
        count(case when is_empty_row then 1 end) as empty_rows
    from {{ ref('stg_ecommerce__sales_interactions') }}

),

sales_validated as (

    select * from {{ ref('int_sales_interactions_validated') }}

),

valid_customers as (

    select * from {{ ref('int_customers_validated') }}
    where reject_reason is null

),

valid_products as (

    select * from {{ ref('int_products_validated') }}
    where reject_reason is null

),

segmented_customers as (

    select * from {{ ref('int_customers_segmented') }}

),

enriched_interactions as (

    select * from {{ ref('int_interactions_enriched') }}

),

sales_counts as (

    select
        count(reject_reason) as rejected_sales_rows,
        count(case when reject_reason = 'missing_interaction_type' then 1 end) as missing_interaction_type_rows,
        count(case when reject_reason is null then 1 end) as valid_interactions,
        {%- for interaction_type in var('valid_interaction_types') %}
        count(case when reject_reason is null and interaction_type = '{{ interaction_type }}' then 1 end)
            as {{ interaction_type }}_interactions,
        {%- endfor %}
        count(case
            when
                reject_reason is null
                and user_id not in (select valid_customers.customer_id from valid_customers)
                then 1
        end) as interactions_with_unknown_customer,
        count(case
            when
                reject_reason is null
                and product_id not in (select valid_products.product_id from valid_products)
                then 1
        end) as interactions_with_unknown_product,
        min(case
            when reject_reason is null then extract(year from interacted_at) * 100 + extract(month from interacted_at)
        end) as first_interaction_month,
        max(case
            when reject_reason is null then extract(year from interacted_at) * 100 + extract(month from interacted_at)
        end) as last_interaction_month
    from sales_validated

),

interaction_cells as (

    {#- the valid interactions counted per combination of what the figures
        below group by (a few thousand cells), in one scan -#}
    select
        interaction_year_month,
        day_of_week_number,
        hour_of_day,
        has_known_product,
        product_category,
        interaction_type,
        count(*) as interactions
    from enriched_interactions
    group by
        interaction_year_month,
        day_of_week_number,
        hour_of_day,
        has_known_product,
        product_category,
        interaction_type

),

customer_totals as (

    select
        count(*) as customer_count,
        cast(sum(purchase_amount_usd) as double) as total_revenue
    from valid_customers

),

ascending_amounts as (

    select
        cast(purchase_amount_usd as double) as amount,
        row_number() over (order by purchase_amount_usd asc, customer_id asc) as ascending_position
    from valid_customers

),

largest_first as (

    select
        cast(purchase_amount_usd as double) as amount,
        purchase_amount_usd as exact_amount,
        row_number() over (order by purchase_amount_usd desc, customer_id asc) as revenue_position,
        sum(purchase_amount_usd) over (
            order by purchase_amount_usd desc, customer_id asc
            rows between unbounded preceding and 1 preceding
        ) as larger_customers_revenue
    from valid_customers

),

segment_measures as (

    {%- for key, column in customer_dimensions %}
    select
        '{{ key }}' as concentration_key,
        {{ column }} as segment_value,
        cast(sum(purchase_amount_usd) as double) as measure_value
    from valid_customers
    group by {{ column }}
    union all
    {%- endfor %}
    select
        'product_category_interactions' as concentration_key,
        product_category as segment_value,
        cast(sum(interactions) as double) as measure_value
    from interaction_cells
    where has_known_product
    group by product_category
    union all
    select
        'product_category_purchases' as concentration_key,
        product_category as segment_value,
        cast(coalesce(sum(interactions) filter (where interaction_type = 'purchase'), 0) as double) as measure_value
    from interaction_cells
    where has_known_product
    group by product_category

),

segment_hhi as (

    select
        concentration_key,
        count(*) as segments,
        10000 * sum(measure_value * measure_value) / (sum(measure_value) * sum(measure_value)) as hhi,
        max(measure_value) / sum(measure_value) as top_share
    from segment_measures
    where measure_value > 0
    group by concentration_key

),

time_buckets as (

    {%- for grain, expression in time_grains %}
    select
        '{{ grain }}' as time_grain,
        {{ expression }} as bucket,
        cast(sum(interactions) as bigint) as interactions
    from interaction_cells
    group by {{ expression }}
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

weekday_hour_cells as (

    select
        interactions,
        sum(interactions) over (
            order by interactions desc, bucket asc
            rows between unbounded preceding and 1 preceding
        ) as busier_cells_interactions,
        sum(interactions) over () as total_interactions
    from time_buckets
    where time_grain = 'weekday_hour'

),

peak_cells as (

    select
        interactions,
        total_interactions
    from weekday_hour_cells
    where coalesce(busier_cells_interactions, 0) * 100 < total_interactions * {{ peak_percent }}

),

expected as (

    select
        'raw_sales_rows' as metric,
        cast(raw_rows as double) as expected_value
    from sales_staged_counts
    union all
    select
        'empty_sales_rows' as metric,
        cast(empty_rows as double) as expected_value
    from sales_staged_counts
    {%- for metric in sales_metrics %}
    union all
    select
        '{{ metric }}' as metric,
        cast({{ metric }} as double) as expected_value
    from sales_counts
    {%- endfor %}
    union all
    select
        'customers' as metric,
        cast(count(*) as double) as expected_value
    from valid_customers
    union all
    select
        'products' as metric,
        cast(count(*) as double) as expected_value
    from valid_products
    union all
    select
        'total_revenue_usd' as metric,
        cast(sum(purchase_amount_usd) as double) as expected_value
    from valid_customers
    union all
    select
        'subscribers' as metric,
        cast(count(*) filter (where is_subscriber) as double) as expected_value
    from valid_customers
    union all
    select
        '{{ top_tier }}_min_purchase_usd' as metric,
        cast(min(purchase_amount_usd) as double) as expected_value
    from segmented_customers
    where spending_tier_rank = {{ tiers | length }}
    union all
    select
        '{{ top_tier }}_max_purchase_usd' as metric,
        cast(max(purchase_amount_usd) as double) as expected_value
    from segmented_customers
    where spending_tier_rank = {{ tiers | length }}
    union all
    select
        '{{ top_tier }}_revenue_share' as metric,
        cast(sum(purchase_amount_usd) filter (where spending_tier_rank = {{ tiers | length }}) as double)
        / cast(sum(purchase_amount_usd) as double) as expected_value
    from segmented_customers
    {%- for tier in tiers %}
    union all
    select
        'tier_{{ tier | lower }}_customers' as metric,
        cast(count(*) filter (where spending_tier_rank = {{ loop.index }}) as double) as expected_value
    from segmented_customers
    {%- endfor %}
    {%- for bracket in var('age_brackets') %}
    union all
    select
        'customers_age_{{ bracket.key }}' as metric,
        cast(count(*) filter (
            where age >= {{ bracket.min_age }}
            {%- if bracket.max_age is not none %} and age <= {{ bracket.max_age }}{% endif %}
        ) as double) as expected_value
    from valid_customers
    {%- endfor %}
    union all
    select
        'gini_purchase_amount' as metric,
        2 * sum(ascending_amounts.ascending_position * ascending_amounts.amount)
        / (max(customer_totals.customer_count) * max(customer_totals.total_revenue))
        - (max(customer_totals.customer_count) + 1.0) / max(customer_totals.customer_count) as expected_value
    from ascending_amounts
    cross join customer_totals
    {%- for percent in top_percents %}
    union all
    select
        'top_{{ percent }}pct_customers_revenue_share' as metric,
        coalesce(sum(largest_first.amount) filter (
            where largest_first.revenue_position <= ceil(customer_totals.customer_count * {{ percent }} / 100.0)
        ), 0) / max(customer_totals.total_revenue) as expected_value
    from largest_first
    cross join customer_totals
    {%- endfor %}
    union all
    select
        'customers_for_{{ pareto_percent }}pct_revenue' as metric,
        cast(count(*) as double) as expected_value
    from largest_first
    where
        coalesce(larger_customers_revenue, 0) * 100
        < (select sum(valid_customers.purchase_amount_usd) from valid_customers) * {{ pareto_percent }}
    union all
    select
        'customers_for_{{ pareto_percent }}pct_revenue_share' as metric,
        cast(count(*) as double) / max(customer_totals.customer_count) as expected_value
    from largest_first
    cross join customer_totals
    where
        coalesce(largest_first.larger_customers_revenue, 0) * 100
        < (select sum(valid_customers.purchase_amount_usd) from valid_customers) * {{ pareto_percent }}
    union all
    select
        'hhi_customer_revenue' as metric,
        10000 * sum(largest_first.amount * largest_first.amount)
        / (max(customer_totals.total_revenue) * max(customer_totals.total_revenue)) as expected_value
    from largest_first
    cross join customer_totals
    union all
    select
        'largest_customer_revenue_share' as metric,
        max(largest_first.amount) / max(customer_totals.total_revenue) as expected_value
    from largest_first
    cross join customer_totals
    union all
    select
        'hhi_' || concentration_key as metric,
        hhi as expected_value
    from segment_hhi
    union all
    select
        'normalized_hhi_' || concentration_key as metric,
        case
            when segments = 1 then 0
            else (hhi - 10000.0 / segments) / (1 - 1.0 / segments)
        end as expected_value
    from segment_hhi
    union all
    select
        'top_' || concentration_key || '_share' as metric,
        top_share as expected_value
    from segment_hhi
    union all
    select
        'busiest_' || time_grain || '_interaction_share' as metric,
        cast(max(interactions) as double) / sum(interactions) as expected_value
    from time_buckets
    group by time_grain
    union all
    select
        'peak_window_cells' as metric,
        cast(count(*) as double) as expected_value
    from peak_cells
    union all
    select
        'peak_window_interaction_share' as metric,
        cast(sum(interactions) as double) / max(total_interactions) as expected_value
    from peak_cells

),

compared as (

    select
        coalesce(expected.metric, findings.metric) as metric,
        expected.expected_value,
        findings.value as reported_value,
        case
            when findings.metric is null then 'missing from key_findings'
            when expected.metric is null then 'published but not recomputed by this test'
            when findings.value is null or expected.expected_value is null then 'null value'
            else 'differs'
        end as problem
    from expected
    full outer join findings
        on expected.metric = findings.metric

)

select *
from compared
where
    problem != 'differs'
    or abs(reported_value - expected_value) > 1e-9 * greatest(1, abs(expected_value))
