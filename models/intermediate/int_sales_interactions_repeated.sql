{#- One row per interaction (user, product, interaction type and instant,
    after normalisation) that more than one otherwise-valid sales row holds,
    with its first row (file order), which is kept; the later rows are
    rejected as duplicate_row by int_sales_interactions_validated.

    Its own table, not a CTE of the validation model: that model would read
    it and its rows from one CTE, which DuckDB materialises (a 12 GB spill at
    100M rows), and would hold this aggregate's memory while writing its
    rows (out of memory at 100M rows in 1.5 GB; docs/benchmarks.md). A hash
    aggregate over every valid row, not a window, which would sort and carry
    all of them. -#}
with

interactions as (

    select * from {{ ref('stg_ecommerce__sales_interactions') }}
    where not is_empty_row

),

valid_interactions as (

    select
        user_id,
        product_id,
        interaction_type,
        interacted_at,
        source_row_number
    from interactions
    where {{ sales_row_reject_reason() }} is null

),

repeated as (

    select
        user_id,
        product_id,
        interaction_type,
        interacted_at,
        min(source_row_number) as first_source_row_number,
        count(*) as repeated_rows
    from valid_interactions
    group by user_id, product_id, interaction_type, interacted_at
    having count(*) > 1

)

select
    user_id,
    product_id,
    interaction_type,
    interacted_at,
    first_source_row_number,
    cast(repeated_rows as bigint) as repeated_rows
from repeated
