{#- Every non-empty sales row, with the first reason (in the documented order)
    it cannot be used, or null when it is a valid interaction. -#}
with

interactions as (

    select * from {{ ref('stg_ecommerce__sales_interactions') }}

),

duplicates_ranked as (

    select
        *,
        row_number() over (
            partition by user_id_raw, product_id_raw, interaction_type_raw, interacted_at_raw
            order by source_row_number
        ) as row_occurrence
    from interactions

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
            when user_id_raw is null then 'missing_user_id'
            when user_id is null or user_id < 1 then 'invalid_user_id'
            when product_id_raw is null then 'missing_product_id'
            when interaction_type_raw is null then 'missing_interaction_type'
            when interaction_type not in ({{ sql_string_list(var('valid_interaction_types')) }})
                then 'unknown_interaction_type'
            when interacted_at_raw is null then 'missing_timestamp'
            when interacted_at is null then 'unparseable_timestamp'
            when row_occurrence > 1 then 'duplicate_row'
        end as reject_reason
    from duplicates_ranked

)

select * from validated
