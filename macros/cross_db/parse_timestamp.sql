{#- Parse a text expression into a timestamp; null when it fits none of the
    formats (never an error).

    `formats` is a list (var sales_timestamp_formats) of
    {shape: <regular expression the whole text must match>,
     format: <strptime format>}. A format is only tried on text that has its
    shape, because strptime alone is lenient: '%Y' reads '23' as year 0023.
    When several shapes match, the first format that parses wins. A plain
    string entry is a format without a shape check. The one engine-specific
    step, parsing with one format, is try_parse_timestamp (dispatched). -#}
{% macro parse_timestamp(text_expression, formats) -%}
    coalesce(
        {%- for entry in formats %}
        {%- if entry is mapping %}
        case
            when {{ matches_pattern(text_expression, entry.shape) }}
                then {{ try_parse_timestamp(text_expression, entry.format) }}
        end{{ "," if not loop.last }}
        {%- else %}
        {{ try_parse_timestamp(text_expression, entry) }}{{ "," if not loop.last }}
        {%- endif %}
        {%- endfor %}
    )
{%- endmacro %}

{#- The text parsed with one strptime format; null when it does not fit.
    Engine-specific: dispatched. -#}
{% macro try_parse_timestamp(text_expression, strptime_format) -%}
    {{ return(adapter.dispatch('try_parse_timestamp', 'ecommerce_concentration')(text_expression, strptime_format)) }}
{%- endmacro %}

{% macro duckdb__try_parse_timestamp(text_expression, strptime_format) -%}
    try_strptime({{ text_expression }}, '{{ strptime_format }}')
{%- endmacro %}

{#- try_to_timestamp with the strptime format translated to Spark's
    datetime pattern (spark_datetime_pattern). Spark's single-letter fields
    (d, M, H) read one or two digits, as strptime's %d, %m, %H do; month
    names are read case-insensitively, as DuckDB does. -#}
{% macro spark__try_parse_timestamp(text_expression, strptime_format) -%}
    try_to_timestamp({{ text_expression }}, '{{ spark_datetime_pattern(strptime_format) }}')
{%- endmacro %}

{#- A strptime format as a Spark datetime pattern, for a SQL string literal:
    the directives the time-stamp formats use, other letters quoted as
    literals; any other directive stops compilation naming it. -#}
{% macro spark_datetime_pattern(strptime_format) -%}
    {%- set directives = {
        'd': 'd', 'm': 'M', 'Y': 'yyyy', 'H': 'H', 'M': 'mm', 'S': 'ss', 'B': 'MMMM', 'b': 'MMM', '%': '%',
    } -%}
    {%- set parts = [] -%}
    {%- for token in modules.re.findall('%.|[A-Za-z]+|[^%A-Za-z]+', strptime_format) -%}
        {%- if token.startswith('%') -%}
            {%- if token[1:] not in directives -%}
                {{ exceptions.raise_compiler_error(
                    "parse_timestamp: strptime directive " ~ token ~ " (in '" ~ strptime_format
                    ~ "') has no Spark pattern; add it to spark_datetime_pattern"
                ) }}
            {%- endif -%}
            {%- do parts.append(directives[token[1:]]) -%}
        {%- elif modules.re.match('[A-Za-z]', token) -%}
            {%- do parts.append("\\'" ~ token ~ "\\'") -%}
        {%- else -%}
            {%- do parts.append(token) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(parts | join('')) }}
{%- endmacro %}

{% macro default__try_parse_timestamp(text_expression, strptime_format) -%}
    {{ exceptions.raise_compiler_error(
        "try_parse_timestamp has no implementation for adapter '" ~ adapter.type() ~ "'; add "
        ~ adapter.type() ~ "__try_parse_timestamp in macros/cross_db/parse_timestamp.sql"
    ) }}
{%- endmacro %}
