{#- Parse a text expression into a timestamp, trying each strptime format in
    order; null when none fits (never an error). Engine-specific: dispatched. -#}
{% macro parse_timestamp(text_expression, formats) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'ecommerce_concentration')(text_expression, formats)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(text_expression, formats) -%}
    coalesce(
        {%- for format in formats %}
        try_strptime({{ text_expression }}, '{{ format }}'){{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{% macro default__parse_timestamp(text_expression, formats) -%}
    {{ exceptions.raise_compiler_error(
        "parse_timestamp has no implementation for adapter '" ~ adapter.type() ~ "'; add "
        ~ adapter.type() ~ "__parse_timestamp in macros/cross_db/parse_timestamp.sql"
    ) }}
{%- endmacro %}
