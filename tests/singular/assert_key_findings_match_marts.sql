{#- The headline figures in key_findings equal the same figures recomputed
    from the marts they summarise (dim_customers, fct_interactions,
    age_brackets, reject_reason_counts, row_accounting).
    Counts and amounts must be equal; shares within 1e-9. One row per
    figure that differs or is missing. -#}
{%- set tiers = var('spending_tiers') -%}
{%- set top_tier = tiers[-1] | lower -%}

with

findings as (

    select * from {{ ref('key_findings') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

interactions as (

    select * from {{ ref('fct_interactions') }}

),

brackets as (

    select * from {{ ref('age_brackets') }}

),

sales_accounting as (

    select * from {{ ref('row_accounting') }}
    where source = 'sales_data'

),

expected as (

    select
        'raw_sales_rows' as metric,
        cast(raw_rows as double) as expected_value
    from sales_accounting
    union all
    select
        'empty_sales_rows' as metric,
        cast(empty_rows as double) as expected_value
    from sales_accounting
    union all
    select
        'missing_interaction_type_rows' as metric,
        cast(rejected_rows as double) as expected_value
    from {{ ref('reject_reason_counts') }}
    where source = 'sales_data' and reject_reason = 'missing_interaction_type'
    union all
    select
        'valid_interactions' as metric,
        cast(count(*) as double) as expected_value
    from interactions
    union all
    select
        'first_interaction_month' as metric,
        cast(min(interaction_year_month) as double) as expected_value
    from interactions
    union all
    select
        'last_interaction_month' as metric,
        cast(max(interaction_year_month) as double) as expected_value
    from interactions
    union all
    select
        'customers' as metric,
        cast(count(*) as double) as expected_value
    from customers
    union all
    select
        'total_revenue_usd' as metric,
        cast(sum(purchase_amount_usd) as double) as expected_value
    from customers
    union all
    select
        'subscribers' as metric,
        cast(count(*) filter (where is_subscriber) as double) as expected_value
    from customers
    union all
    select
        '{{ top_tier }}_min_purchase_usd' as metric,
        cast(min(purchase_amount_usd) as double) as expected_value
    from customers
    where spending_tier_rank = {{ tiers | length }}
    union all
    select
        '{{ top_tier }}_max_purchase_usd' as metric,
        cast(max(purchase_amount_usd) as double) as expected_value
    from customers
    where spending_tier_rank = {{ tiers | length }}
    union all
    select
        '{{ top_tier }}_revenue_share' as metric,
        cast(sum(purchase_amount_usd) filter (where spending_tier_rank = {{ tiers | length }}) as double)
        / cast(sum(purchase_amount_usd) as double) as expected_value
    from customers
    union all
    select
        'tier_' || lower(spending_tier) || '_customers' as metric,
        cast(count(*) as double) as expected_value
    from customers
    group by spending_tier
    {%- for bracket in var('age_brackets') %}
    union all
    select
        'customers_age_{{ bracket.key }}' as metric,
        cast(customers as double) as expected_value
    from brackets
    where age_bracket_rank = {{ loop.index }}
    {%- endfor %}

),

compared as (

    select
        expected.metric,
        expected.expected_value,
        findings.value as reported_value
    from expected
    left join findings
        on expected.metric = findings.metric

)

select *
from compared
where
    reported_value is null
    or abs(reported_value - expected_value) > 1e-9 * greatest(1, abs(expected_value))
