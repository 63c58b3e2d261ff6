{#- The YAML never drifts from the SQL: every model and seed upstream of this
    test has a description, and its documented columns are exactly the
    columns of the built relation, each with a description
    (macros/documentation_checks.sql). One row per problem.

    Only nodes upstream of this test are checked, so each is built before the
    check runs; the depends_on lines below name the project's final models.
    A model upstream of none of them is reported: add a line for it. -#}
-- depends_on: {{ ref('key_findings') }}
-- depends_on: {{ ref('risk_flags') }}
-- depends_on: {{ ref('lorenz_curve') }}
-- depends_on: {{ ref('build_info') }}
{%- set problems = documentation_problems(model.depends_on.nodes) %}

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
    cast(null as string) as node_name,
    cast(null as string) as column_name,
    cast(null as string) as problem
where false
{%- endif %}
