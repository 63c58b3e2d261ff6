{#- dbt.safe_cast: a cast that gives null instead of an error when the
    value does not convert (dbt's default is a plain cast, which stops the
    whole build on one bad raw value). Found through the `dispatch` search
    order for the dbt namespace in dbt_project.yml, so every `dbt.safe_cast`
    in the project uses it. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{#- Spark 3.4+ has try_cast too (with spark.sql.ansi.enabled off, which
    dbt-spark forces, a plain cast is also null on failure; try_cast says so
    whatever the setting). -#}
{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
