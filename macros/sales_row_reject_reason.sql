{#- The first reason (var reject_reasons.sales_data order) a staged sales row
    cannot be used on its own values, or null; duplicates are decided across
    rows (int_sales_interactions_repeated). One home for both readers of
    staging: int_sales_interactions_repeated and
    int_sales_interactions_validated. -#}
{% macro sales_row_reject_reason() -%}
    case
        when user_id_raw is null then 'missing_user_id'
        when user_id is null or user_id < 1 then 'invalid_user_id'
        when product_id_raw is null then 'missing_product_id'
        when interaction_type_raw is null then 'missing_interaction_type'
        when interaction_type not in ({{ sql_string_list(var('valid_interaction_types')) }})
            then 'unknown_interaction_type'
        when interacted_at_raw is null then 'missing_timestamp'
        when interacted_at is null then 'unparseable_timestamp'
    end
{%- endmacro %}
