{#- True when the whole text matches the regular expression (null stays
    null). Used to prove a value's shape before casting it, because casts are
    lenient ('1.5' casts to bigint 2, '0x10' to 16, a 2-digit year to year
    0023). The pattern must not contain single quotes. Engine-specific:
    dispatched. -#}
{% macro matches_pattern(text_expression, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern', 'ecommerce_concentration')(text_expression, pattern)) }}
{%- endmacro %}

{% macro duckdb__matches_pattern(text_expression, pattern) -%}
    regexp_full_match({{ text_expression }}, '{{ pattern }}')
{%- endmacro %}

{#- rlike finds the pattern anywhere (Java regex): anchored here with ^ and
    \z (end of input; $ would also match before a final line break).
    Backslashes are doubled because Spark's string literals unescape them
    ('\t' would reach the regex as a tab, '\d' as 'd'). -#}
{% macro spark__matches_pattern(text_expression, pattern) -%}
    ({{ text_expression }} rlike '^(?:{{ pattern | replace("\\", "\\\\") }})\\z')
{%- endmacro %}

{% macro default__matches_pattern(text_expression, pattern) -%}
    {{ exceptions.raise_compiler_error(
        "matches_pattern has no implementation for adapter '" ~ adapter.type() ~ "'; add "
        ~ adapter.type() ~ "__matches_pattern in macros/cross_db/matches_pattern.sql"
    ) }}
{%- endmacro %}
