{#- One row per age bracket (var age_brackets, inclusive bounds, plus a row for
    customers below the first bracket), with its share of customers and revenue. -#}
{%- set brackets = var('age_brackets') -%}

with

customers as (

    select * from {{ ref('int_customers_segmented') }}

),

bracket_list as (

    select
        0 as age_bracket_rank,
        '{{ var("age_below_brackets_label") }}' as age_bracket,
        cast(null as integer) as min_age,
        {{ brackets[0].min_age - 1 }} as max_age
    {%- for bracket in brackets %}
    union all
    select
        {{ loop.index }} as age_bracket_rank,
        '{{ bracket.label }}' as age_bracket,
        {{ bracket.min_age }} as min_age,
        {{ bracket.max_age if bracket.max_age is not none else "cast(null as integer)" }} as max_age
    {%- endfor %}

),

totals as (

    select
        count(*) as total_customers,
        cast(sum(purchase_amount_usd) as decimal(38, 2)) as total_revenue_usd
    from customers

),

bracket_totals as (

    select
        age_bracket_rank,
        count(*) as customers,
        cast(sum(purchase_amount_usd) as decimal(38, 2)) as revenue_usd,
        min(age) as youngest_age,
        max(age) as oldest_age
    from customers
    group by age_bracket_rank

),

final as (

    select
        bracket_list.age_bracket_rank,
        bracket_list.age_bracket,
        bracket_list.min_age,
        bracket_list.max_age,
        bracket_totals.youngest_age,
        bracket_totals.oldest_age,
        coalesce(bracket_totals.customers, 0) as customers,
        coalesce(bracket_totals.revenue_usd, 0) as revenue_usd,
        coalesce(bracket_totals.customers, 0) / nullif(totals.total_customers, 0) as customer_share,
        cast(coalesce(bracket_totals.revenue_usd, 0) as double) / nullif(totals.total_revenue_usd, 0) as revenue_share
    from bracket_list
    cross join totals
    left join bracket_totals
        on bracket_list.age_bracket_rank = bracket_totals.age_bracket_rank

)

select * from final
