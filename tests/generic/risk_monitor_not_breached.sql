{#- A risk monitor: one warning row per breach of `monitor` in risk_flags
    (status 'breach'). Used with severity warn, so a breach shows in the dbt
    output without failing the build. -#}
{% test risk_monitor_not_breached(model, monitor) %}

select
    monitor_key,
    metric,
    metric_value,
    threshold_var,
    threshold
from {{ model }}
where
    risk_monitor = '{{ monitor }}'
    and status = 'breach'

{% endtest %}
