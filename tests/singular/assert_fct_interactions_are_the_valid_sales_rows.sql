{#- fct_interactions holds exactly the valid rows of
    int_sales_interactions_validated, each once: the same ids both ways and
    the same count. -#}
with

valid_rows as (

    select source_row_number as interaction_id
    from {{ ref('int_sales_interactions_validated') }}
    where reject_reason is null

),

interactions as (

    select interaction_id from {{ ref('fct_interactions') }}

),

missing_from_fact as (

    select
        interaction_id,
        'valid row missing from fct_interactions' as problem
    from valid_rows
    where interaction_id not in (select interactions.interaction_id from interactions)

),

not_a_valid_row as (

    select
        interaction_id,
        'fct_interactions row that is not a valid row' as problem
    from interactions
    where interaction_id not in (select valid_rows.interaction_id from valid_rows)

),

counts as (

    select
        cast(null as bigint) as interaction_id,
        'row counts differ: ' || valid_count || ' valid rows, ' || fact_count || ' in fct_interactions' as problem
    from (
        select
            (select count(*) from valid_rows) as valid_count,
            (select count(*) from interactions) as fact_count
    ) as counted
    where valid_count != fact_count

)

select * from missing_from_fact
union all
select * from not_a_valid_row
union all
select * from counts
