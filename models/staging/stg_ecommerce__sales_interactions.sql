{%- set raw_columns = ['user id', 'product id', 'Interaction type', 'Time stamp'] -%}

with

source as (

    select * from {{ ref('sales_data') }}

),

numbered as (

    select
        *,
        {{ row_number_in_load_order() }} as source_row_number,
        count(*) over () as source_file_rows,
        count(*) filter (where {{ all_blank(raw_columns) }}) over () as source_empty_rows,
        {{ all_blank(raw_columns) }} as is_empty_row
    from source

),

non_empty as (

    select * from numbered
    where not is_empty_row

),

renamed as (

    select
        source_row_number,
        source_file_rows,
        source_empty_rows,
        {{ clean_text('"user id"') }} as user_id_raw,
        {{ clean_text('"product id"') }} as product_id_raw,
        {{ clean_text('"Interaction type"') }} as interaction_type_raw,
        {{ clean_text('"Time stamp"') }} as interacted_at_raw,
        {{ text_to_integer(clean_text('"user id"'), 'bigint') }} as user_id,
        lower({{ clean_text('"product id"') }}) as product_id,
        lower({{ clean_text('"Interaction type"') }}) as interaction_type,
        {{ parse_timestamp(clean_text('"Time stamp"'), var('sales_timestamp_formats')) }} as interacted_at
    from non_empty

)

select * from renamed
