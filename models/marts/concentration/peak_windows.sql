{#- Peak windows: the smallest set of weekday x hour cells that together hold
    at least var concentration_peak_window_percent % of all interactions,
    busiest first (ties by weekday, then hour), with running totals. -#}
{%- set peak_percent = number_var('concentration_peak_window_percent', 1, 100) -%}

with

buckets as (

    select * from {{ ref('interactions_by_time_bucket') }}

),

cells as (

    select
        bucket_label,
        bucket_order,
        day_of_week_number,
        day_of_week_name,
        hour_of_day,
        interactions,
        interaction_share
    from buckets
    where time_grain = 'weekday_hour'

),

total as (

    select sum(interactions) as total_interactions from cells

),

running as (

    select
        bucket_label,
        day_of_week_number,
        day_of_week_name,
        hour_of_day,
        interactions,
        interaction_share,
        cast(row_number() over (order by interactions desc, bucket_order asc) as bigint) as window_rank,
        sum(interactions) over (
            order by interactions desc, bucket_order asc
            rows between unbounded preceding and current row
        ) as cumulative_interactions
    from cells

),

with_busier as (

    select
        *,
        -- interactions of the cells ranked before this one
        cumulative_interactions - interactions as busier_cells_interactions
    from running

),

final as (

    select
        with_busier.window_rank,
        with_busier.bucket_label,
        with_busier.day_of_week_number,
        with_busier.day_of_week_name,
        with_busier.hour_of_day,
        with_busier.interactions,
        with_busier.interaction_share,
        -- a sum of bigints is a 128-bit integer: bigint for Parquet and clients
        cast(with_busier.cumulative_interactions as bigint) as cumulative_interactions,
        cast(with_busier.cumulative_interactions as double) / total.total_interactions
            as cumulative_interaction_share
    from with_busier
    cross join total
    -- keep a cell while the busier cells before it hold less than the target
    where with_busier.busier_cells_interactions * 100 < total.total_interactions * {{ peak_percent }}

)

select * from final
