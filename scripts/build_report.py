"""Write the concentration report, a static HTML page, from a built database.

The page (site/report.html next to the database by default) shows the key findings as headline
numbers, the risk-flag table with breaches highlighted, and charts: the
Lorenz curve with the Gini, the Pareto curve, revenue by spending tier and by
age bracket, category shares, a weekday x hour heatmap of interactions and
the monthly trend. It is fully offline: plotly.js is inlined once, nothing
is fetched. It reads the database over a read-only connection (marts
schema) and is readable at laptop width and printable.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from scripts.project_paths import add_duckdb_path_argument
from scripts.site_header import header_html, read_build_info

PROG = "build_report"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CHART_HEIGHT = "380px"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
COLORS = {"revenue": "#1f5f8b", "customers": "#9cc3de", "accent": "#d1495b", "grey": "#8a8f98"}
# per-type count columns of interactions_by_time_bucket (they follow var
# valid_interaction_types); a type without a colour here takes the palette's
INTERACTION_COLORS = {"likes": "#9cc3de", "views": "#4f93c0", "purchases": "#1f5f8b"}
INTERACTION_PALETTE = ("#6a4c93", "#e09f3e", "#2a9d8f", "#9e2a2b", "#577590", "#b56576")
TIME_BUCKET_COLUMNS = (
    "time_grain", "bucket_label", "bucket_order", "interaction_year_month", "day_of_week_number",
    "day_of_week_name", "hour_of_day", "interactions", "interaction_share",
)  # fmt: skip


class ReportError(Exception):
    """The report cannot be written; the message names the file and the problem."""


Row = dict[str, Any]


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    caption: str
    figure: go.Figure


# -- reading -----------------------------------------------------------------


class Marts:
    """Read-only access to the marts of one database."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def rows(self, sql: str) -> list[Row]:
        relation = self.con.sql(sql)
        names = [column for column in relation.columns]
        return [dict(zip(names, values, strict=True)) for values in relation.fetchall()]

    def one(self, sql: str) -> Row:
        rows = self.rows(sql)
        if len(rows) != 1:
            raise ReportError(f"expected one row, got {len(rows)}: {sql.split()[-1]}")
        return rows[0]


def read_marts(duckdb_path: Path) -> dict[str, Any]:
    if not duckdb_path.is_file():
        raise ReportError(f"{duckdb_path}: no such database")
    try:
        with duckdb.connect(str(duckdb_path), read_only=True) as con:
            marts = Marts(con)
            return {
                "build_info": read_build_info(con),
                "findings": marts.rows(
                    "select metric, value, unit, description, headline_label from marts.key_findings "
                    "order by figure_order, metric"
                ),
                "customers": marts.one("select * from marts.customer_concentration"),
                "lorenz": marts.rows("select * from marts.lorenz_curve order by customer_percentile"),
                "pareto": marts.rows("select * from marts.pareto_curve order by customer_percent"),
                "tiers": marts.rows("select * from marts.spending_tiers order by spending_tier_rank"),
                "brackets": marts.rows(
                    "select * from marts.age_brackets where age_bracket_rank > 0 or customers > 0 "
                    "order by age_bracket_rank"
                ),
                "categories": marts.rows(
                    "select segment_value, customers, revenue_usd, revenue_share "
                    "from marts.revenue_by_segment where segment_dimension = 'purchase_category' "
                    "order by revenue_rank"
                ),
                "catalog": marts.rows(
                    "select product_category, interactions, purchases "
                    "from marts.interactions_by_product_category where has_known_product "
                    "order by interactions desc, product_category"
                ),
                "segments": marts.rows(
                    "select * from marts.segment_concentration order by concentration_key"
                ),
                "cells": marts.rows(
                    "select day_of_week_number, hour_of_day, interactions, interaction_share "
                    "from marts.interactions_by_time_bucket where time_grain = 'weekday_hour'"
                ),
                "months": marts.rows(
                    "select * "
                    "from marts.interactions_by_time_bucket where time_grain = 'month' order by bucket_order"
                ),
                "peak": marts.rows("select * from marts.peak_windows order by window_rank"),
                "risks": marts.rows(
                    "select * from marts.risk_flags order by "
                    "case status when 'breach' then 0 when 'no_data' then 1 else 2 end, monitor_key"
                ),
            }
    except duckdb.Error as error:
        raise ReportError(f"{duckdb_path}: cannot read the marts: {str(error).splitlines()[0]}") from None


# -- formatting --------------------------------------------------------------


NBSP = "\u00a0"  # keeps "65.3 %" and "> 40.00 %" on one line
# "(0-1)" in a description that sits beside a value shown in percent
SHARE_SCALE = re.compile(r"\s*\(0-1\)")


def pct(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value * 100:.{digits}f}{NBSP}%"


def number(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def format_metric(metric: str, value: float | None) -> str:
    """A key_findings or risk_flags value, formatted by what its name says it is."""
    if value is None:
        return "n/a"
    if metric.endswith("_share"):
        return pct(value)
    if metric.startswith(("hhi_", "normalized_hhi_")):
        return number(value, 0 if value == int(value) else 2)
    if metric.startswith("gini_"):
        return f"{value:.4f}"
    if metric.endswith("_usd"):
        return "$" + number(value, 2 if value != int(value) else 0)
    if metric.endswith("_month"):
        return f"{int(value) // 100}-{int(value) % 100:02d}"
    return number(value, 0 if value == int(value) else 4)


def shown_description(metric: str, description: str) -> str:
    """The description as shown beside the formatted value: a share is shown
    in percent, so its "(0-1)" scale note is dropped."""
    return SHARE_SCALE.sub("", description) if metric.endswith("_share") else description


def breakable(name: str) -> str:
    """An identifier, escaped, that may break only after '_', ':' or '.' (never mid-word)."""
    return re.sub(r"([_:.])", r"\1<wbr>", esc(name))


def month_label(year_month: int) -> str:
    return f"{year_month // 100}-{year_month % 100:02d}"


def month_range(first: int, last: int) -> list[int]:
    """Every yyyymm from first to last, both included."""
    months = []
    year, month = divmod(first, 100)
    while year * 100 + month <= last:
        months.append(year * 100 + month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# -- charts ------------------------------------------------------------------


def base_layout(**overrides: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "template": "plotly_white",
        "margin": {"l": 60, "r": 20, "t": 20, "b": 50},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hoverlabel": {"namelength": -1},
    }
    layout.update(overrides)
    return layout


def lorenz_chart(data: dict[str, Any]) -> Chart:
    points = data["lorenz"]
    gini = data["customers"]["gini_purchase_amount"]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name="Equal spending",
            line={"color": COLORS["grey"], "dash": "dash"},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[p["cumulative_customer_share"] for p in points],
            y=[p["cumulative_revenue_share"] for p in points],
            mode="lines",
            name="Customers, smallest first",
            fill="tonexty",
            fillcolor="rgba(31, 95, 139, 0.12)",
            line={"color": COLORS["revenue"], "width": 3},
            customdata=[p["customers"] for p in points],
            hovertemplate="smallest %{x:.0%} of customers (%{customdata}): %{y:.2%} of revenue"
            "<extra></extra>",
        )
    )
    figure.update_layout(
        **base_layout(
            xaxis={
                "title": "share of customers, smallest spenders first",
                "tickformat": ".0%",
                "range": [0, 1],
            },
            yaxis={"title": "share of revenue", "tickformat": ".0%", "range": [0, 1]},
            annotations=[
                {
                    "x": 0.3,
                    "y": 0.75,
                    "showarrow": False,
                    "font": {"size": 16},
                    "text": f"Gini = {gini:.4f}" if gini is not None else "Gini n/a",
                }
            ],
        )
    )
    return Chart(
        "chart-lorenz",
        "Lorenz curve of customer revenue",
        "How far revenue is from an even spread across customers: the gap between the curve and the "
        "diagonal is the Gini coefficient (0 = everyone spends the same, 1 = one customer spends all).",
        figure,
    )


def pareto_chart(data: dict[str, Any]) -> Chart:
    points = data["pareto"]
    customers = data["customers"]
    findings = {row["metric"]: row["value"] for row in data["findings"]}
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[p["cumulative_customer_share"] for p in points],
            y=[p["cumulative_revenue_share"] for p in points],
            mode="lines",
            name="Customers, largest first",
            line={"color": COLORS["revenue"], "width": 3},
            customdata=[p["customers"] for p in points],
            hovertemplate="top %{x:.0%} of customers (%{customdata}): %{y:.2%} of revenue<extra></extra>",
        )
    )
    pareto_x = customers["customers_for_pareto_revenue_share"]
    pareto_y = customers["pareto_customers_revenue_share"]
    if pareto_x is not None and pareto_y is not None:
        percent = customers["pareto_revenue_percent"]
        figure.add_trace(
            go.Scatter(
                x=[0, pareto_x, pareto_x],
                y=[pareto_y, pareto_y, 0],
                mode="lines+markers",
                name=f"{customers['customers_for_pareto_revenue']:,} customers ({pareto_x:.2%}) "
                f"make {percent} %",
                line={"color": COLORS["accent"], "dash": "dot"},
                marker={"size": [0, 9, 0]},
                hoverinfo="skip",
            )
        )
    top_percents = sorted(
        int(metric.split("_")[1].removesuffix("pct"))
        for metric in findings
        if metric.startswith("top_") and metric.endswith("pct_customers_revenue_share")
    )
    tops = [p for p in points if p["customer_percent"] in top_percents]
    if tops:
        figure.add_trace(
            go.Scatter(
                x=[p["cumulative_customer_share"] for p in tops],
                y=[p["cumulative_revenue_share"] for p in tops],
                mode="markers+text",
                name="top " + " / ".join(str(p["customer_percent"]) for p in tops) + " % of customers",
                marker={"color": COLORS["revenue"], "size": 8},
                # small percents sit too close together to label; hover shows them
                text=[
                    f"top {p['customer_percent']} %: {p['cumulative_revenue_share']:.1%}"
                    if p["customer_percent"] >= 10
                    else ""
                    for p in tops
                ],
                textposition="middle right",
                customdata=[p["customer_percent"] for p in tops],
                hovertemplate="top %{customdata} % of customers: %{y:.2%} of revenue<extra></extra>",
            )
        )
    figure.update_layout(
        **base_layout(
            xaxis={
                "title": "share of customers, largest spenders first",
                "tickformat": ".0%",
                "range": [0, 1],
            },
            yaxis={"title": "cumulative share of revenue", "tickformat": ".0%", "range": [0, 1.02]},
        )
    )
    return Chart(
        "chart-pareto",
        "Pareto curve: how many customers make the revenue",
        "Customers sorted from the largest spender down; the dotted line marks the fewest customers that "
        "make the Pareto share of revenue.",
        figure,
    )


def share_bars(
    labels: Sequence[str],
    customer_shares: Sequence[float],
    revenue_shares: Sequence[float],
    customers: Sequence[int],
    revenue: Sequence[float],
    x_title: str,
) -> go.Figure:
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=list(labels),
            y=list(customer_shares),
            name="share of customers",
            marker_color=COLORS["customers"],
            customdata=list(customers),
            hovertemplate="%{x}: %{customdata:,} customers (%{y:.2%})<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            x=list(labels),
            y=list(revenue_shares),
            name="share of revenue",
            marker_color=COLORS["revenue"],
            customdata=list(revenue),
            text=[pct(v, 1) for v in revenue_shares],
            textposition="outside",
            hovertemplate="%{x}: $%{customdata:,.0f} (%{y:.2%})<extra></extra>",
        )
    )
    top = max([*customer_shares, *revenue_shares, 0.01])
    figure.update_layout(
        **base_layout(
            barmode="group",
            xaxis={"title": x_title, "type": "category"},
            yaxis={"title": "share", "tickformat": ".0%", "range": [0, top * 1.18]},
        )
    )
    return figure


def tier_chart(data: dict[str, Any]) -> Chart:
    tiers = data["tiers"]
    labels = []
    for tier in tiers:
        low, high = tier["min_purchase_amount_usd"], tier["max_purchase_amount_usd"]
        span = f" (${low:,.0f}-{high:,.0f})" if low is not None and high is not None else ""
        labels.append(f"{tier['spending_tier']}{span}")
    figure = share_bars(
        labels,
        [t["customer_share"] or 0 for t in tiers],
        [t["revenue_share"] or 0 for t in tiers],
        [t["customers"] for t in tiers],
        [float(t["revenue_usd"]) for t in tiers],
        "spending tier (purchase amounts held)",
    )
    return Chart(
        "chart-tiers",
        "Revenue by spending tier",
        "Spending tiers are quantiles of the purchase amount, with equal amounts always in one tier.",
        figure,
    )


def bracket_chart(data: dict[str, Any]) -> Chart:
    brackets = data["brackets"]
    figure = share_bars(
        [b["age_bracket"] for b in brackets],
        [b["customer_share"] or 0 for b in brackets],
        [b["revenue_share"] or 0 for b in brackets],
        [b["customers"] for b in brackets],
        [float(b["revenue_usd"]) for b in brackets],
        "age bracket (inclusive)",
    )
    return Chart(
        "chart-age-brackets",
        "Revenue by age bracket",
        "Share of customers and of revenue per age bracket.",
        figure,
    )


def category_chart(data: dict[str, Any]) -> Chart:
    categories = list(reversed(data["categories"]))
    segment = next((s for s in data["segments"] if s["concentration_key"] == "category_revenue"), None)
    figure = go.Figure(
        go.Bar(
            y=[c["segment_value"] for c in categories],
            x=[c["revenue_share"] for c in categories],
            orientation="h",
            marker_color=COLORS["revenue"],
            text=[pct(c["revenue_share"]) for c in categories],
            textposition="auto",
            customdata=[[float(c["revenue_usd"]), c["customers"]] for c in categories],
            hovertemplate="%{y}: $%{customdata[0]:,.0f} from %{customdata[1]:,} customers (%{x:.2%})"
            "<extra></extra>",
        )
    )
    figure.update_layout(
        **base_layout(
            xaxis={"title": "share of revenue", "tickformat": ".0%"},
            yaxis={"title": None, "automargin": True},
            margin={"l": 20, "r": 20, "t": 20, "b": 50},
        )
    )
    return Chart(
        "chart-categories",
        f"Revenue by purchased category ({category_hhi_title(segment)})",
        "Category from the customer file. " + category_hhi_note(segment, data["risks"]),
        figure,
    )


def category_hhi_title(segment: Row | None) -> str:
    if segment is None or segment["hhi"] is None:
        return "HHI n/a"
    return f"HHI {number(segment['hhi'])}, normalised {number(segment['normalized_hhi'])}"


def category_hhi_note(segment: Row | None, risks: Sequence[Row]) -> str:
    """How to read the category HHI: the segment count, the even-spread floor
    and the risk threshold, all read from the database."""
    if segment is None or segment["hhi"] is None:
        return "No category revenue to measure."
    monitor = next((r for r in risks if r["monitor_key"] == "segment_normalized_hhi:category_revenue"), None)
    segments = segment["segments"]
    note = (
        f"With {segments} categories an even spread gives an HHI of {number(segment['even_spread_hhi'])}; "
        "the normalised HHI, (HHI - 10,000 / N) / (1 - 1 / N), is 0 for an even spread and 10,000 "
        "when one category holds everything, whatever N."
    )
    if monitor is not None:
        note += (
            f" The risk monitor breaches above {number(monitor['threshold'])} "
            f"(var {monitor['threshold_var']}): {monitor['status']}."
        )
    return note


def catalog_chart(data: dict[str, Any]) -> Chart | None:
    """Interactions and purchases by top-level catalog category, over
    interactions whose product is in the catalog; None when there are none."""
    catalog = data["catalog"]
    total_interactions = sum(c["interactions"] for c in catalog)
    total_purchases = sum(c["purchases"] for c in catalog)
    if total_interactions == 0:
        return None
    catalog = list(reversed(catalog))
    figure = go.Figure()
    for measure, total, color in (
        ("interactions", total_interactions, COLORS["customers"]),
        ("purchases", total_purchases, COLORS["revenue"]),
    ):
        figure.add_trace(
            go.Bar(
                y=[c["product_category"] for c in catalog],
                x=[c[measure] / total if total else 0 for c in catalog],
                customdata=[c[measure] for c in catalog],
                orientation="h",
                name=f"share of {measure}",
                marker_color=color,
                hovertemplate="%{y}: %{customdata:,} " + measure + " (%{x:.2%})<extra></extra>",
            )
        )
    figure.update_layout(
        **base_layout(
            barmode="group",
            xaxis={"title": "share (products found in the catalog)", "tickformat": ".0%"},
            yaxis={"title": None, "automargin": True},
            margin={"l": 20, "r": 20, "t": 30, "b": 50},
        )
    )
    return Chart(
        "chart-catalog-categories",
        "Interactions and purchases by catalog category",
        "Top-level category of the product catalog; interactions with a product missing from the catalog "
        "are left out.",
        figure,
    )


def heatmap_chart(data: dict[str, Any]) -> Chart:
    counts = {(c["day_of_week_number"], c["hour_of_day"]): c for c in data["cells"]}
    total = sum(c["interactions"] for c in data["cells"])
    z = [[counts.get((day, hour), {}).get("interactions", 0) for hour in range(24)] for day in range(1, 8)]
    shares = [[(value / total if total else 0) for value in row] for row in z]
    peak = {(p["day_of_week_number"], p["hour_of_day"]) for p in data["peak"]}
    peak_share = max((p["cumulative_interaction_share"] for p in data["peak"]), default=None)
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{hour:02d}h" for hour in range(24)],
            y=list(WEEKDAYS),
            customdata=shares,
            colorscale="Blues",
            colorbar={"title": {"text": "interactions"}},
            xgap=1,
            ygap=1,
            hovertemplate="%{y} %{x}: %{z:,} interactions (%{customdata:.2%})<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[f"{hour:02d}h" for _, hour in sorted(peak)],
            y=[WEEKDAYS[day - 1] for day, _ in sorted(peak)],
            mode="markers",
            name="peak window",
            marker={"symbol": "circle-open", "size": 14, "color": COLORS["accent"], "line": {"width": 2}},
            hoverinfo="skip",
        )
    )
    figure.update_layout(
        **base_layout(
            xaxis={"title": "hour of day", "type": "category", "tickangle": 0, "dtick": 2},
            yaxis={"title": None, "autorange": "reversed", "type": "category"},
            margin={"l": 90, "r": 20, "t": 30, "b": 50},
        )
    )
    return Chart(
        "chart-weekday-hour",
        f"Interactions by weekday and hour ({len(peak)} of 168 cells hold {pct(peak_share, 1)})",
        "Valid interactions per hour of the week. Circled: the peak windows, the fewest cells holding "
        "the peak-window share of all interactions.",
        figure,
    )


def interaction_colors(months: list[Row]) -> list[tuple[str, str]]:
    """(count column, colour) per interaction type column of the month rows,
    in the mart's order: the known types keep their colour, others take the
    palette's in turn."""
    columns = [c for c in (months[0] if months else INTERACTION_COLORS) if c not in TIME_BUCKET_COLUMNS]
    unknown = iter(INTERACTION_PALETTE * (1 + len(columns) // len(INTERACTION_PALETTE)))
    return [(c, INTERACTION_COLORS.get(c) or next(unknown)) for c in columns]


def monthly_chart(data: dict[str, Any]) -> Chart:
    months = data["months"]
    by_month = {m["interaction_year_month"]: m for m in months}
    axis = (
        month_range(months[0]["interaction_year_month"], months[-1]["interaction_year_month"])
        if months
        else []
    )
    labels = [month_label(m) for m in axis]
    figure = go.Figure()
    for column, color in interaction_colors(months):
        figure.add_trace(
            go.Bar(
                x=labels,
                y=[by_month.get(m, {}).get(column, 0) for m in axis],
                name=column,
                marker_color=color,
                hovertemplate="%{x}: %{y:,} " + column + "<extra></extra>",
            )
        )
    figure.update_layout(
        **base_layout(
            barmode="stack",
            xaxis={"title": "month", "type": "category"},
            yaxis={"title": "valid interactions"},
        )
    )
    return Chart(
        "chart-monthly",
        "Monthly trend of interactions",
        "Valid interactions per calendar month, by interaction type (months without any show as zero).",
        figure,
    )


def charts(data: dict[str, Any]) -> list[Chart]:
    optional = [chart for chart in (catalog_chart(data),) if chart is not None]
    return [
        lorenz_chart(data),
        pareto_chart(data),
        tier_chart(data),
        bracket_chart(data),
        category_chart(data),
        *optional,
        heatmap_chart(data),
        monthly_chart(data),
    ]


# -- page --------------------------------------------------------------------

CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #dfe3e8; --card: #f6f8fa; --accent: #d1495b;
        --ok: #2e7d4f; --blue: #1f5f8b; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       line-height: 1.45; background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.02rem; margin: 0 0 4px; }
p.meta, figcaption, .note { color: var(--muted); font-size: 0.9rem; }
.headlines { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; }
.headline { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.headline .value { font-size: 1.45rem; font-weight: 650; color: var(--blue); white-space: nowrap; }
.headline .extra { font-size: 0.95rem; font-weight: 600; color: var(--blue); }
.headline .label { font-size: 0.85rem; color: var(--muted); }
.headline.alert .value { color: var(--accent); }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 20px; }
.chart-card { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 14px 14px 8px;
              break-inside: avoid; page-break-inside: avoid; }
.chart-card.wide { grid-column: 1 / -1; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--card); }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.status-breach td { background: #fdecee; }
tr.status-no_data td { color: var(--muted); }
.badge { display: inline-block; white-space: nowrap; padding: 1px 8px; border-radius: 10px;
         font-size: 0.8rem; font-weight: 600; }
.badge.breach { background: var(--accent); color: #fff; }
.badge.ok { background: #e3f1e8; color: var(--ok); }
.badge.no_data { background: #eceef1; color: var(--muted); }
code { font-size: 0.85em; }
.monitor-name { font-weight: 600; }
.why { color: var(--muted); font-size: 0.85rem; }
code.monitor-key { color: var(--muted); font-size: 0.75rem; }
td code { overflow-wrap: normal; word-break: normal; }  /* breaks only at <wbr>, after _ : . */
@media (max-width: 900px) { .charts { grid-template-columns: 1fr; } }
/* A phone: narrower margins, and each table row becomes a card. */
@media (max-width: 600px) {
  main { padding: 12px 12px 32px; }
  h1 { font-size: 1.35rem; }
  .headlines { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .headline { padding: 10px; }
  .headline .value { font-size: 1.2rem; }
  .chart-card { padding: 8px 6px 4px; }
  table.risk-flags thead, table.key-findings thead { display: none; }
  table.risk-flags tr, table.key-findings tr { display: block; border-bottom: 1px solid var(--line);
    padding: 6px 0; }
  table.risk-flags td, table.key-findings td { display: block; border: 0; padding: 2px 6px;
    text-align: left; }
  td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 0.8rem; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .charts { grid-template-columns: 1fr; }
  table { font-size: 0.78rem; }
  .chart-card, .headline, tr { break-inside: avoid; page-break-inside: avoid; }
  .modebar-container { display: none !important; }
  tr.status-breach td, .badge, .headline { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# Plotly charts are responsive to window resizes; printing changes the page
# width without one, so resize them around printing too.
RESIZE_FOR_PRINT = """
function resizeCharts() {
  document.querySelectorAll('.plotly-graph-div').forEach(function (el) { Plotly.Plots.resize(el); });
}
window.addEventListener('beforeprint', resizeCharts);
window.addEventListener('afterprint', resizeCharts);
"""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def headline_cards(data: dict[str, Any]) -> str:
    """One card per figure with a headline label (var key_findings), in
    declaration order; a value never wraps (a second figure goes on its own
    line below it)."""
    findings = {row["metric"]: row for row in data["findings"]}
    breaches = sum(1 for risk in data["risks"] if risk["status"] == "breach")
    cards = [
        f'<div class="headline{" alert" if breaches else ""}" data-metric="risk_breaches">'
        f'<div class="value">{breaches} of {len(data["risks"])}</div>'
        '<div class="label">Risk monitors in breach</div></div>'
    ]
    for row in data["findings"]:
        metric, label = row["metric"], row["headline_label"]
        if label is None:
            continue
        extra = ""
        # a count with a <metric>_share figure (customers_for_80pct_revenue): both on the card
        if row["unit"] == "count" and f"{metric}_share" in findings:
            share = pct(findings[f"{metric}_share"]["value"], 1)
            extra = f'<div class="extra">{esc(share)} of customers</div>'
        cards.append(
            f'<div class="headline" data-metric="{esc(metric)}"'
            f' title="{esc(shown_description(metric, row["description"]))}">'
            f'<div class="value">{esc(format_metric(metric, row["value"]))}</div>{extra}'
            f'<div class="label">{esc(label)}</div></div>'
        )
    return '<div class="headlines">' + "".join(cards) + "</div>"


def risk_table(risks: Iterable[Row]) -> str:
    """One row per monitor: its plain-language name and why it matters, the
    id for SQL (monitor_key) in small print, value, threshold and status.
    On a phone each row is a card; data-label names the cell there."""
    rows = []
    for risk in risks:
        status, metric = risk["status"], risk["metric"]
        rows.append(
            f'<tr class="status-{esc(status)}" data-monitor="{esc(risk["monitor_key"])}">'
            f'<td><span class="badge {esc(status)}">{esc(status.replace("_", " "))}</span></td>'
            f'<td><div class="monitor-name">{esc(risk["monitor_name"])}</div>'
            f'<div class="why">{esc(risk["why_it_matters"])}</div>'
            f'<code class="monitor-key">{breakable(risk["monitor_key"])}</code></td>'
            f'<td class="num" data-label="value">{esc(format_metric(metric, risk["metric_value"]))}</td>'
            f'<td class="num" data-label="breach when">{esc(risk["comparison"])}{NBSP}'
            f"{esc(format_metric(metric, risk['threshold']))}</td>"
            f'<td data-label="threshold var"><code class="var">{breakable(risk["threshold_var"])}</code></td>'
            f'<td class="measured">{esc(shown_description(metric, risk["description"]))}</td></tr>'
        )
    return (
        '<table class="risk-flags"><thead><tr><th>status</th><th>monitor and why it matters</th>'
        "<th>value</th><th>breach when</th><th>threshold var</th><th>how it is measured</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


def findings_table(findings: Iterable[Row]) -> str:
    rows = "".join(
        f'<tr data-metric="{esc(row["metric"])}"><td><code>{breakable(row["metric"])}</code></td>'
        f'<td class="num">{esc(format_metric(row["metric"], row["value"]))}</td>'
        f'<td class="description">{esc(shown_description(row["metric"], row["description"]))}</td></tr>'
        for row in findings
    )
    return (
        '<table class="key-findings"><thead><tr><th>metric</th><th>value</th><th>description</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def chart_html(chart: Chart, wide: bool) -> str:
    div = pio.to_html(
        chart.figure,
        config=PLOTLY_CONFIG,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        div_id=chart.chart_id,
        default_height=CHART_HEIGHT,
        default_width="100%",
    )
    return (
        f'<figure class="chart-card{" wide" if wide else ""}" data-chart="{esc(chart.chart_id)}">'
        f"<h3>{esc(chart.title)}</h3>{div}<figcaption>{esc(chart.caption)}</figcaption></figure>"
    )


WIDE_CHARTS = {"chart-weekday-hour", "chart-monthly"}


def render(data: dict[str, Any], source: Path, out: Path) -> str:
    chart_list = charts(data)
    chart_ids = [chart.chart_id for chart in chart_list]
    # an odd number of half-width charts would leave a gap: widen the last one
    half_width = [chart.chart_id for chart in chart_list if chart.chart_id not in WIDE_CHARTS]
    wide = WIDE_CHARTS | ({half_width[-1]} if len(half_width) % 2 else set())
    chart_blocks = "".join(chart_html(chart, chart.chart_id in wide) for chart in chart_list)
    catalog_note = (
        ""
        if "chart-catalog-categories" in chart_ids
        else '<p class="note">No valid interaction matches a product of the catalog, so there is no '
        "catalog-category chart.</p>"
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Concentration report</title>
<style>{CSS}</style>
<script>{get_plotlyjs()}</script>
</head>
<body>
{header_html(data["build_info"], source, out.parent, out, "report")}
<main data-charts="{esc(json.dumps(chart_ids))}">
<h1>Where revenue and activity are concentrated</h1>
<p class="meta">From <code>{esc(source.name)}</code> (marts schema), generated {esc(generated)}.
Definitions and formulas: the dbt docs of <code>models/marts/concentration</code>.</p>
<h2>Headline numbers</h2>
{headline_cards(data)}
<h2>Risk monitors</h2>
<p class="note">Each monitor breaches when its value is above its threshold (a var in
<code>dbt_project.yml</code>); breaches are highlighted. Source: <code>marts.risk_flags</code>.</p>
{risk_table(data["risks"])}
<h2>Charts</h2>
{catalog_note}
<div class="charts">{chart_blocks}</div>
<h2>All key findings</h2>
{findings_table(data["findings"])}
</main>
<script>{RESIZE_FOR_PRINT}</script>
</body>
</html>
"""


def build_report(duckdb_path: Path, out: Path) -> Path:
    """Write the report for a built database; return its path."""
    data = read_marts(duckdb_path)
    page = render(data, duckdb_path, out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(out)
    except OSError as error:
        raise ReportError(f"{out}: cannot write: {error.strerror}") from None
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_duckdb_path_argument(parser)
    parser.add_argument(
        "--out",
        type=Path,
        help="the HTML file to write (default: site/report.html next to the database, as make build does)",
    )
    args = parser.parse_args(argv)
    out = args.out or args.duckdb_path.parent / "site" / "report.html"
    try:
        path = build_report(args.duckdb_path, out)
    except ReportError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    print(f"{PROG}: wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
