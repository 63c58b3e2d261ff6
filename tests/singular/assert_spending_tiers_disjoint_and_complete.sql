{#- Spending tiers are what var spending_tier_method says, recomputed here
    from the valid rows of int_customers_validated (a layer below the tier
    models) without the quantile_cont macro or ntile():

    quantile_edges: edge_k is the k/n quantile by linear interpolation
    written out (position h = k/n * (N - 1) among the amounts sorted
    ascending, 0-based; edge = x[floor h] + (h - floor h) *
    (x[floor h + 1] - x[floor h])); a customer's tier is the first k with
    amount <= edge_k, else n.
    ntile: customers sorted by amount, then customer_id, at 0-based position
    p; with q = N div n and r = N mod n, the first r tiers take q + 1
    customers and the others q.

    Checked: every customer of dim_customers has the recomputed tier (and
    every valid customer is in dim_customers), the edges spending_tiers
    publishes equal the recomputed ones, its counts and amount ranges equal
    a recount, and under quantile_edges no amount is in two tiers. One row
    per violation. -#}
{%- set tiers = var('spending_tiers') -%}
{%- set tier_count = tiers | length -%}
{%- set tier_method = var('spending_tier_method') -%}
{#- N div n and N mod n, N = positioned.customer_count -#}
{%- set quotient = "floor(positioned.customer_count * 1.0 / " ~ tier_count ~ ")" -%}
{%- set remainder = "(positioned.customer_count % " ~ tier_count ~ ")" -%}

with

valid_customers as (

    select
        customer_id,
        cast(purchase_amount_usd as double) as amount
    from {{ ref('int_customers_validated') }}
    where reject_reason is null

),

customers as (

    select * from {{ ref('dim_customers') }}

),

tiers as (

    select * from {{ ref('spending_tiers') }}

),

positioned as (

    select
        customer_id,
        amount,
        row_number() over (order by amount asc, customer_id asc) - 1 as sort_position,
        count(*) over () as customer_count
    from valid_customers

),

quantile_positions as (

    {%- for k in range(1, tier_count) %}
    select
        {{ k }} as spending_tier_rank,
        floor({{ k }} * 1.0 / {{ tier_count }} * (max(customer_count) - 1)) as lower_position,
        {{ k }} * 1.0 / {{ tier_count }} * (max(customer_count) - 1)
        - floor({{ k }} * 1.0 / {{ tier_count }} * (max(customer_count) - 1)) as fraction
    from positioned
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

neighbour_amounts as (

    select
        quantile_positions.spending_tier_rank,
        quantile_positions.fraction,
        max(positioned.amount) filter (
            where positioned.sort_position = quantile_positions.lower_position
        ) as lower_amount,
        max(positioned.amount) filter (
            where positioned.sort_position = quantile_positions.lower_position + 1
        ) as upper_amount
    from quantile_positions
    cross join positioned
    group by quantile_positions.spending_tier_rank, quantile_positions.fraction

),

recomputed_quantile_edges as (

    select
        spending_tier_rank,
        lower_amount + fraction * coalesce(upper_amount - lower_amount, 0) as upper_edge
    from neighbour_amounts

),

{%- if tier_method == 'quantile_edges' %}

expected_tiers as (

    -- the first tier whose edge is at least the amount: 1 + the edges below it
    select
        positioned.customer_id,
        positioned.amount,
        positioned.sort_position,
        1 + count(edges.spending_tier_rank) as spending_tier_rank
    from positioned
    left join recomputed_quantile_edges as edges
        on positioned.amount > edges.upper_edge
    group by positioned.customer_id, positioned.amount, positioned.sort_position

),
{%- else %}

expected_tiers as (

    select
        positioned.customer_id,
        positioned.amount,
        positioned.sort_position,
        case
            when positioned.sort_position < {{ remainder }} * ({{ quotient }} + 1)
                then floor(positioned.sort_position * 1.0 / ({{ quotient }} + 1)) + 1
            else
                floor((positioned.sort_position - {{ remainder }} * ({{ quotient }} + 1)) * 1.0 / {{ quotient }})
                + {{ remainder }} + 1
        end as spending_tier_rank
    from positioned

),
{%- endif %}

expected_edges as (

    {%- if tier_method == 'quantile_edges' %}
    select
        spending_tier_rank,
        upper_edge
    from recomputed_quantile_edges
    {%- else %}
    select
        spending_tier_rank,
        max(amount) as upper_edge
    from expected_tiers
    where spending_tier_rank < {{ tier_count }}
    group by spending_tier_rank
    {%- endif %}

),

wrong_tier as (

    select
        'customer ' || coalesce(expected_tiers.customer_id, customers.customer_id)
        || ' (' || coalesce(expected_tiers.amount, customers.purchase_amount_usd) || ') is in tier '
        || coalesce(cast(customers.spending_tier_rank as string), 'none')
        || ', recomputed ' || coalesce(cast(expected_tiers.spending_tier_rank as string), 'none') as problem
    from expected_tiers
    full outer join customers
        on expected_tiers.customer_id = customers.customer_id
    where
        customers.customer_id is null
        or expected_tiers.customer_id is null
        or customers.spending_tier_rank != expected_tiers.spending_tier_rank
        or customers.spending_tier != case customers.spending_tier_rank
            {%- for tier in tiers %}
            when {{ loop.index }} then '{{ tier }}'
            {%- endfor %}
        end

),

wrong_edges as (

    select
        'tier ' || tiers.spending_tier || ' upper edge '
        || coalesce(cast(tiers.upper_edge_inclusive_usd as string), 'null') || ', recomputed '
        || coalesce(cast(expected_edges.upper_edge as string), 'null') as problem
    from tiers
    left join expected_edges
        on tiers.spending_tier_rank = expected_edges.spending_tier_rank
    where
        (tiers.upper_edge_inclusive_usd is null) != (expected_edges.upper_edge is null)
        or abs(tiers.upper_edge_inclusive_usd - expected_edges.upper_edge) > 1e-9

),

recounted as (

    select
        spending_tier_rank,
        count(*) as customers,
        min(amount) as min_amount,
        max(amount) as max_amount
    from expected_tiers
    group by spending_tier_rank

),

wrong_counts as (

    select
        'tier ' || tiers.spending_tier || ' counts ' || tiers.customers || ' customers, recounted '
        || coalesce(recounted.customers, 0) as problem
    from tiers
    left join recounted
        on tiers.spending_tier_rank = recounted.spending_tier_rank
    where
        tiers.customers != coalesce(recounted.customers, 0)
        or tiers.min_purchase_amount_usd != recounted.min_amount
        or tiers.max_purchase_amount_usd != recounted.max_amount
    union all
    select 'spending_tiers has ' || count(*) || ' rows for ' || {{ tier_count }} || ' tiers' as problem
    from tiers
    having count(*) != {{ tier_count }}

),

overlapping_tiers as (

    select
        'tier ' || lower_tier.spending_tier_rank || ' reaches ' || lower_tier.max_amount
        || ', tier ' || higher_tier.spending_tier_rank || ' starts at ' || higher_tier.min_amount as problem
    from recounted as lower_tier
    inner join recounted as higher_tier
        on lower_tier.spending_tier_rank < higher_tier.spending_tier_rank
    where
        lower_tier.max_amount > higher_tier.min_amount
        {%- if tier_method == 'quantile_edges' %}
        -- equal amounts share a tier: ranges do not even touch
        or lower_tier.max_amount = higher_tier.min_amount
        {%- endif %}

)

select * from wrong_tier
union all
select * from wrong_edges
union all
select * from wrong_counts
union all
select * from overlapping_tiers
