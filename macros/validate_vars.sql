{#- on-run-start hook: check every project var that is pasted into SQL before
    anything runs, so a bad value (`--vars '{max_valid_age: abc}'`) stops the
    run with one line naming the var instead of producing broken or wrong
    SQL. Numbers are checked with check_number (macros/number_var.sql); vars
    read with number_var() where they are used are checked there too.
    Returns no SQL. -#}
{% macro validate_vars() -%}
    {%- for name in ['min_valid_age', 'max_valid_age', 'max_valid_purchase_amount_usd'] -%}
        {%- do number_var(name, minimum=0) -%}
    {%- endfor -%}
    {%- if var('min_valid_age') > var('max_valid_age') -%}
        {{ exceptions.raise_compiler_error(
            "var 'min_valid_age' (" ~ var('min_valid_age') ~ ") must not exceed var 'max_valid_age' ("
            ~ var('max_valid_age') ~ ")"
        ) }}
    {%- endif -%}

    {%- set brackets = var('age_brackets') -%}
    {%- if brackets is string or brackets is not iterable or brackets | length == 0 -%}
        {{ exceptions.raise_compiler_error("var 'age_brackets' must be a non-empty list of brackets") }}
    {%- endif -%}
    {%- for bracket in brackets -%}
        {%- set label = "var 'age_brackets' item " ~ loop.index -%}
        {%- if bracket is not mapping -%}
            {{ exceptions.raise_compiler_error(label ~ " must be a mapping with key, label, min_age, max_age") }}
        {%- endif -%}
        {%- do check_number(bracket.min_age, label ~ " min_age", minimum=0) -%}
        {%- if bracket.max_age is not none -%}
            {%- do check_number(bracket.max_age, label ~ " max_age", minimum=bracket.min_age) -%}
        {%- endif -%}
        {%- do check_sql_text(bracket.label, label ~ " label") -%}
        {%- do check_sql_text(bracket.key, label ~ " key") -%}
    {%- endfor -%}

    {%- for name in ['spending_tiers', 'valid_interaction_types', 'true_flag_values', 'false_flag_values'] -%}
        {%- set values = var(name) -%}
        {%- if values is string or values is not iterable or values | length == 0 -%}
            {{ exceptions.raise_compiler_error("var '" ~ name ~ "' must be a non-empty list of texts") }}
        {%- endif -%}
        {%- for value in values -%}
            {%- do check_sql_text(value, "var '" ~ name ~ "' item " ~ loop.index) -%}
        {%- endfor -%}
    {%- endfor -%}

    {%- if var('purchase_interaction_type') not in var('valid_interaction_types') -%}
        {{ exceptions.raise_compiler_error(
            "var 'purchase_interaction_type' must be one of var 'valid_interaction_types'"
        ) }}
    {%- endif -%}

    {%- for name in ['category_path_separator', 'unknown_product_category_label', 'age_below_brackets_label'] -%}
        {%- do check_sql_text(var(name), "var '" ~ name ~ "'") -%}
    {%- endfor -%}

    {%- set reasons = var('reject_reasons') -%}
    {%- if reasons is not mapping or reasons | length == 0 -%}
        {{ exceptions.raise_compiler_error("var 'reject_reasons' must map each raw file to its list of reasons") }}
    {%- endif -%}
    {%- for source, source_reasons in reasons.items() -%}
        {%- do check_sql_text(source, "var 'reject_reasons' key") -%}
        {%- for reason in source_reasons -%}
            {%- do check_sql_text(reason, "var 'reject_reasons' " ~ source ~ " item " ~ loop.index) -%}
        {%- endfor -%}
    {%- endfor -%}

    {%- set formats = var('sales_timestamp_formats') -%}
    {%- if formats is string or formats is not iterable or formats | length == 0 -%}
        {{ exceptions.raise_compiler_error("var 'sales_timestamp_formats' must be a non-empty list") }}
    {%- endif -%}
    {%- for entry in formats -%}
        {%- set label = "var 'sales_timestamp_formats' item " ~ loop.index -%}
        {%- if entry is not mapping or entry.shape is not string or entry.format is not string -%}
            {{ exceptions.raise_compiler_error(label ~ " must be {shape: <regular expression>, format: <strptime>}") }}
        {%- endif -%}
        {%- do check_sql_text(entry.shape, label ~ " shape") -%}
        {%- do check_sql_text(entry.format, label ~ " format") -%}
    {%- endfor -%}
{%- endmacro %}

{#- A text var pasted into a SQL string literal: must be a non-empty text
    without a single quote. -#}
{% macro check_sql_text(value, label) -%}
    {%- if value is not string or value | length == 0 or "'" in value -%}
        {{ exceptions.raise_compiler_error(
            label ~ " must be a non-empty text without single quotes, got "
            ~ (('"' ~ value ~ '"') if value is string else (value | tojson))
            ~ " (set it in dbt_project.yml vars or --vars)"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
