{#- The Lorenz curve of customer revenue at every whole percentile p = 0..100:
    the revenue share of the floor(n * p / 100) smallest customers (amount
    ascending, ties by customer_id descending, the exact reverse of the
    pareto_curve order), so lorenz(100 - p) = 1 - pareto(p). -#}
{{ customer_revenue_curve('customer_percentile', 'floor', 'ascending_rank', 'ascending_cumulative_revenue_usd') }}
