{#- dbt.safe_cast for DuckDB: a cast that gives null instead of an error
    when the value does not convert (dbt's default is a plain cast, which
    stops the whole build on one bad raw value). Found through the
    `dispatch` search order for the dbt namespace in dbt_project.yml, so
    every `dbt.safe_cast` in the project uses it. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
