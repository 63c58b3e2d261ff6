{#- When does activity peak?

    The busiest buckets of every time grain in interactions_by_time_bucket:
    the months, weekdays, hours and weekday x hour cells with the most valid
    interactions, each with its share of all interactions and the purchases
    it holds. The top 5 of each grain (ties included), busiest first. -#}
{%- set top_buckets = 5 -%}

with

buckets as (

    select * from {{ ref('interactions_by_time_bucket') }}

),

ranked as (

    select
        time_grain,
        bucket_label,
        interactions,
        purchases,
        interaction_share,
        rank() over (partition by time_grain order by interactions desc) as busiest_rank
    from buckets

),

final as (

    select
        time_grain,
        busiest_rank,
        bucket_label,
        interactions,
        purchases,
        round(interaction_share, 4) as interaction_share
    from ranked
    where busiest_rank <= {{ top_buckets }}

)

select * from final
order by
    case time_grain
        when 'month' then 1
        when 'weekday' then 2
        when 'hour' then 3
        else 4
    end,
    busiest_rank,
    bucket_label
