{#- What this database was built from, one row: the data folder, whether it
    is the committed generated sample, and the period the valid interactions
    cover. The report and the docs site show it on every page, so nobody
    takes the sample's figures for real ones. data_dir and is_sample_data
    are vars that scripts/build.py sets from --data-dir; engine is the dbt
    adapter that ran the models (duckdb, or spark for make build
    ENGINE=spark, whose marts are then copied into the DuckDB file). -#}
{%- set is_sample = var('is_sample_data') -%}
{%- if is_sample not in [true, false] -%}
    {{ exceptions.raise_compiler_error("var is_sample_data must be true or false, not " ~ is_sample) }}
{%- endif -%}

with

interactions as (

    select * from {{ ref('fct_interactions') }}

),

period as (

    select
        min(interaction_date) as first_interaction_date,
        max(interaction_date) as last_interaction_date
    from interactions

),

final as (

    select
        '{{ var("data_dir") | string | replace("'", "''") }}' as data_dir,
        {{ 'true' if is_sample else 'false' }} as is_sample_data,
        first_interaction_date,
        last_interaction_date,
        '{{ target.type }}' as engine
    from period

)

select * from final
