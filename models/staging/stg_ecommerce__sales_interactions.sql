{%- set raw_columns = ['user id', 'product id', 'Interaction type', 'Time stamp'] -%}

with

cleaned as (

    {{ cleaned_raw_columns('sales_data', raw_columns) }}

),

renamed as (

    select
        source_row_number,
        is_empty_row,
        user_id_text as user_id_raw,
        product_id_text as product_id_raw,
        interaction_type_text as interaction_type_raw,
        time_stamp_text as interacted_at_raw,
        {{ text_to_integer('user_id_text', 'bigint') }} as user_id,
        lower(product_id_text) as product_id,
        lower(interaction_type_text) as interaction_type,
        {{ parse_timestamp('time_stamp_text', var('sales_timestamp_formats')) }} as interacted_at
    from cleaned

)

select * from renamed
