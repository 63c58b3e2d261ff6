{#- The YAML never drifts from the SQL: every model and seed upstream of this
    test has a description, and its documented columns are exactly the
    columns of the built relation, each with a description. One row per
    problem (undocumented column, documented column the relation lacks,
    empty description).

    Only nodes upstream of this test are checked, so each is built before the
    check runs; the depends_on lines below name the project's final models.
    A model that is upstream of none of them is reported too: add it here. -#}
-- depends_on: {{ ref('key_findings') }}
-- depends_on: {{ ref('risk_flags') }}
-- depends_on: {{ ref('lorenz_curve') }}
{%- set problems = [] -%}
{%- if execute -%}
    {#- Everything upstream of this test: a breadth-first walk (the list grows
        while it is walked). -#}
    {%- set upstream = model.depends_on.nodes | list -%}
    {%- for node_id in upstream -%}
        {%- for parent_id in graph.nodes[node_id].depends_on.nodes if parent_id in graph.nodes -%}
            {%- if parent_id not in upstream -%}{%- do upstream.append(parent_id) -%}{%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values()
        if node.resource_type in ('model', 'seed') and node.package_name == project_name -%}
        {%- if node.unique_id not in upstream -%}
            {%- do problems.append((node.name, '', 'not upstream of this test: add a depends_on line for it')) -%}
        {%- else -%}
            {%- if not node.description | trim -%}
                {%- do problems.append((node.name, '', 'no description')) -%}
            {%- endif -%}
            {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
            {%- set built = [] if relation is none else adapter.get_columns_in_relation(relation)
                | map(attribute='name') | list -%}
            {%- for column in built if column not in node.columns -%}
                {%- do problems.append((node.name, column, 'column not documented')) -%}
            {%- endfor -%}
            {%- for name, column in node.columns.items() -%}
                {%- if name not in built -%}
                    {%- do problems.append((node.name, name, 'documented column not in the relation')) -%}
                {%- elif not column.description | trim -%}
                    {%- do problems.append((node.name, name, 'column without description')) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

{% if problems -%}
    {%- for node_name, column_name, problem in problems %}
select
    '{{ node_name }}' as node_name,
    '{{ column_name | replace("'", "''") }}' as column_name,
    '{{ problem }}' as problem
{{ "union all" if not loop.last }}
    {%- endfor %}
{%- else -%}
select
    cast(null as varchar) as node_name,
    cast(null as varchar) as column_name,
    cast(null as varchar) as problem
where false
{%- endif %}
