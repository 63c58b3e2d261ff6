{#- The per-type interaction count columns of the marts, one per item of var
    valid_interaction_types: <type>s (likes, views, ...), except the type
    named by var purchase_interaction_type, which is always `purchases`. -#}
{% macro interaction_count_column(interaction_type) %}
    {%- if interaction_type == var('purchase_interaction_type') -%}
        {{ return('purchases') }}
    {%- endif -%}
    {{ return(interaction_type ~ 's') }}
{% endmacro %}

{% macro interaction_count_columns() %}
    {%- set columns = [] -%}
    {%- for interaction_type in var('valid_interaction_types') -%}
        {%- do columns.append(interaction_count_column(interaction_type)) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

{#- One select item per item of var valid_interaction_types: its count over
    the grouped rows, as its count column (each followed by a comma). -#}
{% macro interaction_type_counts() %}
    {%- for interaction_type in var('valid_interaction_types') %}
        count(*) filter (where interaction_type = '{{ interaction_type }}')
            as {{ interaction_count_column(interaction_type) }},
    {%- endfor %}
{%- endmacro %}
