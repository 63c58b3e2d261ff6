{#- on-run-start hook: make each raw file of DBT_RAW_FILES readable as the
    source raw_files.<name>. Returns no SQL. Engine-specific: dispatched.
    DuckDB reads the files through the source's external_location
    (models/staging/_staging__sources.yml): nothing to do. -#}
{% macro register_raw_files() -%}
    {{ return(adapter.dispatch('register_raw_files', 'ecommerce_concentration')()) }}
{%- endmacro %}

{% macro default__register_raw_files() -%}
{%- endmacro %}

{#- Spark: an external (unmanaged) CSV table per file, on the file where it
    lies (any path Spark reads: a local path, hdfs://, s3a://), every column
    as string and named as DBT_RAW_FILES gives the header (the header line
    is skipped, columns are taken by position), quotes and escapes as
    DuckDB's read_csv (quote and escape '"'), a short row padded with nulls
    (PERMISSIVE), blank lines skipped. A file with quoted line breaks
    (parallel false) is read with multiLine, as one split. Dropping the table
    leaves the file alone. -#}
{% macro spark__register_raw_files() -%}
    {%- if execute and reads_raw_files() -%}
        {#- the source's schema is its name (_staging__sources.yml) -#}
        {%- do run_query('create schema if not exists raw_files') -%}
        {%- for name, raw_file in raw_files_read_in_place().items() -%}
            {%- set relation = api.Relation.create(schema='raw_files', identifier=name) -%}
            {%- set path = sql_literal_strings(raw_file['path'])[0] -%}
            {%- set columns = [] -%}
            {%- for column in sql_literal_strings(raw_file['columns']) -%}
                {%- do columns.append(adapter.quote(column) ~ ' string') -%}
            {%- endfor -%}
            {%- do run_query('drop table if exists ' ~ relation) -%}
            {%- do run_query(
                'create table ' ~ relation ~ ' (' ~ columns | join(', ') ~ ') using csv options ('
                ~ "header 'true', sep ',', quote '\"', escape '\"', encoding 'UTF-8', mode 'PERMISSIVE', "
                ~ "multiLine '" ~ ('false' if raw_file.get('parallel', 'true') == 'true' else 'true') ~ "', "
                ~ 'path ' ~ string_literal(path) ~ ')'
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
