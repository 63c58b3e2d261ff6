{#- Every reason in the closed list (var reject_reasons), per raw file, with
    how many rows it rejected, zeros included. The files and their rejected_*
    marts: macro raw_file_models. -#}
{%- set raw_files = raw_file_models() -%}

with

{% for source, models in raw_files.items() -%}
{{ source }}_rejected as (

    select * from {{ ref(models.rejected) }}

),

{% endfor -%}
known_reasons as (

    {%- for source, source_reasons in var('reject_reasons').items() %}
    {%- set source_loop = loop %}
    {%- for reason in source_reasons %}
    select
        '{{ source }}' as source,
        '{{ reason }}' as reject_reason,
        {{ loop.index }} as check_order
    {{ "union all" if not (source_loop.last and loop.last) }}
    {%- endfor %}
    {%- endfor %}

),

observed as (

    {%- for source in raw_files %}
    select
        '{{ source }}' as source,
        reject_reason,
        count(*) as rejected_rows
    from {{ source }}_rejected
    group by reject_reason
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        known_reasons.source,
        known_reasons.reject_reason,
        known_reasons.check_order,
        cast(coalesce(observed.rejected_rows, 0) as bigint) as rejected_rows
    from known_reasons
    left join observed
        on
            known_reasons.source = observed.source
            and known_reasons.reject_reason = observed.reject_reason

)

select * from final
