with

interactions as (

    select * from {{ ref('int_sales_interactions_validated') }}
    where reject_reason is not null

),

final as (

    select
        source_row_number,
        reject_reason,
        user_id_raw,
        product_id_raw,
        interaction_type_raw,
        interacted_at_raw
    from interactions

)

select * from final
