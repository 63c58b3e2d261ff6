{#- Valid customers with their spending tier and age bracket.

    var spending_tier_method chooses how customers are cut into the tiers of
    var spending_tiers (n tiers):

    quantile_edges (default): edges are the k/n quantiles of
    purchase_amount_usd (linear interpolation, as pandas qcut) and the tiers
    are right-closed: tier 1 takes amount <= edge_1, tier k takes
    edge_(k-1) < amount <= edge_k. Every customer with the same amount lands
    in the same tier; tier sizes follow the ties. This reproduces the
    published tiers.

    ntile: ntile(n) over customers ordered by amount, then customer_id:
    tier sizes differ by at most one, and equal amounts may be split across
    two tiers (the lower customer ids in the lower tier). edge_k is then the
    largest amount in tier k. -#}
{%- set tiers = var('spending_tiers') -%}
{%- set tier_count = tiers | length -%}
{%- set tier_method = var('spending_tier_method') -%}
{%- if tier_method not in ['quantile_edges', 'ntile'] -%}
    {{ exceptions.raise_compiler_error(
        "var 'spending_tier_method' must be quantile_edges or ntile, got " ~ (tier_method | tojson)
        ~ " (set it in dbt_project.yml vars or --vars)"
    ) }}
{%- endif -%}
{%- set brackets = var('age_brackets') -%}

with

customers as (

    select * from {{ ref('int_customers_validated') }}
    where reject_reason is null

),
{%- if tier_method == 'quantile_edges' %}

tier_edges as (

    select
        {%- for k in range(1, tier_count) %}
        {{ quantile_cont('cast(purchase_amount_usd as double)', k / tier_count) }} as edge_{{ k }},
        {%- endfor %}
        count(*) as valid_customers  -- ends the list: every edge line keeps its comma
    from customers

),

tiered as (

    select
        customers.*,
        {%- for k in range(1, tier_count) %}
        tier_edges.edge_{{ k }} as spending_tier_edge_{{ k }},
        {%- endfor %}
        case
            {%- for k in range(1, tier_count) %}
            when customers.purchase_amount_usd <= tier_edges.edge_{{ k }} then {{ k }}
            {%- endfor %}
            else {{ tier_count }}
        end as spending_tier_rank
    from customers
    cross join tier_edges

),
{%- else %}

ranked as (

    select
        *,
        ntile({{ tier_count }}) over (order by purchase_amount_usd asc, customer_id asc) as spending_tier_rank
    from customers

),

tier_edges as (

    select
        {%- for k in range(1, tier_count) %}
        cast(max(purchase_amount_usd) filter (where spending_tier_rank = {{ k }}) as double) as edge_{{ k }},
        {%- endfor %}
        count(*) as valid_customers  -- ends the list: every edge line keeps its comma
    from ranked

),

tiered as (

    select
        ranked.*,
        {%- for k in range(1, tier_count) %}
        tier_edges.edge_{{ k }} as spending_tier_edge_{{ k }}{{ "," if not loop.last }}
        {%- endfor %}
    from ranked
    cross join tier_edges

),
{%- endif %}

segmented as (

    select
        *,
        case spending_tier_rank
            {%- for tier in tiers %}
            when {{ loop.index }} then '{{ tier }}'
            {%- endfor %}
        end as spending_tier,
        case
            when age < {{ brackets[0].min_age }} then '{{ var("age_below_brackets_label") }}'
            {%- for bracket in brackets %}
            {%- if bracket.max_age is not none %}
            when age >= {{ bracket.min_age }} and age <= {{ bracket.max_age }} then '{{ bracket.label }}'
            {%- else %}
            when age >= {{ bracket.min_age }} then '{{ bracket.label }}'
            {%- endif %}
            {%- endfor %}
        end as age_bracket,
        case
            when age < {{ brackets[0].min_age }} then 0
            {%- for bracket in brackets %}
            {%- if bracket.max_age is not none %}
            when age >= {{ bracket.min_age }} and age <= {{ bracket.max_age }} then {{ loop.index }}
            {%- else %}
            when age >= {{ bracket.min_age }} then {{ loop.index }}
            {%- endif %}
            {%- endfor %}
        end as age_bracket_rank
    from tiered

)

select * from segmented
