{#- How concentrated revenue or activity is across the segments of one
    dimension: one row per (dimension, measure), with the segment count, the
    HHI, the HHI normalised for the segment count (so that an even spread is
    0 whatever the count) and the largest segment. Customer-file dimensions
    measure revenue; the catalog's top-level product category measures
    interactions and purchases over products found in the catalog
    (interactions with an unknown product are counted in
    excluded_measure_value, not as a segment).
    Formulas in _concentration__models.yml. -#}
{%- set customer_dimensions = var('customer_revenue_segments').items() | list -%}
{%- set catalog_measures = [
    ('product_category_interactions', 'interactions'),
    ('product_category_purchases', 'purchases'),
] -%}

with

revenue_segments as (

    select * from {{ ref('revenue_by_segment') }}

),

product_categories as (

    select * from {{ ref('interactions_by_product_category') }}

),

segment_measures as (

    {%- for key, dimension in customer_dimensions %}
    select
        '{{ key }}' as concentration_key,
        'customer_details' as segment_source,
        segment_dimension,
        'revenue' as measure,
        segment_value,
        cast(revenue_usd as double) as measure_value,
        cast(0 as double) as excluded_measure_value
    from revenue_segments
    where segment_dimension = '{{ dimension }}'
    union all
    {%- endfor %}
    {%- for key, measure in catalog_measures %}
    select
        '{{ key }}' as concentration_key,
        'product_details' as segment_source,
        'product_category' as segment_dimension,
        '{{ measure }}' as measure,
        product_category as segment_value,
        case when has_known_product then cast({{ measure }} as double) else 0 end as measure_value,
        case when has_known_product then 0 else cast({{ measure }} as double) end as excluded_measure_value
    from product_categories
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

dimension_list as (

    select distinct
        concentration_key,
        segment_source,
        segment_dimension,
        measure
    from segment_measures

),

totals as (

    select
        concentration_key,
        sum(measure_value) as measure_total,
        sum(excluded_measure_value) as excluded_measure_value
    from segment_measures
    group by concentration_key

),

shares as (

    select
        segment_measures.concentration_key,
        segment_measures.segment_value,
        segment_measures.measure_value,
        segment_measures.measure_value / nullif(totals.measure_total, 0) as segment_share,
        cast(row_number() over (
            partition by segment_measures.concentration_key
            order by segment_measures.measure_value desc, segment_measures.segment_value asc
        ) as bigint) as segment_rank
    from segment_measures
    inner join totals
        on segment_measures.concentration_key = totals.concentration_key
    where segment_measures.measure_value > 0

),

summary as (

    select
        concentration_key,
        count(*) as segments,
        10000 * sum(segment_share * segment_share) as hhi,
        max(segment_value) filter (where segment_rank = 1) as top_segment,
        max(measure_value) filter (where segment_rank = 1) as top_segment_measure_value,
        max(segment_share) filter (where segment_rank = 1) as top_segment_share
    from shares
    group by concentration_key

),

final as (

    select
        dimension_list.concentration_key,
        dimension_list.segment_source,
        dimension_list.segment_dimension,
        dimension_list.measure,
        coalesce(summary.segments, 0) as segments,
        totals.measure_total,
        totals.excluded_measure_value,
        summary.hhi,
        cast(10000 as double) / nullif(summary.segments, 0) as even_spread_hhi,
        -- (HHI - 10,000 / N) / (1 - 1 / N): 0 for an even spread, 10,000 for
        -- one segment holding everything; one segment is spread as evenly
        -- as it can be (the formula would divide by zero)
        case
            when summary.segments = 1 then cast(0 as double)
            when summary.segments > 1
                then
                    (summary.hhi - 10000.0 / summary.segments)
                    / (1 - 1.0 / summary.segments)
        end as normalized_hhi,
        summary.top_segment,
        summary.top_segment_measure_value,
        summary.top_segment_share
    from dimension_list
    inner join totals
        on dimension_list.concentration_key = totals.concentration_key
    left join summary
        on dimension_list.concentration_key = summary.concentration_key

)

select * from final
