{%- set raw_columns = ['user id', 'product id', 'Interaction type', 'Time stamp'] -%}

with

source as (

    {{ raw_rows_in_load_order('sales_data') }}

),

cleaned as (

    {#- every raw column trimmed (blank = null) once, under its raw name -#}
    select
        source_row_number,
        {{ all_blank(raw_columns) }} as is_empty_row,
        {%- for column in raw_columns %}
        {{ clean_text(adapter.quote(column)) }} as {{ adapter.quote(column) }}{{ "," if not loop.last }}
        {%- endfor %}
    from source

),

renamed as (

    select
        source_row_number,
        is_empty_row,
        "user id" as user_id_raw,
        "product id" as product_id_raw,
        "Interaction type" as interaction_type_raw,
        "Time stamp" as interacted_at_raw,
        {{ text_to_integer('"user id"', 'bigint') }} as user_id,
        lower("product id") as product_id,
        lower("Interaction type") as interaction_type,
        {{ parse_timestamp('"Time stamp"', var('sales_timestamp_formats')) }} as interacted_at
    from cleaned

)

select * from renamed
