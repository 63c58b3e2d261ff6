"""Write the concentration report, a static HTML page, from a built database.

The page (site/report.html next to the database by default) shows the key findings as headline
numbers, the risk-flag table with breaches highlighted, and charts: the
Lorenz curve with the Gini, the Pareto curve, revenue by spending tier and by
age bracket, category shares, a weekday x hour heatmap of interactions and
the monthly trend. It is fully offline: plotly.js is inlined once, nothing
is fetched. It reads the database over a read-only connection (marts
schema) into typed rows (one frozen dataclass per kind, ReportData holding
them all) and is readable at laptop width and printable. The page itself is
templates/report.html.j2 (Jinja2, autoescaped) with templates/report.css and
templates/report_print.js inlined; this file builds the charts and the values.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import jinja2
import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from scripts.project_paths import add_duckdb_path_argument
from scripts.site_header import BuildInfo, header_html, read_build_info

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


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    caption: str
    figure: go.Figure


# -- reading: one frozen dataclass per kind of row the page shows ------------


@dataclass(frozen=True)
class Finding:
    """A row of marts.key_findings (its figures are declared in var key_findings)."""

    metric: str
    value: float | None
    unit: str
    description: str
    headline_label: str | None


@dataclass(frozen=True)
class CustomerConcentration:
    customers_for_pareto_revenue: int | None
    customers_for_pareto_revenue_share: float | None
    pareto_customers_revenue_share: float | None
    pareto_revenue_percent: int


@dataclass(frozen=True)
class CurvePoint:
    """A point of the Lorenz curve (smallest first) or the Pareto curve (largest first)."""

    customer_percent: int
    cumulative_customer_share: float
    cumulative_revenue_share: float
    customers: int


@dataclass(frozen=True)
class ShareGroup:
    """A spending tier or an age bracket: its customers and revenue, and their shares."""

    label: str
    customers: int
    revenue_usd: float
    customer_share: float | None
    revenue_share: float | None
    min_purchase_amount_usd: float | None = None
    max_purchase_amount_usd: float | None = None


@dataclass(frozen=True)
class CategoryRevenue:
    segment_value: str
    customers: int
    revenue_usd: float
    revenue_share: float | None


@dataclass(frozen=True)
class CatalogCategory:
    product_category: str
    interactions: int
    purchases: int


@dataclass(frozen=True)
class SegmentConcentration:
    concentration_key: str
    segments: int
    hhi: float | None
    normalized_hhi: float | None
    even_spread_hhi: float | None


@dataclass(frozen=True)
class HourCell:
    """A weekday x hour cell: its interactions, or for a peak window its running share."""

    day_of_week_number: int
    hour_of_day: int
    interactions: int
    share: float | None


@dataclass(frozen=True)
class MonthCounts:
    """A month's valid interactions per type (the per-type columns follow var valid_interaction_types)."""

    year_month: int
    counts: dict[str, int]


@dataclass(frozen=True)
class RiskFlag:
    monitor_key: str
    monitor_name: str
    why_it_matters: str
    metric: str
    metric_value: float | None
    threshold: float | None
    threshold_var: str
    comparison: str
    status: str
    description: str


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows, read from the marts."""

    build_info: BuildInfo
    findings: list[Finding]
    customers: CustomerConcentration
    lorenz: list[CurvePoint]
    pareto: list[CurvePoint]
    tiers: list[ShareGroup]
    brackets: list[ShareGroup]
    categories: list[CategoryRevenue]
    catalog: list[CatalogCategory]
    segments: list[SegmentConcentration]
    cells: list[HourCell]
    months: list[MonthCounts]
    peak: list[HourCell]
    risks: list[RiskFlag]


T = TypeVar("T")


class Marts:
    """Read-only access to the marts of one database."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def rows(self, kind: type[T], select: str, rest: str) -> list[T]:
        """`select <select> <rest>`, one `kind` per row (its fields in the select's order)."""
        return [kind(*values) for values in self.con.sql(f"select {select} {rest}").fetchall()]

    def one(self, kind: type[T], select: str, rest: str) -> T:
        rows = self.rows(kind, select, rest)
        if len(rows) != 1:
            raise ReportError(f"expected one row, got {len(rows)}: {rest.split()[-1]}")
        return rows[0]


def fields(kind: type) -> str:
    """The select list of a dataclass's fields, by name."""
    return ", ".join(field.name for field in dataclasses.fields(kind))


def read_months(con: duckdb.DuckDBPyConnection) -> list[MonthCounts]:
    relation = con.sql(
        "select * from marts.interactions_by_time_bucket where time_grain = 'month' order by bucket_order"
    )
    types = [column for column in relation.columns if column not in TIME_BUCKET_COLUMNS]
    return [
        MonthCounts(row["interaction_year_month"], {column: row[column] for column in types})
        for row in (dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall())
    ]


def read_marts(duckdb_path: Path) -> ReportData:
    if not duckdb_path.is_file():
        raise ReportError(f"{duckdb_path}: no such database")
    curve = "customer_percent, cumulative_customer_share, cumulative_revenue_share, customers"
    shares = "customers, revenue_usd, customer_share, revenue_share"
    try:
        with duckdb.connect(str(duckdb_path), read_only=True) as con:
            marts = Marts(con)
            return ReportData(
                build_info=read_build_info(con),
                findings=marts.rows(
                    Finding, fields(Finding), "from marts.key_findings order by figure_order, metric"
                ),
                customers=marts.one(
                    CustomerConcentration, fields(CustomerConcentration), "from marts.customer_concentration"
                ),
                lorenz=marts.rows(
                    CurvePoint,
                    curve.replace("customer_percent", "customer_percentile"),
                    "from marts.lorenz_curve order by customer_percentile",
                ),
                pareto=marts.rows(CurvePoint, curve, "from marts.pareto_curve order by customer_percent"),
                tiers=marts.rows(
                    ShareGroup,
                    f"spending_tier, {shares}, min_purchase_amount_usd, max_purchase_amount_usd",
                    "from marts.spending_tiers order by spending_tier_rank",
                ),
                brackets=marts.rows(
                    ShareGroup,
                    f"age_bracket, {shares}",
                    "from marts.age_brackets where age_bracket_rank > 0 or customers > 0 "
                    "order by age_bracket_rank",
                ),
                categories=marts.rows(
                    CategoryRevenue,
                    fields(CategoryRevenue),
                    "from marts.revenue_by_segment where segment_dimension = 'purchase_category' "
                    "order by revenue_rank",
                ),
                catalog=marts.rows(
                    CatalogCategory,
                    fields(CatalogCategory),
                    "from marts.interactions_by_product_category where has_known_product "
                    "order by interactions desc, product_category",
                ),
                segments=marts.rows(
                    SegmentConcentration,
                    fields(SegmentConcentration),
                    "from marts.segment_concentration order by concentration_key",
                ),
                cells=marts.rows(
                    HourCell,
                    "day_of_week_number, hour_of_day, interactions, interaction_share",
                    "from marts.interactions_by_time_bucket where time_grain = 'weekday_hour'",
                ),
                months=read_months(con),
                peak=marts.rows(
                    HourCell,
                    "day_of_week_number, hour_of_day, interactions, cumulative_interaction_share",
                    "from marts.peak_windows order by window_rank",
                ),
                risks=marts.rows(
                    RiskFlag,
                    fields(RiskFlag),
                    "from marts.risk_flags order by "
                    "case status when 'breach' then 0 when 'no_data' then 1 else 2 end, monitor_key",
                ),
            )
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
    return Markup(re.sub(r"([_:.])", r"\1<wbr>", html.escape(name, quote=True)))


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


def curve_axes(x_title: str, y_title: str, y_top: float, **overrides: Any) -> dict[str, Any]:
    """The layout of a cumulative curve: both axes shares 0-1 (y up to y_top)."""
    return base_layout(
        xaxis={"title": x_title, "tickformat": ".0%", "range": [0, 1]},
        yaxis={"title": y_title, "tickformat": ".0%", "range": [0, y_top]},
        **overrides,
    )


def lorenz_chart(data: ReportData) -> Chart:
    points = data.lorenz
    # a headline figure: read by its stable key_findings name, not a mart column
    gini = next((f.value for f in data.findings if f.metric == "gini_purchase_amount"), None)
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
            x=[p.cumulative_customer_share for p in points],
            y=[p.cumulative_revenue_share for p in points],
            mode="lines",
            name="Customers, smallest first",
            fill="tonexty",
            fillcolor="rgba(31, 95, 139, 0.12)",
            line={"color": COLORS["revenue"], "width": 3},
            customdata=[p.customers for p in points],
            hovertemplate="smallest %{x:.0%} of customers (%{customdata}): %{y:.2%} of revenue"
            "<extra></extra>",
        )
    )
    figure.update_layout(
        **curve_axes(
            "share of customers, smallest spenders first",
            "share of revenue",
            1,
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


def pareto_chart(data: ReportData) -> Chart:
    points = data.pareto
    customers = data.customers
    findings = {row.metric: row.value for row in data.findings}
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[p.cumulative_customer_share for p in points],
            y=[p.cumulative_revenue_share for p in points],
            mode="lines",
            name="Customers, largest first",
            line={"color": COLORS["revenue"], "width": 3},
            customdata=[p.customers for p in points],
            hovertemplate="top %{x:.0%} of customers (%{customdata}): %{y:.2%} of revenue<extra></extra>",
        )
    )
    pareto_x = customers.customers_for_pareto_revenue_share
    pareto_y = customers.pareto_customers_revenue_share
    if pareto_x is not None and pareto_y is not None:
        percent = customers.pareto_revenue_percent
        figure.add_trace(
            go.Scatter(
                x=[0, pareto_x, pareto_x],
                y=[pareto_y, pareto_y, 0],
                mode="lines+markers",
                name=f"{customers.customers_for_pareto_revenue:,} customers ({pareto_x:.2%}) "
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
    tops = [p for p in points if p.customer_percent in top_percents]
    if tops:
        figure.add_trace(
            go.Scatter(
                x=[p.cumulative_customer_share for p in tops],
                y=[p.cumulative_revenue_share for p in tops],
                mode="markers+text",
                name="top " + " / ".join(str(p.customer_percent) for p in tops) + " % of customers",
                marker={"color": COLORS["revenue"], "size": 8},
                # small percents sit too close together to label; hover shows them
                text=[
                    f"top {p.customer_percent} %: {p.cumulative_revenue_share:.1%}"
                    if p.customer_percent >= 10
                    else ""
                    for p in tops
                ],
                textposition="middle right",
                customdata=[p.customer_percent for p in tops],
                hovertemplate="top %{customdata} % of customers: %{y:.2%} of revenue<extra></extra>",
            )
        )
    figure.update_layout(
        **curve_axes("share of customers, largest spenders first", "cumulative share of revenue", 1.02)
    )
    return Chart(
        "chart-pareto",
        "Pareto curve: how many customers make the revenue",
        "Customers sorted from the largest spender down; the dotted line marks the fewest customers that "
        "make the Pareto share of revenue.",
        figure,
    )


def share_bars(groups: Sequence[ShareGroup], labels: Sequence[str], x_title: str) -> go.Figure:
    """Share of customers and share of revenue side by side, one pair per group."""
    customer_shares = [group.customer_share or 0 for group in groups]
    revenue_shares = [group.revenue_share or 0 for group in groups]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=list(labels),
            y=customer_shares,
            name="share of customers",
            marker_color=COLORS["customers"],
            customdata=[group.customers for group in groups],
            hovertemplate="%{x}: %{customdata:,} customers (%{y:.2%})<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            x=list(labels),
            y=revenue_shares,
            name="share of revenue",
            marker_color=COLORS["revenue"],
            customdata=[float(group.revenue_usd) for group in groups],
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


def tier_label(tier: ShareGroup) -> str:
    """The tier's name and the purchase amounts it holds."""
    low, high = tier.min_purchase_amount_usd, tier.max_purchase_amount_usd
    return f"{tier.label} (${low:,.0f}-{high:,.0f})" if low is not None and high is not None else tier.label


def tier_chart(data: ReportData) -> Chart:
    return Chart(
        "chart-tiers",
        "Revenue by spending tier",
        "Spending tiers are quantiles of the purchase amount, with equal amounts always in one tier.",
        share_bars(
            data.tiers, [tier_label(tier) for tier in data.tiers], "spending tier (purchase amounts held)"
        ),
    )


def bracket_chart(data: ReportData) -> Chart:
    return Chart(
        "chart-age-brackets",
        "Revenue by age bracket",
        "Share of customers and of revenue per age bracket.",
        share_bars(data.brackets, [bracket.label for bracket in data.brackets], "age bracket (inclusive)"),
    )


def category_chart(data: ReportData) -> Chart:
    categories = list(reversed(data.categories))
    segment = next((s for s in data.segments if s.concentration_key == "category_revenue"), None)
    figure = go.Figure(
        go.Bar(
            y=[c.segment_value for c in categories],
            x=[c.revenue_share for c in categories],
            orientation="h",
            marker_color=COLORS["revenue"],
            text=[pct(c.revenue_share) for c in categories],
            textposition="auto",
            customdata=[[float(c.revenue_usd), c.customers] for c in categories],
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
        "Category from the customer file. " + category_hhi_note(segment, data.risks),
        figure,
    )


def category_hhi_title(segment: SegmentConcentration | None) -> str:
    if segment is None or segment.hhi is None:
        return "HHI n/a"
    return f"HHI {number(segment.hhi)}, normalised {number(segment.normalized_hhi)}"


def category_hhi_note(segment: SegmentConcentration | None, risks: Sequence[RiskFlag]) -> str:
    """How to read the category HHI: the segment count, the even-spread floor
    and the risk threshold, all read from the database."""
    if segment is None or segment.hhi is None:
        return "No category revenue to measure."
    monitor = next((r for r in risks if r.monitor_key == "segment_normalized_hhi:category_revenue"), None)
    segments = segment.segments
    note = (
        f"With {segments} categories an even spread gives an HHI of {number(segment.even_spread_hhi)}; "
        "the normalised HHI, (HHI - 10,000 / N) / (1 - 1 / N), is 0 for an even spread and 10,000 "
        "when one category holds everything, whatever N."
    )
    if monitor is not None:
        note += (
            f" The risk monitor breaches above {number(monitor.threshold)} "
            f"(var {monitor.threshold_var}): {monitor.status}."
        )
    return note


def catalog_chart(data: ReportData) -> Chart | None:
    """Interactions and purchases by top-level catalog category, over
    interactions whose product is in the catalog; None when there are none."""
    catalog = data.catalog
    total_interactions = sum(c.interactions for c in catalog)
    total_purchases = sum(c.purchases for c in catalog)
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
                y=[c.product_category for c in catalog],
                x=[getattr(c, measure) / total if total else 0 for c in catalog],
                customdata=[getattr(c, measure) for c in catalog],
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


def heatmap_chart(data: ReportData) -> Chart:
    counts = {(c.day_of_week_number, c.hour_of_day): c.interactions for c in data.cells}
    total = sum(c.interactions for c in data.cells)
    z = [[counts.get((day, hour), 0) for hour in range(24)] for day in range(1, 8)]
    shares = [[(value / total if total else 0) for value in row] for row in z]
    peak = {(p.day_of_week_number, p.hour_of_day) for p in data.peak}
    peak_share = max((p.share for p in data.peak), default=None)
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


def interaction_colors(months: list[MonthCounts]) -> list[tuple[str, str]]:
    """(count column, colour) per interaction type column of the month rows,
    in the mart's order: the known types keep their colour, others take the
    palette's in turn."""
    columns = list(months[0].counts if months else INTERACTION_COLORS)
    unknown = iter(INTERACTION_PALETTE * (1 + len(columns) // len(INTERACTION_PALETTE)))
    return [(c, INTERACTION_COLORS.get(c) or next(unknown)) for c in columns]


def monthly_chart(data: ReportData) -> Chart:
    months = data.months
    by_month = {m.year_month: m.counts for m in months}
    axis = month_range(months[0].year_month, months[-1].year_month) if months else []
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


def charts(data: ReportData) -> list[Chart]:
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

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
WIDE_CHARTS = {"chart-weekday-hour", "chart-monthly"}


@dataclass(frozen=True)
class Card:
    """A headline card: a figure with a headline label in var key_findings."""

    metric: str
    value: str
    label: str
    description: str
    extra: str | None


@dataclass(frozen=True)
class ChartBlock:
    chart_id: str
    title: str
    caption: str
    div: Markup
    wide: bool


def headline_cards(findings: list[Finding]) -> list[Card]:
    """One card per figure with a headline label, in declaration order; a
    count with a <metric>_share figure (customers_for_80pct_revenue) shows
    the share below its value (a value never wraps)."""
    by_metric = {finding.metric: finding for finding in findings}
    cards = []
    for finding in findings:
        if finding.headline_label is None:
            continue
        share = by_metric.get(f"{finding.metric}_share")
        extra = f"{pct(share.value, 1)} of customers" if finding.unit == "count" and share else None
        cards.append(
            Card(
                finding.metric,
                format_metric(finding.metric, finding.value),
                finding.headline_label,
                shown_description(finding.metric, finding.description),
                extra,
            )
        )
    return cards


def chart_blocks(chart_list: list[Chart]) -> list[ChartBlock]:
    """Each chart's plotly div; an odd number of half-width charts would
    leave a gap, so the last one is widened."""
    half_width = [chart.chart_id for chart in chart_list if chart.chart_id not in WIDE_CHARTS]
    wide = WIDE_CHARTS | ({half_width[-1]} if len(half_width) % 2 else set())
    return [
        ChartBlock(
            chart.chart_id,
            chart.title,
            chart.caption,
            Markup(
                pio.to_html(
                    chart.figure,
                    config=PLOTLY_CONFIG,
                    include_plotlyjs=False,
                    include_mathjax=False,
                    full_html=False,
                    div_id=chart.chart_id,
                    default_height=CHART_HEIGHT,
                    default_width="100%",
                )
            ),
            chart.chart_id in wide,
        )
        for chart in chart_list
    ]


def render(data: ReportData, source: Path, out: Path) -> str:
    """The page, from templates/report.html.j2 with report.css and
    report_print.js inlined (the file stands alone, offline)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=jinja2.StrictUndefined
    )
    environment.filters["breakable"] = breakable
    blocks = chart_blocks(charts(data))
    return environment.get_template("report.html.j2").render(
        css=Markup((TEMPLATES_DIR / "report.css").read_text()),
        print_js=Markup((TEMPLATES_DIR / "report_print.js").read_text()),
        plotly_js=Markup(get_plotlyjs()),
        header=Markup(header_html(data.build_info, source, out.parent, out, "report")),
        source_name=source.name,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        cards=headline_cards(data.findings),
        risks=data.risks,
        chart_ids=[block.chart_id for block in blocks],
        charts=blocks,
        findings=data.findings,
        format_metric=format_metric,
        shown_description=shown_description,
    )


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
