{#- How concentrated interactions are in time: one row per grain of
    interactions_by_time_bucket (month, weekday, hour, weekday_hour), with
    the busiest bucket, its share and the HHI. Formulas in
    _concentration__models.yml. -#}
with

buckets as (

    select * from {{ ref('interactions_by_time_bucket') }}

),

month_indexes as (

    -- months counted from year 0, so consecutive months differ by 1
    select floor(interaction_year_month / 100.0) * 12 + interaction_year_month % 100 as month_index
    from buckets
    where time_grain = 'month'

),

month_span as (

    -- months from the first to the last active month, both included
    select max(month_index) - min(month_index) + 1 as months
    from month_indexes

),

ranked as (

    select
        time_grain,
        bucket_label,
        interactions,
        interaction_share,
        row_number() over (
            partition by time_grain
            order by interactions desc, bucket_order asc
        ) as interaction_rank
    from buckets

),

summary as (

    select
        time_grain,
        count(*) as active_buckets,
        sum(interactions) as total_interactions,
        10000 * sum(interaction_share * interaction_share) as hhi,
        max(bucket_label) filter (where interaction_rank = 1) as busiest_bucket,
        max(interactions) filter (where interaction_rank = 1) as busiest_bucket_interactions,
        max(interaction_share) filter (where interaction_rank = 1) as busiest_bucket_share
    from ranked
    group by time_grain

),

final as (

    select
        summary.time_grain,
        cast(
            case summary.time_grain
                when 'month' then month_span.months
                when 'weekday' then 7
                when 'hour' then 24
                when 'weekday_hour' then 7 * 24
            end as integer
        ) as possible_buckets,
        summary.active_buckets,
        -- a sum of bigints is a 128-bit integer: bigint for Parquet and clients
        cast(summary.total_interactions as bigint) as total_interactions,
        summary.busiest_bucket,
        summary.busiest_bucket_interactions,
        summary.busiest_bucket_share,
        summary.hhi
    from summary
    cross join month_span

)

select * from final
