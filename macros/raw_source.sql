{#- The relation a staging model reads its raw file from: the source
    raw_files.<name> (the file read in place) when env var DBT_RAW_FILES
    names the files, as scripts/build.py does, else the seed <name> (a plain
    `dbt seed` / `dbt build` on the committed sample). -#}
{% macro raw_source(name) -%}
    {%- if reads_raw_files() -%}
        {{ source('raw_files', name) }}
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{%- endmacro %}

{#- The raw files a build reads in place, per source: path, column names
    and reader options as SQL text (models/staging/_staging__sources.yml),
    from the JSON in env var DBT_RAW_FILES that scripts/build.py sets from
    the checked data folder; {} (read the seeds: a plain `dbt build`) when
    unset. An env var rather than a dbt var: when it changes, dbt parses
    again only the files that read it, where new --vars mean a full parse of
    the project (what each costs: README, "How big a folder can be"). -#}
{% macro raw_files_read_in_place() -%}
    {{ return(fromjson(env_var('DBT_RAW_FILES', '{}'))) }}
{%- endmacro %}

{#- True when the raw files are read in place (DBT_RAW_FILES names them). -#}
{% macro reads_raw_files() -%}
    {{ return(raw_files_read_in_place() | length > 0) }}
{%- endmacro %}

{#- The column names of raw file `name` as the relation has them:
    DBT_RAW_FILES' columns (header names as read) for a file read in place, the
    loaded seed's columns otherwise; [] when unknown (while parsing, or in a
    unit test). -#}
{% macro raw_column_names(name) -%}
    {%- if reads_raw_files() -%}
        {{ return(sql_literal_strings(raw_files_read_in_place()[name]['columns'])) }}
    {%- endif -%}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(database=ref(name).database, schema=ref(name).schema,
        identifier=ref(name).identifier) -%}
    {{ return([] if relation is none else adapter.get_columns_in_relation(relation) | map(attribute='name') | list) }}
{%- endmacro %}

{#- The texts of the single-quoted SQL string literals in `sql_text`
    ("['a', 'it''s']" gives ['a', "it's"]): DBT_RAW_FILES holds its path and
    column names as DuckDB SQL. -#}
{% macro sql_literal_strings(sql_text) -%}
    {%- set texts = [] -%}
    {%- for quoted in modules.re.findall("'((?:[^']|'')*)'", sql_text) -%}
        {%- do texts.append(quoted | replace("''", "'")) -%}
    {%- endfor -%}
    {{ return(texts) }}
{%- endmacro %}

{#- Where each raw file's rows end up, in raw-file order: its staging view
    (every row), its validation model, its rejected_* mart, the mart of its valid rows, and the
    condition that marks a valid row as flagged (kept with one value
    nulled; none when the file has no such flag). The data-quality marts and
    their tests loop over this one list. -#}
{% macro raw_file_models() -%}
    {{ return({
        'sales_data': {
            'staged': 'stg_ecommerce__sales_interactions',
            'validated': 'int_sales_interactions_validated',
            'rejected': 'rejected_sales_interactions',
            'valid': 'fct_interactions',
            'flagged_when': none,
        },
        'customer_details': {
            'staged': 'stg_ecommerce__customers',
            'validated': 'int_customers_validated',
            'rejected': 'rejected_customers',
            'valid': 'dim_customers',
            'flagged_when': 'flag_reason is not null',
        },
        'product_details': {
            'staged': 'stg_ecommerce__products',
            'validated': 'int_products_validated',
            'rejected': 'rejected_products',
            'valid': 'dim_products',
            'flagged_when': 'has_unparsed_selling_price',
        },
    }) }}
{%- endmacro %}
