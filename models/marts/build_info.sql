{#- What this database was built from, one row: the data folder, whether it
    is the committed generated sample, and the period the valid interactions
    cover. The report and the docs site show it on every page, so nobody
    takes the sample's figures for real ones. data_dir and is_sample_data
    come from env vars DBT_DATA_DIR and DBT_IS_SAMPLE_DATA that
    scripts/build.py sets from --data-dir (env vars, as DBT_RAW_FILES: a new
    folder makes dbt parse this model again, not the whole project; unset:
    a plain `dbt build` of the seeds); engine is the dbt adapter that ran
    the models (duckdb, or spark for make build ENGINE=spark, whose marts
    are then copied into the DuckDB file). -#}
{%- set is_sample = env_var('DBT_IS_SAMPLE_DATA', 'true') -%}
{%- if is_sample not in ['true', 'false'] -%}
    {{ exceptions.raise_compiler_error("env var DBT_IS_SAMPLE_DATA must be true or false, not " ~ is_sample) }}
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
        '{{ env_var("DBT_DATA_DIR", "seeds") | replace("'", "''") }}' as data_dir,
        {{ is_sample }} as is_sample_data,
        first_interaction_date,
        last_interaction_date,
        '{{ target.type }}' as engine
    from period

)

select * from final
