{#- Every non-empty customer row, with the first reason (in the documented
    order) it cannot be used, or null when it is a valid customer.

    A Customer ID on rows whose values differ (compared trimmed, blank as
    empty) is conflicting_customer_id on all of them: the file cannot tell
    which row is right. An exact repeat keeps its first row; later rows are
    duplicate_customer_id, whatever the first row's own fate. The amount may
    carry one leading '$' (the column is in US dollars); it is judged as a
    number before it is a decimal, so '1e9' is out of range rather than
    unreadable.

    A valid customer whose Review Rating is not a number or is outside
    var min_valid_review_rating .. max_valid_review_rating is kept with
    review_rating null and flag_reason invalid_review_rating (var
    flag_reasons): the rating feeds no breakdown, so it costs no customer. -#}
{%- set purchase_amount = text_to_double('purchase_amount_text') -%}
{%- set min_rating = number_var('min_valid_review_rating') -%}
{%- set max_rating = number_var('max_valid_review_rating') -%}
{#- The values compared between rows of one Customer ID, each written as
    <length>:<text> (or - when blank), so the joined signature is unambiguous. -#}
{%- set compared_columns = [
    'age_raw', 'gender', 'item_purchased', 'purchase_category', 'purchase_amount_usd_raw', 'location',
    'size', 'color', 'season', 'review_rating_raw', 'subscription_status_raw', 'shipping_type',
    'discount_applied_raw', 'promo_code_used_raw', 'previous_purchases_raw', 'payment_method',
    'purchase_frequency',
] -%}
{%- set signature_parts = [] -%}
{%- for column in compared_columns -%}
{%- do signature_parts.append("coalesce(cast(length(" ~ column ~ ") as string) || ':' || " ~ column ~ ", '-')") -%}
{%- endfor %}
with

customers as (

    select * from {{ ref('stg_ecommerce__customers') }}
    where not is_empty_row

),

amounts as (

    select
        *,
        case
            when purchase_amount_usd_raw like '$%' then substring(purchase_amount_usd_raw from 2)
            else purchase_amount_usd_raw
        end as purchase_amount_text
    from customers

),

{# The ids on more than one row: a hash aggregate, so that only the rows of
    these few ids are compared and numbered below (a window over every row
    sorts and carries them all: most of this model's time at 11.8M
    customers). A null id is one id here, as it is one partition. #}
repeated_ids as (

    select customer_id
    from amounts
    group by customer_id
    having count(*) > 1

),

repeated_id_rows as (

    select
        amounts.customer_id,
        amounts.source_row_number,
        {{ signature_parts | join("\n        || ") }} as row_values
    from amounts
    inner join repeated_ids
        on amounts.customer_id is not distinct from repeated_ids.customer_id

),

repeated_id_rows_ranked as (

    select
        source_row_number,
        row_number() over (
            partition by customer_id
            order by source_row_number
        ) as customer_id_occurrence,
        min(row_values) over (partition by customer_id)
        != max(row_values) over (partition by customer_id) as has_conflicting_rows
    from repeated_id_rows

),

duplicates_ranked as (

    select
        amounts.*,
        coalesce(repeated_id_rows_ranked.customer_id_occurrence, 1) as customer_id_occurrence,
        coalesce(repeated_id_rows_ranked.has_conflicting_rows, false) as has_conflicting_rows
    from amounts
    left join repeated_id_rows_ranked
        on amounts.source_row_number = repeated_id_rows_ranked.source_row_number

),

validated as (

    select
        *,
        case
            when customer_id_raw is null then 'missing_customer_id'
            when customer_id is null or customer_id < 1 then 'invalid_customer_id'
            when has_conflicting_rows then 'conflicting_customer_id'
            when customer_id_occurrence > 1 then 'duplicate_customer_id'
            when purchase_amount_usd_raw is null then 'missing_purchase_amount'
            when {{ purchase_amount }} is null or {{ purchase_amount }} <= 0 then 'invalid_purchase_amount'
            when
                {{ purchase_amount }} > {{ number_var('max_valid_purchase_amount_usd', minimum=0) }}
                or {{ text_to_decimal('purchase_amount_text', 'decimal(12, 2)') }} is null
                then 'purchase_amount_out_of_range'
            when
                age is null
                or age < {{ number_var('min_valid_age', minimum=0) }}
                or age > {{ number_var('max_valid_age', minimum=0) }}
                then 'invalid_age'
            when is_subscriber is null then 'invalid_subscription_status'
            {#- The other Yes/No flags feed breakdowns too: a customer whose
                flag is unreadable is rejected, not kept with an unknown flag
                that every breakdown by it would silently leave out. -#}
            when has_discount_applied is null or has_used_promo_code is null then 'invalid_yes_no_flag'
        end as reject_reason,
        review_rating >= {{ min_rating }} and review_rating <= {{ max_rating }} as is_review_rating_in_range
    from duplicates_ranked

),

final as (

    select
        source_row_number,
        is_empty_row,
        customer_id_raw,
        age_raw,
        purchase_amount_usd_raw,
        subscription_status_raw,
        review_rating_raw,
        previous_purchases_raw,
        discount_applied_raw,
        promo_code_used_raw,
        customer_id,
        age,
        gender,
        item_purchased,
        purchase_category,
        {{ text_to_decimal('purchase_amount_text', 'decimal(12, 2)') }} as purchase_amount_usd,
        location,
        size,
        color,
        season,
        case when is_review_rating_in_range then review_rating end as review_rating,
        is_subscriber,
        has_discount_applied,
        has_used_promo_code,
        shipping_type,
        previous_purchases,
        payment_method,
        purchase_frequency,
        customer_id_occurrence,
        has_conflicting_rows,
        reject_reason,
        case
            when
                reject_reason is null
                and review_rating_raw is not null
                and not coalesce(is_review_rating_in_range, false)
                then 'invalid_review_rating'
        end as flag_reason
    from validated

)

select * from final
