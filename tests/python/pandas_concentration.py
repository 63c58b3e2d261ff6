"""Concentration metrics in plain numpy/pandas, as an independent reference.

Every figure of models/marts/concentration is recomputed here from a
:class:`pandas_reference.Analysis` (the raw CSVs as the original analysis
read them), with no code shared with the dbt project. The definitions are the
documented ones (models/marts/concentration/_concentration__models.yml):

* customers largest first = amount descending, ties by customer id;
  top p % = the ceil(n * p / 100) largest; Lorenz point p = the
  floor(n * p / 100) smallest;
* Gini: G = (n + 1 - 2 * sum(cumsum(sorted amounts)) / T) / n;
* Pareto: the fewest largest customers holding >= P % of revenue, compared
  exactly (Decimal), never in floating point;
* HHI = 10,000 * sum(share ** 2);
* peak windows: weekday x hour cells busiest first (ties by weekday, hour),
  kept while the cells before hold < Q % of all interactions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd
import pandas_reference as ref

# The documented defaults (dbt_project.yml vars), restated rather than read.
TOP_PERCENTS = (1, 5, 10, 20)
PARETO_PERCENT = 80
PEAK_PERCENT = 50
CUSTOMER_DIMENSIONS = {
    "category_revenue": "Category",
    "item_revenue": "Item Purchased",
    "location_revenue": "Location",
    "payment_method_revenue": "Payment Method",
    "shipping_type_revenue": "Shipping Type",
    "season_revenue": "Season",
}
CATEGORY_SEPARATOR = " | "
UNCATEGORISED = "Uncategorised"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Concentration:
    """How concentrated a measure is across segments."""

    segments: int
    hhi: float | None
    top_segment: str | None
    top_share: float | None


def _amounts(a: ref.Analysis) -> pd.DataFrame:
    return a.customers[["Customer ID", ref.AMOUNT]].rename(
        columns={"Customer ID": "customer_id", ref.AMOUNT: "amount"}
    )


def largest_first(a: ref.Analysis) -> pd.DataFrame:
    """Customers by amount descending, ties by customer id, with running revenue."""
    ranked = (
        _amounts(a).sort_values(["amount", "customer_id"], ascending=[False, True]).reset_index(drop=True)
    )
    ranked["cumulative_revenue"] = ranked["amount"].cumsum()
    return ranked


def gini(a: ref.Analysis) -> float:
    amounts = np.sort(_amounts(a)["amount"].to_numpy(dtype=float))
    n, total = len(amounts), amounts.sum()
    return float((n + 1 - 2 * np.cumsum(amounts).sum() / total) / n)


def top_customers(n: int, percent: int) -> int:
    return -(-n * percent // 100)  # ceil, in integers


def pareto_curve(a: ref.Analysis) -> dict[int, tuple[int, float]]:
    """percent -> (customers, revenue share of the top percent % of customers)."""
    ranked = largest_first(a)
    n, total = len(ranked), float(ranked["amount"].sum())
    cumulative = np.concatenate([[0.0], ranked["cumulative_revenue"].to_numpy(dtype=float)])
    return {p: (top_customers(n, p), cumulative[top_customers(n, p)] / total) for p in range(101)}


def lorenz_curve(a: ref.Analysis) -> dict[int, tuple[int, float]]:
    """percentile -> (customers, revenue share of the floor(n * p / 100) smallest)."""
    ranked = largest_first(a).iloc[::-1]  # smallest first: the exact reverse
    n, total = len(ranked), float(ranked["amount"].sum())
    cumulative = np.concatenate([[0.0], ranked["amount"].cumsum().to_numpy(dtype=float)])
    return {p: (n * p // 100, cumulative[n * p // 100] / total) for p in range(101)}


def customers_for_revenue(a: ref.Analysis, percent: int = PARETO_PERCENT) -> int:
    """The fewest largest customers whose revenue is at least percent % of the total (exact)."""
    amounts = [Decimal(str(value)) for value in largest_first(a)["amount"]]
    target = sum(amounts, Decimal(0)) * percent
    running = Decimal(0)
    for count, amount in enumerate(amounts, start=1):
        running += amount
        if running * 100 >= target:
            return count
    raise AssertionError("cumulative revenue never reaches the target")


def hhi(shares: pd.Series) -> float:
    return float(10000 * (shares**2).sum())


def concentration(measure: pd.Series) -> Concentration:
    """measure: value per segment (segment label as index); zero segments are left out."""
    positive = measure[measure > 0].astype(float)
    if positive.empty:
        return Concentration(0, None, None, None)
    shares = positive / positive.sum()
    ordered = pd.DataFrame({"segment": positive.index.astype(str), "value": positive.to_numpy()})
    top = ordered.sort_values(["value", "segment"], ascending=[False, True]).iloc[0]
    return Concentration(
        len(positive), hhi(shares), str(top["segment"]), float(top["value"] / positive.sum())
    )


def product_categories(a: ref.Analysis) -> pd.Series:
    """Top-level catalog category per product id (first level of the path)."""
    level_1 = a.products["Category"].fillna("").str.split(CATEGORY_SEPARATOR, regex=False).str[0].str.strip()
    return pd.Series(level_1.replace("", UNCATEGORISED).to_numpy(), index=a.products["Uniqe Id"])


def segment_concentration(a: ref.Analysis) -> dict[str, Concentration]:
    result = {
        key: concentration(a.customers.groupby(column)[ref.AMOUNT].sum())
        for key, column in CUSTOMER_DIMENSIONS.items()
    }
    categories = a.interactions["product id"].map(product_categories(a))
    known = a.interactions[categories.notna()].assign(category=categories[categories.notna()])
    result["product_category_interactions"] = concentration(known.groupby("category").size())
    purchases = known[known["Interaction type"] == "purchase"]
    result["product_category_purchases"] = concentration(purchases.groupby("category").size())
    return result


def time_buckets(a: ref.Analysis) -> dict[str, pd.DataFrame]:
    """Per grain: label, order (as the mart sorts ties) and interactions per bucket."""
    stamps = a.interactions["Time stamp"]
    weekday = stamps.dt.day_of_week + 1
    frames = {
        "month": pd.DataFrame({"label": (stamps.dt.year * 100 + stamps.dt.month).astype(str)}).assign(
            order=stamps.dt.year * 100 + stamps.dt.month
        ),
        "weekday": pd.DataFrame({"label": stamps.dt.day_name(), "order": weekday}),
        "hour": pd.DataFrame({"label": stamps.dt.hour.map(lambda h: f"{h:02d}h"), "order": stamps.dt.hour}),
        "weekday_hour": pd.DataFrame(
            {
                "label": stamps.dt.day_name() + " " + stamps.dt.hour.map(lambda h: f"{h:02d}h"),
                "order": weekday * 100 + stamps.dt.hour,
            }
        ),
    }
    result = {}
    for grain, frame in frames.items():
        counts = frame.groupby(["label", "order"]).size().rename("interactions").reset_index()
        ordered = counts.sort_values(["interactions", "order"], ascending=[False, True])
        result[grain] = ordered.reset_index(drop=True)
    return result


def time_concentration(a: ref.Analysis) -> dict[str, tuple[int, str, int, float, float]]:
    """grain -> (active buckets, busiest bucket, its interactions, its share, HHI)."""
    result = {}
    for grain, buckets in time_buckets(a).items():
        total = buckets["interactions"].sum()
        busiest = buckets.iloc[0]
        result[grain] = (
            len(buckets),
            str(busiest["label"]),
            int(busiest["interactions"]),
            float(busiest["interactions"] / total),
            hhi(buckets["interactions"] / total),
        )
    return result


def months_spanned(a: ref.Analysis) -> int:
    stamps = a.interactions["Time stamp"]
    first, last = stamps.min(), stamps.max()
    return (last.year - first.year) * 12 + last.month - first.month + 1


def peak_windows(a: ref.Analysis, percent: int = PEAK_PERCENT) -> list[tuple[str, int, float]]:
    """The peak cells, busiest first: (label, interactions, cumulative share)."""
    cells = time_buckets(a)["weekday_hour"]
    total = int(cells["interactions"].sum())
    kept, before = [], 0
    for label, count in zip(cells["label"], cells["interactions"], strict=True):
        if before * 100 >= total * percent:
            break
        before += int(count)
        kept.append((str(label), int(count), before / total))
    return kept


def key_findings(a: ref.Analysis) -> dict[str, float]:
    """Every concentration metric key_findings publishes, by its name."""
    n = len(a.customers)
    amounts = a.customers[ref.AMOUNT].astype(float)
    total = amounts.sum()
    pareto = pareto_curve(a)
    findings: dict[str, float] = {
        "gini_purchase_amount": gini(a),
        **{f"top_{p}pct_customers_revenue_share": pareto[p][1] for p in TOP_PERCENTS},
        f"customers_for_{PARETO_PERCENT}pct_revenue": customers_for_revenue(a),
        f"customers_for_{PARETO_PERCENT}pct_revenue_share": customers_for_revenue(a) / n,
        "hhi_customer_revenue": hhi(amounts / total),
        "largest_customer_revenue_share": float(amounts.max() / total),
    }
    for key, segment in segment_concentration(a).items():
        if segment.hhi is not None and segment.top_share is not None:
            findings[f"hhi_{key}"] = segment.hhi
            findings[f"top_{key}_share"] = segment.top_share
    for grain, (_, _, _, share, _) in time_concentration(a).items():
        findings[f"busiest_{grain}_interaction_share"] = share
    peaks = peak_windows(a)
    findings["peak_window_cells"] = len(peaks)
    findings["peak_window_interaction_share"] = peaks[-1][2]
    return findings
