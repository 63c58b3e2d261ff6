{#- Text without surrounding white space (trim_whitespace), with blank
    strings as null. -#}
{% macro clean_text(column) -%}
    nullif({{ trim_whitespace(column) }}, '')
{%- endmacro %}

{#- Yes/No style text to boolean using the spellings in vars
    true_flag_values / false_flag_values; null for anything else. -#}
{% macro yes_no_to_boolean(column) -%}
    case
        when lower({{ trim_whitespace(column) }}) in ({{ sql_string_list(var('true_flag_values')) }}) then true
        when lower({{ trim_whitespace(column) }}) in ({{ sql_string_list(var('false_flag_values')) }}) then false
    end
{%- endmacro %}

{#- A US-dollar price text to decimal(12, 2): "$1,299.00 " -> 1299.00,
    "1299" -> 1299.00, "Free" -> 0.00; anything else (empty, "call us",
    "-$5", "1,2,3") -> null. The digits must have the shape of a price
    (thousands commas only in groups of three) before they are cast. -#}
{% macro price_text_to_decimal(column) -%}
    {%- set digits = trim_whitespace("replace(" ~ trim_whitespace(column) ~ ", '$', '')") -%}
    case
        when lower({{ trim_whitespace(column) }}) = 'free' then cast(0 as decimal(12, 2))
        when {{ matches_pattern(digits, '([0-9]{1,3}(,[0-9]{3})+|[0-9]+)([.][0-9]+)?') }}
            then {{ dbt.safe_cast("replace(" ~ digits ~ ", ',', '')", "decimal(12, 2)") }}
    end
{%- endmacro %}

{#- A comma-separated list of SQL string literals (string_literal). -#}
{% macro sql_string_list(values) -%}
    {%- for value in values -%}
        {{ string_literal(value) }}{{ ", " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- True when every listed raw column is null or white space only: a fully
    empty row. Tested on the raw text, column by column, so that most rows
    are decided by their first column and nothing is trimmed to decide it. -#}
{% macro all_blank(columns) -%}
    (
    {%- for column in columns %}
        {{ "and " if not loop.first }}({{ adapter.quote(column) }} is null or {{ matches_pattern(adapter.quote(column), '[ \t\r\n]*') }})
    {%- endfor %}
    )
{%- endmacro %}

{#- The staging name of a raw column's cleaned text: snake_case plus _text
    ("Purchase Amount (USD)" -> purchase_amount_usd_text). -#}
{% macro text_column_name(column) -%}
    {{ modules.re.sub('[^a-z0-9]+', '_', column | lower).strip('_') ~ '_text' }}
{%- endmacro %}

{#- The staging models' one read-and-clean step: every row of raw file
    `raw_name` in load order (raw_rows_in_load_order), each listed raw
    column (a column the file lacks as null when pad_missing_columns:
    with_missing_columns) trimmed with blank as null once, as <name>_text
    (text_column_name), with the row's source_row_number and is_empty_row
    (all_blank on the raw text). -#}
{% macro cleaned_raw_columns(raw_name, raw_columns, pad_missing_columns=false) -%}
    {%- set raw_rows = "(" ~ raw_rows_in_load_order(raw_name) ~ ") as raw_rows" -%}
    select
        {%- for column in raw_columns %}
        {{ clean_text(adapter.quote(column)) }} as {{ text_column_name(column) }},
        {%- endfor %}
        source_row_number,
        {{ all_blank(raw_columns) }} as is_empty_row
    {%- if pad_missing_columns %}
    from ({{ with_missing_columns(raw_rows, raw_columns, raw_name) }}) as padded_rows
    {%- else %}
    from {{ raw_rows }}
    {%- endif %}
{%- endmacro %}
