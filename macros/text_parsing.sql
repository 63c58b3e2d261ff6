{#- Text to number, only when the text has the shape of one. The input is
    expected trimmed (clean_text); anything else gives null, never an error. -#}

{#- Whole non-negative integer: digits only, so '1.5', '-3', '1e3', '0x10'
    and '1_000' are null rather than silently rounded or reinterpreted. -#}
{% macro text_to_integer(text_expression, data_type='bigint') -%}
    case
        when {{ matches_pattern(text_expression, '[0-9]+') }}
            then {{ dbt.safe_cast(text_expression, api.Column.translate_type(data_type)) }}
    end
{%- endmacro %}

{#- Plain decimal number (as text_to_decimal) as a double. -#}
{% macro text_to_double(text_expression) -%}
    {{ text_to_decimal(text_expression, api.Column.translate_type('double')) }}
{%- endmacro %}

{#- Plain decimal number, optionally signed, optionally in exponent notation
    ('-5', '53.50', '1e9'; not '$53', '1,000', 'nan', 'inf' or '0x10'), cast
    to data_type; null otherwise or when it does not fit. -#}
{% macro text_to_decimal(text_expression, data_type) -%}
    case
        when {{ matches_pattern(text_expression, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?') }}
            then {{ dbt.safe_cast(text_expression, data_type) }}
    end
{%- endmacro %}
