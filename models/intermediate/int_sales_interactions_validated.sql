{#- Every non-empty sales row, with the first reason (in the documented order)
    it cannot be used, or null when it is a valid interaction.

    A duplicate is a row that would be valid and repeats an earlier valid row
    after normalisation (same user, product, interaction type and instant, so
    "Purchase " and "purchase", or one instant in two time-stamp shapes, are the
    same interaction): the first occurrence is kept, later ones are rejected
    (the repeats: int_sales_interactions_repeated). -#}
with

interactions as (

    select * from {{ ref('stg_ecommerce__sales_interactions') }}
    where not is_empty_row

),

repeated_interactions as (

    select * from {{ ref('int_sales_interactions_repeated') }}

),

row_checked as (

    select
        *,
        {{ sales_row_reject_reason() }} as row_reject_reason
    from interactions

),

validated as (

    select
        row_checked.source_row_number,
        row_checked.user_id_raw,
        row_checked.product_id_raw,
        row_checked.interaction_type_raw,
        row_checked.interacted_at_raw,
        row_checked.user_id,
        row_checked.product_id,
        row_checked.interaction_type,
        row_checked.interacted_at,
        case
            when row_checked.source_row_number > repeated_interactions.first_source_row_number
                then repeated_interactions.first_source_row_number
        end as duplicate_of_source_row_number,
        case
            when row_checked.row_reject_reason is not null then row_checked.row_reject_reason
            when row_checked.source_row_number > repeated_interactions.first_source_row_number
                then 'duplicate_row'
        end as reject_reason
    from row_checked
    left join repeated_interactions
        on
            row_checked.row_reject_reason is null
            and row_checked.user_id = repeated_interactions.user_id
            and row_checked.product_id = repeated_interactions.product_id
            and row_checked.interaction_type = repeated_interactions.interaction_type
            and row_checked.interacted_at = repeated_interactions.interacted_at

)

select * from validated
