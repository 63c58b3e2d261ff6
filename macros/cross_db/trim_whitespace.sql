{#- Text with leading and trailing white space removed: spaces, tabs,
    carriage returns and line feeds (plain trim() removes spaces only, so
    a tab-prefixed "\tlike" or a CRLF file's "purchase\r" would not match).
    Engine-specific: dispatched. -#}
{% macro trim_whitespace(text_expression) -%}
    {{ return(adapter.dispatch('trim_whitespace', 'ecommerce_concentration')(text_expression)) }}
{%- endmacro %}

{% macro duckdb__trim_whitespace(text_expression) -%}
    trim({{ text_expression }}, ' ' || chr(9) || chr(10) || chr(13))
{%- endmacro %}

{% macro default__trim_whitespace(text_expression) -%}
    trim(both ' ' || chr(9) || chr(10) || chr(13) from {{ text_expression }})
{%- endmacro %}
