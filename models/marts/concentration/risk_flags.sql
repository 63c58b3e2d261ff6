{#- Every risk monitor, one row each, with its value, threshold and status,
    so a breach shows in the database and not only in the dbt log. Each
    monitor family has a risk_<monitor> dbt test (severity warn) on this
    table. A monitor breaches when its value is strictly above its
    threshold; 'no_data' when the value cannot be computed (e.g. no
    interaction matches the catalog). Thresholds are vars (dbt_project.yml).
    An even spread over a dimension's segments is never a breach, whatever
    their number N: the segment HHI monitor judges the normalised HHI, and
    the largest-segment threshold is never below an even share, 1 / N. A
    monitor on a key_findings figure describes it as var key_findings does
    (macro key_finding_description). -#}
{%- set hhi_limit = number_var('risk_normalized_hhi_highly_concentrated', 0, 10000) -%}
{%- set segment_share_limit = number_var('risk_max_segment_share', 0, 1) -%}
{%- set top_percent = number_var('risk_top_customers_percent', 0, 100, whole=true) -%}
{%- set top_share_limit = number_var('risk_top_customers_revenue_share', 0, 1) -%}
{%- set customer_share_limit = number_var('risk_max_customer_revenue_share', 0, 1) -%}
{%- set cell_share_limit = number_var('risk_max_weekday_hour_cell_share', 0, 1) -%}

with

segments as (

    select * from {{ ref('segment_concentration') }}

),

customers as (

    select * from {{ ref('customer_concentration') }}

),

pareto as (

    select * from {{ ref('pareto_curve') }}

),

time_grains as (

    select * from {{ ref('time_concentration') }}

),

monitors as (

    select
        'segment_normalized_hhi' as risk_monitor,
        concentration_key as subject,
        'Concentration of ' || measure || ' by ' || replace(segment_dimension, '_', ' ') as monitor_name,
        'When a few ' || replace(segment_dimension, '_', ' ') || ' segments hold most of the ' || measure
        || ', trouble in one of them (demand, stock, a supplier) moves the whole business.' as why_it_matters,
        'normalized_hhi_' || concentration_key as metric,
        normalized_hhi as metric_value,
        'risk_normalized_hhi_highly_concentrated' as threshold_var,
        cast({{ hhi_limit }} as double) as threshold,
        case
            when segments = 0
                then
                    'Normalised HHI (0 = even, 10,000 = one segment) of ' || measure || ' across '
                    || segment_dimension || ' segments: no ' || measure || ' to share out ('
                    || cast(cast(excluded_measure_value as bigint) as string) || ' left out as unknown).'
            when segments = 1
                then
                    'Normalised HHI of ' || measure || ' across ' || segment_dimension
                    || ' segments: a single segment (' || top_segment || '), 0 by definition.'
            else
                'Normalised HHI (0 = even, 10,000 = one segment) of ' || measure || ' across '
                || cast(segments as string) || ' ' || segment_dimension || ' segments: (HHI '
                || cast(round(hhi, 1) as string) || ' - ' || cast(round(even_spread_hhi, 1) as string)
                || ' for an even spread) / (1 - 1/' || cast(segments as string) || ').'
        end as description
    from segments
    union all
    select
        'segment_top_share' as risk_monitor,
        concentration_key as subject,
        'Share of ' || measure || ' in the largest ' || replace(segment_dimension, '_', ' ') as monitor_name,
        'If one ' || replace(segment_dimension, '_', ' ') || ' carries most of the ' || measure
        || ', losing it would cost a large part of the total.' as why_it_matters,
        'top_' || concentration_key || '_share' as metric,
        top_segment_share as metric_value,
        'risk_max_segment_share' as threshold_var,
        -- never below an even share (1 / N): the largest of two equal
        -- segments holds half, which is not dominance
        greatest(cast({{ segment_share_limit }} as double), 1.0 / nullif(segments, 0)) as threshold,
        case
            when segments = 0
                then
                    'Share (0-1) of ' || measure || ' in the largest ' || segment_dimension
                    || ' segment: no ' || measure || ' to share out ('
                    || cast(cast(excluded_measure_value as bigint) as string) || ' left out as unknown).'
            else {{ key_finding_description('top_[concentration_key]_share') }}
        end as description
    from segments
    union all
    select
        'top_customers_revenue_share' as risk_monitor,
        'customers' as subject,
        'Revenue from the top {{ top_percent }} % of customers' as monitor_name,
        'Revenue that rests on a small group of customers is at risk when a few of them leave '
        || 'or spend less.' as why_it_matters,
        'top_{{ top_percent }}pct_customers_revenue_share' as metric,
        cumulative_revenue_share as metric_value,
        'risk_top_customers_revenue_share' as threshold_var,
        cast({{ top_share_limit }} as double) as threshold,
        {{ key_finding_description('top_' ~ top_percent ~ 'pct_customers_revenue_share') }} as description
    from pareto
    where customer_percent = {{ top_percent }}
    union all
    select
        'largest_customer_revenue_share' as risk_monitor,
        'customers' as subject,
        'Revenue from the single largest customer' as monitor_name,
        'One customer leaving, or not paying, should not take a large part of revenue with it.'
            as why_it_matters,
        'largest_customer_revenue_share' as metric,
        largest_customer_revenue_share as metric_value,
        'risk_max_customer_revenue_share' as threshold_var,
        cast({{ customer_share_limit }} as double) as threshold,
        {{ key_finding_description('largest_customer_revenue_share') }} as description
    from customers
    union all
    select
        'weekday_hour_cell_share' as risk_monitor,
        'interactions' as subject,
        'Activity in the busiest hour of the week' as monitor_name,
        'Activity packed into one weekday hour strains systems and staff then, and an outage '
        || 'at that hour costs the most.' as why_it_matters,
        'busiest_weekday_hour_interaction_share' as metric,
        busiest_bucket_share as metric_value,
        'risk_max_weekday_hour_cell_share' as threshold_var,
        cast({{ cell_share_limit }} as double) as threshold,
        'Share (0-1) of all interactions in the busiest weekday x hour cell ('
        || busiest_bucket || ').' as description
    from time_grains
    where time_grain = 'weekday_hour'

),

final as (

    select
        risk_monitor || ':' || subject as monitor_key,
        risk_monitor,
        subject,
        monitor_name,
        why_it_matters,
        metric,
        metric_value,
        threshold_var,
        threshold,
        '>' as comparison,
        case
            when metric_value is null then 'no_data'
            when metric_value > threshold then 'breach'
            else 'ok'
        end as status,
        description
    from monitors

)

select * from final
