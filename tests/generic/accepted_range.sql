{#- Fails on every non-null value outside [min_value, max_value]. Either bound
    may be omitted; each is inclusive unless its *_inclusive flag is false.
    Nulls pass: pair with not_null where a value is required. -#}
{% test accepted_range(
    model,
    column_name,
    min_value=none,
    max_value=none,
    min_inclusive=true,
    max_inclusive=true
) %}
{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error(
        "accepted_range on " ~ model ~ "." ~ column_name ~ ": give min_value, max_value or both"
    ) }}
{%- endif %}

select *
from {{ model }}
where
    {{ column_name }} is not null
    and not (
        true
        {%- if min_value is not none %}
        and {{ column_name }} {{ ">=" if min_inclusive else ">" }} {{ min_value }}
        {%- endif %}
        {%- if max_value is not none %}
        and {{ column_name }} {{ "<=" if max_inclusive else "<" }} {{ max_value }}
        {%- endif %}
    )

{% endtest %}
