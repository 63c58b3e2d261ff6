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
