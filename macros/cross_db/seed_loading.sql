{#- Loading seeds on Spark (dbt-spark's seed macros, overridden through the
    `dispatch` search order for the dbt namespace). Seeds are the committed
    sample (about 10,000 rows per file); data folders are read in place. -#}

{#- dbt-spark loads a seed with one `insert ... values` per batch (default
    10,000 rows), each written as new files whose names carry a random job
    id, so the order of the batches is lost. One batch per seed keeps the
    file order that spark__raw_rows_in_load_order reads back. -#}
{% macro spark__get_batch_size() -%}
    {{ return(1000000) }}
{%- endmacro %}

{#- dbt-spark's session method pastes each value as '<value>': an empty
    cell (None) becomes the text 'None' and a quote or backslash in a value
    breaks or changes it. Here every value is a proper Spark string literal
    (null for an empty cell), cast to the column's type. -#}
{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for column_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(column_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set rows = [] -%}
        {%- for row in chunk -%}
            {%- set cells = [] -%}
            {%- for value in row -%}
                {%- do cells.append('cast(' ~ ('null' if value is none else string_literal(value | string))
                    ~ ' as ' ~ types[loop.index0] ~ ')') -%}
            {%- endfor -%}
            {%- do rows.append('(' ~ cells | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values\n' ~ rows | join(',\n') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{%- endmacro %}
