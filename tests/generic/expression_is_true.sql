{#- Fails on every row where the SQL expression is not true (false or null).
    Model level: `expression` is a full boolean expression. Column level: it
    is appended to the column name, e.g. expression: "> 0". Narrow the rows
    with `config: where:`. -#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
where ({{ column_name ~ " " if column_name is not none }}{{ expression }}) is not true

{% endtest %}
