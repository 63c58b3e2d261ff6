{#- Age brackets partition the customers: every customer's age lies within
    its bracket's inclusive bounds (below the first bracket for the
    "under" row), bracket bounds do not overlap, and the bracket counts add up
    to dim_customers. One row per violation. -#}
with

customers as (

    select * from {{ ref('dim_customers') }}

),

brackets as (

    select * from {{ ref('age_brackets') }}

),

outside_bounds as (

    select
        'customer ' || customers.customer_id || ' aged ' || customers.age
        || ' is outside bracket ' || customers.age_bracket as problem
    from customers
    left join brackets
        on customers.age_bracket_rank = brackets.age_bracket_rank
    where
        brackets.age_bracket_rank is null
        or customers.age_bracket != brackets.age_bracket
        or customers.age < brackets.min_age
        or customers.age > brackets.max_age

),

overlapping_brackets as (

    select 'brackets ' || lower_bracket.age_bracket || ' and ' || higher_bracket.age_bracket || ' overlap' as problem
    from brackets as lower_bracket
    inner join brackets as higher_bracket
        on lower_bracket.age_bracket_rank < higher_bracket.age_bracket_rank
    where
        lower_bracket.max_age is null
        or lower_bracket.max_age >= higher_bracket.min_age

),

coverage as (

    select 'age_brackets counts ' || bracket_customers || ' customers, dim_customers has ' || all_customers as problem
    from (
        select
            (select coalesce(sum(customers), 0) from brackets) as bracket_customers,
            (select count(*) from customers) as all_customers
    ) as counted
    where bracket_customers != all_customers

)

select * from outside_bounds
union all
select * from overlapping_brackets
union all
select * from coverage
