{#- Which ages dominate revenue?

    Age brackets (var age_brackets) by revenue: each bracket's customers,
    revenue, share of revenue and of customers, the average purchase, and
    its revenue index (revenue share / customer share: above 1 means the
    bracket spends more per head than the average customer). Empty brackets
    are kept so the full age range shows. Largest revenue first. -#}
with

brackets as (

    select * from {{ ref('age_brackets') }}

),

final as (

    select
        age_bracket,
        customers,
        revenue_usd,
        round(revenue_share, 4) as revenue_share,
        round(customer_share, 4) as customer_share,
        round(revenue_usd / nullif(customers, 0), 2) as average_purchase_usd,
        round(revenue_share / nullif(customer_share, 0), 3) as revenue_index
    from brackets

)

select * from final
order by revenue_usd desc, age_bracket asc
