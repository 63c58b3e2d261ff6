{#- Every non-empty sales row, parsed, with the first reason (in the
    documented order) its own values give to reject it, or null. Duplicates
    are decided across rows afterwards (int_sales_interactions_repeated, then
    int_sales_interactions_validated).

    The one parse of the raw sales file: a table, so that finding the repeats
    and marking them read parsed columns instead of parsing the file again,
    and no CTE is read twice (DuckDB materialises such a CTE: a 12 GB spill
    at 100M rows). -#}
with

interactions as (

    select * from {{ ref('stg_ecommerce__sales_interactions') }}
    where not is_empty_row

),

checked as (

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

)

select * from checked
