{#- dbt.split_part on Spark (found through the `dispatch` search order for
    the dbt namespace): Spark's own split_part, whose delimiter is plain
    text. dbt-spark's version splits with split(), whose delimiter is a
    regular expression (only a leading special character is escaped), so
    the category separator ' | ' would split at every space. -#}
{% macro spark__split_part(string_text, delimiter_text, part_number) -%}
    split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
{%- endmacro %}
