{#- Every non-empty sales row, with the first reason (in the documented order)
    it cannot be used, or null when it is a valid interaction.

    A duplicate is a row that would be valid and repeats an earlier valid row
    after normalisation (same user, product, interaction type and instant, so
    "Purchase " and "purchase", or one instant in two time-stamp shapes, are the
    same interaction): the first occurrence is kept, later ones are rejected
    (the repeats: int_sales_interactions_repeated). A view: the parsed rows
    are stored once (int_sales_interactions_checked); reading this joins
    them to the few repeats. -#}
with

checked as (

    select * from {{ ref('int_sales_interactions_checked') }}

),

repeated_interactions as (

    select * from {{ ref('int_sales_interactions_repeated') }}

),

validated as (

    select
        checked.source_row_number,
        checked.user_id_raw,
        checked.product_id_raw,
        checked.interaction_type_raw,
        checked.interacted_at_raw,
        checked.user_id,
        checked.product_id,
        checked.interaction_type,
        checked.interacted_at,
        case
            when checked.source_row_number > repeated_interactions.first_source_row_number
                then repeated_interactions.first_source_row_number
        end as duplicate_of_source_row_number,
        case
            when checked.row_reject_reason is not null then checked.row_reject_reason
            when checked.source_row_number > repeated_interactions.first_source_row_number
                then 'duplicate_row'
        end as reject_reason
    from checked
    left join repeated_interactions
        on
            checked.row_reject_reason is null
            and checked.user_id = repeated_interactions.user_id
            and checked.product_id = repeated_interactions.product_id
            and checked.interaction_type = repeated_interactions.interaction_type
            and checked.interacted_at = repeated_interactions.interacted_at

)

select * from validated
