{#- The Pareto (cumulative share) curve of customer revenue at every whole
    percentile p = 0..100: the revenue share of the top p % of customers, that
    is the ceil(n * p / 100) largest (amount descending, ties by customer_id).
    The top_<p>pct_customers_revenue_share findings are rows of this table. -#}
{{ customer_revenue_curve('customer_percent', 'ceil', 'revenue_rank', 'cumulative_revenue_usd') }}
