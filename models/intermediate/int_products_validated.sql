{#- Every non-empty catalog row, with the first reason (in the documented
    order) it cannot be used, or null when it is a valid product. A repeated
    Uniqe Id keeps its first row; later rows are rejected. -#}
with

products as (

    select * from {{ ref('stg_ecommerce__products') }}
    where not is_empty_row

),

duplicates_ranked as (

    select
        *,
        row_number() over (
            partition by product_id
            order by source_row_number
        ) as product_id_occurrence
    from products

),

validated as (

    select
        *,
        case
            when product_id_raw is null then 'missing_product_id'
            when product_id_occurrence > 1 then 'duplicate_product_id'
        end as reject_reason
    from duplicates_ranked

)

select * from validated
