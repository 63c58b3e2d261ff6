{#- The headline figures declared in var key_findings (dbt_project.yml),
    expanded: one dict per figure (per item of its for_each list), every
    {placeholder} filled in, plus SQL for its name, description and report
    label (a [column] placeholder becomes that column of the source row). A
    placeholder that is not known stops compilation with one line. -#}
{% macro key_findings_figures() -%}
    {%- set tiers = var('spending_tiers') -%}
    {%- set known = {
        'top_tier': tiers[-1] | lower,
        'top_tier_name': tiers[-1],
        'top_tier_rank': tiers | length,
        'pareto_percent': number_var('concentration_pareto_revenue_percent', 1, 100, whole=true),
        'peak_percent': number_var('concentration_peak_window_percent', 1, 100),
    } -%}
    {%- set figures = [] -%}
    {%- for entry in var('key_findings') -%}
        {%- set entry_position = loop.index -%}
        {%- for item in (var(entry.for_each) if entry.for_each else [none]) -%}
            {%- set values = {'rank': loop.index} -%}
            {%- do values.update(known) -%}
            {%- if item is mapping -%}
                {%- for field, field_value in item.items() -%}
                    {%- do values.update({'item.' ~ field: field_value}) -%}
                {%- endfor -%}
            {%- elif item is not none -%}
                {%- do values.update({'item': item, 'item_key': item | string | lower}) -%}
            {%- endif -%}
            {%- set name = fill_placeholders(entry.name, values, entry.name) -%}
            {%- set check = {} -%}
            {%- for field, text in entry.check.items() -%}
                {%- do check.update({field: fill_placeholders(text, values, entry.name)}) -%}
            {%- endfor -%}
            {%- set headline = entry.get('headline') -%}
            {%- if headline is mapping -%}
                {%- set label_sql = ['case'] -%}
                {%- for metric, label in headline.items() -%}
                    {%- do label_sql.append('when ' ~ row_text_sql(name) ~ " = '" ~ metric ~ "' then "
                        ~ string_literal(fill_placeholders(label, values, entry.name))) -%}
                {%- endfor -%}
                {%- do label_sql.append('end') -%}
                {%- set label_sql = label_sql | join(' ') -%}
            {%- elif headline -%}
                {%- set label_sql = string_literal(fill_placeholders(headline, values, entry.name)) -%}
            {%- else -%}
                {%- set label_sql = 'null' -%}
            {%- endif -%}
            {%- do figures.append({
                'name': name,
                'name_sql': row_text_sql(name),
                'unit': entry.unit,
                'source': entry.source,
                'where': fill_placeholders(entry.get('where'), values, entry.name),
                'expression': fill_placeholders(entry.expression, values, entry.name),
                'description_sql': row_text_sql(fill_placeholders(entry.description, values, entry.name)),
                'label_sql': label_sql,
                'landing_page': entry.get('landing_page', false),
                'headline_metrics': headline.keys() | list if headline is mapping else [],
                'position': entry_position,
                'check': check,
            }) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(figures) }}
{%- endmacro %}

{#- text with every {key} of `values` replaced (none as null); one line
    naming the entry when a {placeholder} is left. -#}
{% macro fill_placeholders(text, values, entry_name) -%}
    {%- if text is none -%}{{ return(none) }}{%- endif -%}
    {%- set filled = [text | string] -%}
    {%- for key, value in values.items() -%}
        {%- do filled.append(filled[-1].replace('{' ~ key ~ '}', 'null' if value is none else value | string)) -%}
    {%- endfor -%}
    {%- if '{' in filled[-1] -%}
        {{ exceptions.raise_compiler_error(
            "var 'key_findings' entry " ~ entry_name ~ ": unknown placeholder in '" ~ text ~ "'"
        ) }}
    {%- endif -%}
    {{ return(filled[-1]) }}
{%- endmacro %}

{#- A text with [column] placeholders as a SQL text expression: the literal
    parts concatenated with each column cast to text. -#}
{% macro row_text_sql(text) -%}
    {%- set parts = [] -%}
    {%- for chunk in text.split('[') -%}
        {%- if loop.first -%}
            {%- set column, literal = none, chunk -%}
        {%- else -%}
            {%- set column, literal = chunk.split(']', 1) -%}
        {%- endif -%}
        {%- if column -%}{%- do parts.append('cast(' ~ column ~ ' as string)') -%}{%- endif -%}
        {%- if literal -%}{%- do parts.append(string_literal(literal)) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(parts | join(' || ')) }}
{%- endmacro %}

{#- The body of model key_findings: an import CTE per source model, then
    one select per declared figure. -#}
{% macro key_findings_select() -%}
    {%- set figures = key_findings_figures() -%}
    {%- set sources = [] -%}
    {%- for figure in figures if figure.source not in sources -%}
        {%- do sources.append(figure.source) -%}
    {%- endfor %}
with
{% for source in sources %}
{{ source }} as (

    select * from {{ ref(source) }}

),
{% endfor %}
findings as (
{% for figure in figures %}
    select
        {{ figure.name_sql }} as metric,
        {{ figure.expression }} as value,
        '{{ figure.unit }}' as unit,
        {{ figure.description_sql }} as description,
        cast({{ figure.label_sql }} as string) as headline_label,
        {{ 'true' if figure.landing_page else 'false' }} as wanted_on_landing_page,
        {{ figure.position }} as figure_order
    from {{ figure.source }}
    {%- if figure.where %}
    where {{ figure.where }}
    {%- endif %}
    {{ 'union all' if not loop.last }}
{%- endfor %}

),

final as (

    select
        metric,
        cast(value as double) as value,
        unit,
        description,
        headline_label,
        coalesce(wanted_on_landing_page and headline_label is not null, false) as on_landing_page,
        figure_order
    from findings

)

select * from final
{%- endmacro %}

{#- The test's side: one select per declared figure recomputing it with its
    `check` (from one of the calling test's CTEs), as metric, expected_value. -#}
{% macro key_findings_checks() -%}
    {%- for figure in key_findings_figures() %}
    select
        {{ row_text_sql(figure.name) }} as metric,
        cast({{ figure.check.expression }} as double) as expected_value
    from {{ figure.check['from'] }}
    {%- if figure.check.where %}
    where {{ figure.check.where }}
    {%- endif %}
    {%- if figure.check.group_by %}
    group by {{ figure.check.group_by }}
    {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- The description of the declared figure named `name` (a [column]
    family by its template, e.g. 'top_[concentration_key]_share') as SQL,
    for another model that shows the same figure (risk_flags). -#}
{% macro key_finding_description(name) -%}
    {%- for figure in key_findings_figures() if figure.name == name -%}
        {{ return(figure.description_sql) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("var 'key_findings' declares no figure named " ~ name) }}
{%- endmacro %}

{#- The metric names the published key_findings must hold, known before the
    data is: every figure's name, and for a [column] family (names from the
    data) the metrics its headline maps. Model key_findings records them in
    its meta (config meta.required_metrics) for the GX checkpoint. -#}
{% macro key_findings_required_metrics() -%}
    {%- set names = [] -%}
    {%- for figure in key_findings_figures() -%}
        {%- if '[' in figure.name -%}
            {%- do names.extend(figure.headline_metrics) -%}
        {%- else -%}
            {%- do names.append(figure.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}
