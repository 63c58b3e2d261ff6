{#- Parse a text expression into a timestamp; null when it fits none of the
    formats (never an error).

    `formats` is a list (var sales_timestamp_formats) of
    {shape: <regular expression the whole text must match>,
     format: <strptime format>}. A format is only tried on text that has its
    shape, because strptime alone is lenient: '%Y' reads '23' as year 0023.
    When several shapes match, the first format that parses wins. A plain
    string entry is a format without a shape check. Engine-specific:
    dispatched. -#}
{% macro parse_timestamp(text_expression, formats) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'ecommerce_concentration')(text_expression, formats)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(text_expression, formats) -%}
    coalesce(
        {%- for entry in formats %}
        {%- if entry is mapping %}
        case
            when {{ matches_pattern(text_expression, entry.shape) }}
                then try_strptime({{ text_expression }}, '{{ entry.format }}')
        end{{ "," if not loop.last }}
        {%- else %}
        try_strptime({{ text_expression }}, '{{ entry }}'){{ "," if not loop.last }}
        {%- endif %}
        {%- endfor %}
    )
{%- endmacro %}

{% macro default__parse_timestamp(text_expression, formats) -%}
    {{ exceptions.raise_compiler_error(
        "parse_timestamp has no implementation for adapter '" ~ adapter.type() ~ "'; add "
        ~ adapter.type() ~ "__parse_timestamp in macros/cross_db/parse_timestamp.sql"
    ) }}
{%- endmacro %}
