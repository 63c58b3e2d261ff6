{%- set raw_columns = ['user id', 'product id', 'Interaction type', 'Time stamp'] -%}

with

source as (

    select
        *,
        {{ row_number_in_load_order(from_file=reads_raw_files()) }} as source_row_number
    from {{ raw_source('sales_data') }}

),

flagged as (

    select
        *,
        {{ all_blank(raw_columns) }} as is_empty_row
    from source

),

renamed as (

    select
        source_row_number,
        is_empty_row,
        {{ clean_text('"user id"') }} as user_id_raw,
        {{ clean_text('"product id"') }} as product_id_raw,
        {{ clean_text('"Interaction type"') }} as interaction_type_raw,
        {{ clean_text('"Time stamp"') }} as interacted_at_raw,
        {{ text_to_integer(clean_text('"user id"'), 'bigint') }} as user_id,
        lower({{ clean_text('"product id"') }}) as product_id,
        lower({{ clean_text('"Interaction type"') }}) as interaction_type,
        {{ parse_timestamp(clean_text('"Time stamp"'), var('sales_timestamp_formats')) }} as interacted_at
    from flagged

)

select * from renamed
