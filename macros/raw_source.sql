{#- The relation a staging model reads its raw file from: the source
    raw_files.<name> (the file read in place) when the var raw_files names
    the files, as scripts/build.py does, else the seed <name> (a plain
    `dbt seed` / `dbt build` on the committed sample). -#}
{% macro raw_source(name) -%}
    {%- if reads_raw_files() -%}
        {{ source('raw_files', name) }}
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{%- endmacro %}

{#- True when the raw files are read in place (var raw_files is set). -#}
{% macro reads_raw_files() -%}
    {{ return(var('raw_files', {}) | length > 0) }}
{%- endmacro %}

{#- The column names of raw file `name` as the relation has them: var
    raw_files' columns (header names as read) for a file read in place, the
    loaded seed's columns otherwise; [] when unknown (while parsing, or in a
    unit test). -#}
{% macro raw_column_names(name) -%}
    {%- if reads_raw_files() -%}
        {{ return(sql_literal_strings(var('raw_files')[name]['columns'])) }}
    {%- endif -%}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(database=ref(name).database, schema=ref(name).schema,
        identifier=ref(name).identifier) -%}
    {{ return([] if relation is none else adapter.get_columns_in_relation(relation) | map(attribute='name') | list) }}
{%- endmacro %}

{#- The texts of the single-quoted SQL string literals in `sql_text`
    ("['a', 'it''s']" gives ['a', "it's"]): var raw_files holds its path and
    column names as DuckDB SQL. -#}
{% macro sql_literal_strings(sql_text) -%}
    {%- set texts = [] -%}
    {%- for quoted in modules.re.findall("'((?:[^']|'')*)'", sql_text) -%}
        {%- do texts.append(quoted | replace("''", "'")) -%}
    {%- endfor -%}
    {{ return(texts) }}
{%- endmacro %}
