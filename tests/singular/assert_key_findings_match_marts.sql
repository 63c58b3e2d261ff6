{#- Every headline figure in key_findings equals the same figure recomputed
    here from a LOWER layer than the marts key_findings reads: the staging
    views and the intermediate models (int_sales_interactions_validated,
    int_customers_validated, int_products_validated,
    int_customers_segmented, int_interactions_enriched), with formulas
    written independently of the concentration marts. Each figure's
    recomputation is the `check` of its entry in var key_findings
    (dbt_project.yml), read from one of the sets below (macro
    key_findings_checks), so a new figure brings its own check:

    Gini = 2 * sum(i * x_(i)) / (n * T) - (n + 1) / n, amounts ascending,
    i = 1..n (the marts use running sums); top p % share = revenue of the
    ceil(n * p / 100) largest / T; Pareto count = customers whose larger
    predecessors (largest first) hold less than P % of T; HHI = 10,000 *
    sum(m^2) / M^2 (sums, not shares); normalised HHI = (HHI - 10,000 / N) /
    (1 - 1 / N), 0 for N = 1; age brackets from the raw ages and var
    age_brackets; peak cells = cells whose busier predecessors hold less
    than Q % of interactions. The customer figures come from one row per
    distinct purchase amount (amount_positions), not from the customers
    sorted: the c customers of one amount after s smaller ones hold the
    positions s + 1 .. s + c (their i sum to c * s + c * (c + 1) / 2), so
    the test sorts the distinct amounts, not the customers.

    Also fails when key_findings publishes a metric not recomputed here (a
    [column] family with more rows than its check). Counts and amounts must be equal;
    ratios within 1e-9 relative. One row per figure that differs, is
    missing, or is not covered. -#}
{%- set peak_percent = number_var('concentration_peak_window_percent', 1, 100) -%}
{%- set pareto_percent = number_var('concentration_pareto_revenue_percent', 1, 100, whole=true) -%}
{%- set customer_dimensions = var('customer_revenue_segments').items() | list -%}
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

sales_staged as (

    select * from {{ ref('stg_ecommerce__sales_interactions') }}

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

valid_interactions as (

    select
        *,
        extract(year from interacted_at) * 100 + extract(month from interacted_at) as interaction_month,
        user_id in (select valid_customers.customer_id from valid_customers) as has_valid_customer,
        product_id in (select valid_products.product_id from valid_products) as has_valid_product
    from sales_validated
    where reject_reason is null

),

segmented_customers as (

    select * from {{ ref('int_customers_segmented') }}

),

enriched_interactions as (

    select * from {{ ref('int_interactions_enriched') }}

),

customer_totals as (

    select
        count(*) as customer_count,
        cast(sum(purchase_amount_usd) as double) as total_revenue,
        sum(purchase_amount_usd) as exact_total_revenue
    from valid_customers

),

amount_counts as (

    select
        purchase_amount_usd as exact_amount,
        count(*) as customers
    from valid_customers
    group by purchase_amount_usd

),

amount_groups as (

    select
        customer_totals.customer_count,
        customer_totals.total_revenue,
        customer_totals.exact_total_revenue,
        amount_counts.exact_amount,
        cast(amount_counts.exact_amount as double) as amount,
        amount_counts.customers,
        coalesce(sum(amount_counts.customers) over (
            order by amount_counts.exact_amount desc
            rows between unbounded preceding and 1 preceding
        ), 0) as larger_customers,
        coalesce(sum(amount_counts.exact_amount * amount_counts.customers) over (
            order by amount_counts.exact_amount desc
            rows between unbounded preceding and 1 preceding
        ), 0) as larger_customers_revenue
    from amount_counts
    cross join customer_totals

),

amount_positions as (

    select
        *,
        customer_count - larger_customers - customers as smaller_customers,
        {#- The j-th customer of this amount (largest first) has
            larger_customers_revenue + (j - 1) * amount before it: those
            with less than P % of revenue before them are the first
            ceil((P % of revenue - larger_customers_revenue) / amount). #}
        case
            when larger_customers_revenue * 100 >= exact_total_revenue * {{ pareto_percent }} then 0
            {#- a whole number (Spark's ceil of a decimal is a decimal, and
                a decimal divided by a count keeps only 6 decimals there) #}
            else cast(least(
                customers,
                ceil(
                    (exact_total_revenue * {{ pareto_percent }} - larger_customers_revenue * 100)
                    / (exact_amount * 100)
                )
            ) as bigint)
        end as pareto_customers
    from amount_groups

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
        cast(count(*) as double) as measure_value
    from enriched_interactions
    where has_known_product
    group by product_category
    union all
    select
        'product_category_purchases' as concentration_key,
        product_category as segment_value,
        cast(count(*) filter (
            where interaction_type = '{{ var("purchase_interaction_type") }}'
        ) as double) as measure_value
    from enriched_interactions
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
        count(*) as interactions
    from enriched_interactions
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

    {{ key_findings_checks() }}

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
