{#- The headline figures, one row per metric, each declared once in var
    key_findings (dbt_project.yml): name, unit, source model, expression,
    description, how its test recomputes it, its report label. Macro
    key_findings_select (macros/key_findings.sql) writes the SQL: an import
    CTE per source model, one select per figure, a final select. Metric
    names are stable: the reference check and the report read them. -#}
{{ config(meta={'required_metrics': key_findings_required_metrics()}) }}
{{ key_findings_select() }}
