{#- The value of a numeric project var, checked: a var that is not a number
    (or is outside [minimum, maximum], or is not whole when `whole`) stops
    compilation with one line naming it. Used for the risk thresholds, the
    concentration percents and the validation bounds. -#}
{% macro number_var(name, minimum=none, maximum=none, whole=false) -%}
    {{ return(check_number(var(name), "var '" ~ name ~ "'", minimum, maximum, whole)) }}
{%- endmacro %}

{#- Check one value (a var or an element of a list var); return it. -#}
{% macro check_number(value, label, minimum=none, maximum=none, whole=false) -%}
    {%- set bounds = [] -%}
    {%- if minimum is not none -%}{%- do bounds.append(">= " ~ minimum) -%}{%- endif -%}
    {%- if maximum is not none -%}{%- do bounds.append("<= " ~ maximum) -%}{%- endif -%}
    {%- set wanted = ("a whole number" if whole else "a number")
        ~ ((" " ~ (bounds | join(" and "))) if bounds else "") -%}
    {%- if value is boolean or value is not number -%}
        {{ exceptions.raise_compiler_error(
            label ~ " must be " ~ wanted ~ ", got " ~ (value | tojson)
            ~ " (set it in dbt_project.yml vars or --vars)"
        ) }}
    {%- endif -%}
    {%- if (minimum is not none and value < minimum) or (maximum is not none and value > maximum)
        or (whole and value != value | int) -%}
        {{ exceptions.raise_compiler_error(
            label ~ " must be " ~ wanted ~ ", got " ~ value ~ " (set it in dbt_project.yml vars or --vars)"
        ) }}
    {%- endif -%}
    {{ return(value | int if whole else value) }}
{%- endmacro %}

{#- A project var that must be a non-empty list of whole numbers in
    [minimum, maximum]; returns it. -#}
{% macro whole_number_list_var(name, minimum=none, maximum=none) -%}
    {%- set values = var(name) -%}
    {%- if values is string or values is mapping or values is not iterable or values | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "var '" ~ name ~ "' must be a non-empty list of whole numbers, got " ~ (values | tojson)
        ) }}
    {%- endif -%}
    {%- set checked = [] -%}
    {%- for value in values -%}
        {%- do checked.append(check_number(value, "var '" ~ name ~ "' item " ~ loop.index, minimum, maximum, true)) -%}
    {%- endfor -%}
    {{ return(checked) }}
{%- endmacro %}
