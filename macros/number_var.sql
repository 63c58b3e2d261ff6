{#- The value of a numeric project var, checked: a var that is not a number
    (or is outside [minimum, maximum]) stops compilation with one line naming
    it. Used for the risk thresholds and the concentration percents. -#}
{% macro number_var(name, minimum=none, maximum=none) -%}
    {{ return(check_number(var(name), "var '" ~ name ~ "'", minimum, maximum)) }}
{%- endmacro %}

{#- Check one value (a var or an element of a list var); return it. -#}
{% macro check_number(value, label, minimum=none, maximum=none) -%}
    {%- set bounds = [] -%}
    {%- if minimum is not none -%}{%- do bounds.append(">= " ~ minimum) -%}{%- endif -%}
    {%- if maximum is not none -%}{%- do bounds.append("<= " ~ maximum) -%}{%- endif -%}
    {%- set wanted = "a number" ~ ((" " ~ (bounds | join(" and "))) if bounds else "") -%}
    {%- if value is boolean or value is not number -%}
        {{ exceptions.raise_compiler_error(
            label ~ " must be " ~ wanted ~ ", got " ~ (value | tojson)
            ~ " (set it in dbt_project.yml vars or --vars)"
        ) }}
    {%- endif -%}
    {%- if (minimum is not none and value < minimum) or (maximum is not none and value > maximum) -%}
        {{ exceptions.raise_compiler_error(
            label ~ " must be " ~ wanted ~ ", got " ~ value ~ " (set it in dbt_project.yml vars or --vars)"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
