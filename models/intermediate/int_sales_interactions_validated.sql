{#- Every non-empty sales row, with the first reason (in the documented order)
    it cannot be used, or null when it is a valid interaction.

    A duplicate is a row that would be valid and repeats an earlier valid row
    after normalisation (same user, product, interaction type and instant, so
    "Purchase " and "purchase", or one instant in two time-stamp shapes, are the
    same interaction): the first occurrence is kept, later ones are rejected. -#}
with

interactions as (

    select * from {{ ref('stg_ecommerce__sales_interactions') }}
    where not is_empty_row

),

row_checked as (

    select
        *,
        case
            when user_id_raw is null then 'missing_user_id'
            when user_id is null or user_id < 1 then 'invalid_user_id'
            when product_id_raw is null then 'missing_product_id'
            when interaction_type_raw is null then 'missing_interaction_type'
            when interaction_type not in ({{ sql_string_list(var('valid_interaction_types')) }})
                then 'unknown_interaction_type'
            when interacted_at_raw is null then 'missing_timestamp'
            when interacted_at is null then 'unparseable_timestamp'
        end as row_reject_reason
    from interactions

),

duplicates_ranked as (

    select
        *,
        row_number() over (
            partition by row_reject_reason, user_id, product_id, interaction_type, interacted_at
            order by source_row_number
        ) as row_occurrence
    from row_checked

),

validated as (

    select
        source_row_number,
        user_id_raw,
        product_id_raw,
        interaction_type_raw,
        interacted_at_raw,
        user_id,
        product_id,
        interaction_type,
        interacted_at,
        row_occurrence,
        case
            when row_reject_reason is not null then row_reject_reason
            when row_occurrence > 1 then 'duplicate_row'
        end as reject_reason
    from duplicates_ranked

)

select * from validated
