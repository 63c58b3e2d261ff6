{#- Documentation problems of the project's models and seeds, as a list of
    (node name, column name, problem) tuples, for the singular test
    assert_yaml_documents_every_column. Checks the nodes upstream of
    `start_node_ids` (a breadth-first walk of graph.nodes; the list grows
    while it is walked) against their built relations: a node without a
    description, a built column the YAML does not document, a documented
    column the relation does not have, a column with an empty description.
    A project model or seed that is not upstream is reported as such (seeds
    only when they are loaded, i.e. not when DBT_RAW_FILES is set). Only
    meaningful at execution time (returns [] while parsing). -#}
{% macro documentation_problems(start_node_ids) %}
    {%- set problems = [] -%}
    {%- if not execute -%}
        {{ return(problems) }}
    {%- endif -%}
    {%- set upstream = start_node_ids | list -%}
    {%- for node_id in upstream -%}
        {%- for parent_id in graph.nodes[node_id].depends_on.nodes if parent_id in graph.nodes -%}
            {%- if parent_id not in upstream -%}
                {%- do upstream.append(parent_id) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- A build that reads the raw files in place loads no seed: the seeds'
        YAML is checked by the builds that load them (plain dbt build). -#}
    {%- set checked_types = ('model',) if reads_raw_files() else ('model', 'seed') -%}
    {%- for node in graph.nodes.values()
        if node.resource_type in checked_types and node.package_name == project_name -%}
        {%- if node.unique_id not in upstream -%}
            {%- do problems.append((node.name, '', 'not upstream of the check: add a depends_on line for it')) -%}
        {%- else -%}
            {%- if not node.description | trim -%}
                {%- do problems.append((node.name, '', 'no description')) -%}
            {%- endif -%}
            {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
            {%- set built = [] if relation is none
                else adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
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
    {{ return(problems) }}
{% endmacro %}
