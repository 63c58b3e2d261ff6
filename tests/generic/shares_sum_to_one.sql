{#- Fails for every group (all rows when group_by is omitted; group_by is one
    column or a list) whose shares in column_name do not sum to 1 within
    tolerance. A group whose shares are all null (its total was zero) is
    skipped: there is nothing to share. -#}
{% test shares_sum_to_one(model, column_name, group_by=none, tolerance=1e-9) %}
{%- set group_columns = [] if group_by is none else ([group_by] if group_by is string else group_by) -%}

with

share_totals as (

    select
        {%- for group_column in group_columns %}
        {{ group_column }},
        {%- endfor %}
        count({{ column_name }}) as non_null_shares,
        sum({{ column_name }}) as share_total
    from {{ model }}
    {%- if group_columns %}
    group by {{ group_columns | join(", ") }}
    {%- endif %}

)

select *
from share_totals
where non_null_shares > 0 and abs(share_total - 1) > {{ tolerance }}

{% endtest %}
