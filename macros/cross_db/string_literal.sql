{#- A text as a SQL string literal. Engine-specific: dispatched. -#}
{% macro string_literal(text) -%}
    {{ return(adapter.dispatch('string_literal', 'ecommerce_concentration')(text)) }}
{%- endmacro %}

{#- Standard SQL (DuckDB): a single quote is doubled. -#}
{% macro default__string_literal(text) -%}
    {{ return("'" ~ text | replace("'", "''") ~ "'") }}
{%- endmacro %}

{#- Spark reads '' as two adjacent literals ('it''s' is "its") and
    unescapes backslashes: both are escaped with a backslash. -#}
{% macro spark__string_literal(text) -%}
    {{ return("'" ~ text | replace('\\', '\\\\') | replace("'", "\\'") ~ "'") }}
{%- endmacro %}
