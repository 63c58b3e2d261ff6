{#- One row per interaction (user, product, interaction type and instant,
    after normalisation) that more than one otherwise-valid sales row holds,
    with its first row (file order), which is kept; the later rows are
    rejected as duplicate_row by int_sales_interactions_validated.

    A hash aggregate over the parsed rows (int_sales_interactions_checked),
    not a window, which would sort and carry every row; its own table, so
    that no query holds this aggregate while it writes every row (at 100M
    rows that ran out of memory). -#}
with

checked as (

    select * from {{ ref('int_sales_interactions_checked') }}

),

repeated as (

    select
        user_id,
        product_id,
        interaction_type,
        interacted_at,
        min(source_row_number) as first_source_row_number,
        count(*) as repeated_rows
    from checked
    where row_reject_reason is null
    group by user_id, product_id, interaction_type, interacted_at
    having count(*) > 1

),

final as (

    select
        user_id,
        product_id,
        interaction_type,
        interacted_at,
        first_source_row_number,
        cast(repeated_rows as bigint) as repeated_rows
    from repeated

)

select * from final
