{#- Valid interactions by time bucket at four grains (month, weekday, hour,
    weekday_hour), with counts per interaction type (var valid_interaction_types) and each bucket's share of
    all interactions. Shares sum to 1 within every grain. Only buckets with at
    least one interaction appear. -#}
{%- set grains = [
    ('month', ['interaction_year_month'], "cast(interaction_year_month as string)", 'interaction_year_month'),
    ('weekday', ['day_of_week_number', 'day_of_week_name'], 'day_of_week_name', 'day_of_week_number'),
    ('hour', ['hour_of_day'], "lpad(cast(hour_of_day as string), 2, '0') || 'h'", 'hour_of_day'),
    ('weekday_hour', ['day_of_week_number', 'day_of_week_name', 'hour_of_day'],
        "day_of_week_name || ' ' || lpad(cast(hour_of_day as string), 2, '0') || 'h'",
        'day_of_week_number * 100 + hour_of_day'),
] -%}

with

interactions as (

    select * from {{ ref('fct_interactions') }}

),

total as (

    select count(*) as total_interactions from interactions

),

buckets as (

    {%- for grain, columns, label, sort_key in grains %}
    select
        '{{ grain }}' as time_grain,
        {{ label }} as bucket_label,
        {{ sort_key }} as bucket_order,
        {{ "interaction_year_month" if "interaction_year_month" in columns else "cast(null as integer)" }}
            as interaction_year_month,
        {{ "day_of_week_number" if "day_of_week_number" in columns else "cast(null as integer)" }}
            as day_of_week_number,
        {{ "day_of_week_name" if "day_of_week_name" in columns else "cast(null as string)" }}
            as day_of_week_name,
        {{ "hour_of_day" if "hour_of_day" in columns else "cast(null as integer)" }} as hour_of_day,
        {{- interaction_type_counts() }}
        count(*) as interactions
    from interactions
    group by {{ columns | join(', ') }}
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        buckets.time_grain,
        buckets.bucket_label,
        cast(buckets.bucket_order as integer) as bucket_order,
        buckets.interaction_year_month,
        buckets.day_of_week_number,
        buckets.day_of_week_name,
        buckets.hour_of_day,
        buckets.interactions,
        {%- for column in interaction_count_columns() %}
        buckets.{{ column }},
        {%- endfor %}
        buckets.interactions / total.total_interactions as interaction_share
    from buckets
    cross join total

)

select * from final
