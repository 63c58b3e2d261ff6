"""The original analysis in plain pandas, as an independent reference for the pipeline.

This re-does what the first (notebook) analysis did, step for step, with no
code shared with the dbt project:

* sales: ``read_csv``; drop the trailing ``Unnamed: 4`` column;
  ``dropna(how="all")`` (the empty trailing rows);
  ``dropna(subset=["Interaction type"])``; ``to_datetime`` with ``%d/%m/%Y %H:%M``;
* customers: ``qcut(amount, 4, labels=Low/Medium/High/VIP)`` for spending tiers
  and ``cut(age, bins=[17, 25, 35, 50, 65, inf])`` for age brackets;
* products: ``read_csv``.

Every published figure is one small function of a loaded :class:`Analysis`, so
more figures (e.g. concentration metrics) can be added as further functions and
registered in :data:`KEY_FINDINGS`. The mart-shaped functions at the end return
what the pipeline's marts hold, for the parity tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

# The original analysis' definitions (deliberately not read from dbt_project.yml).
SALES_FILE_NAMES = ("sales_data.csv", "E-commerece sales data 2024.csv")
TIMESTAMP_FORMAT = "%d/%m/%Y %H:%M"
TIER_LABELS = ["Low", "Medium", "High", "VIP"]
AGE_BINS = [17, 25, 35, 50, 65, np.inf]
AGE_LABELS = ["18-25", "26-35", "36-50", "51-65", "66+"]
AGE_METRIC_KEYS = ["18_25", "26_35", "36_50", "51_65", "66_plus"]
INTERACTION_TYPES = ["like", "view", "purchase"]
AMOUNT = "Purchase Amount (USD)"

# revenue_by_segment dimension -> how the original analysis groups customers.
SEGMENT_COLUMNS = {
    "spending_tier": "spending_tier",
    "age_bracket": "age_bracket",
    "subscription_status": "subscription_status",
    "purchase_category": "Category",
    "item_purchased": "Item Purchased",
    "location": "Location",
    "payment_method": "Payment Method",
    "shipping_type": "Shipping Type",
    "season": "Season",
}


@dataclass(frozen=True)
class Analysis:
    """The frames of the original analysis, at each cleaning step."""

    raw_sales: pd.DataFrame  # as read_csv reads the file, unnamed column dropped
    filled_sales: pd.DataFrame  # after dropna(how="all")
    interactions: pd.DataFrame  # after dropna(subset=["Interaction type"]), time stamps parsed
    customers: pd.DataFrame  # with spending_tier, age_bracket, subscription_status
    products: pd.DataFrame


def sales_file(data_dir: Path) -> Path:
    for name in SALES_FILE_NAMES:
        if (data_dir / name).exists():
            return data_dir / name
    raise FileNotFoundError(f"{data_dir}: no sales file ({' or '.join(SALES_FILE_NAMES)})")


def clean_sales(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (filled rows, valid interactions with parsed time stamps)."""
    filled = raw.dropna(how="all")
    interactions = filled.dropna(subset=["Interaction type"]).copy()
    interactions["Time stamp"] = pd.to_datetime(interactions["Time stamp"], format=TIMESTAMP_FORMAT)
    return filled, interactions


def segment_customers(customers: pd.DataFrame) -> pd.DataFrame:
    segmented = customers.copy()
    segmented["spending_tier"] = pd.qcut(segmented[AMOUNT], 4, labels=TIER_LABELS)
    segmented["age_bracket"] = pd.cut(segmented["Age"], bins=AGE_BINS, labels=AGE_LABELS)
    segmented["subscription_status"] = segmented["Subscription Status"].map(
        {"Yes": "Subscriber", "No": "Non-subscriber"}
    )
    return segmented


def load(data_dir: Path) -> Analysis:
    raw_sales = pd.read_csv(sales_file(data_dir)).drop(columns=["Unnamed: 4"])
    filled, interactions = clean_sales(raw_sales)
    customers = segment_customers(pd.read_csv(data_dir / "customer_details.csv"))
    products = pd.read_csv(data_dir / "product_details.csv")
    return Analysis(raw_sales, filled, interactions, customers, products)


# --- key findings: one function per figure ------------------------------------


def raw_sales_rows(a: Analysis) -> float:
    return len(a.raw_sales)


def empty_sales_rows(a: Analysis) -> float:
    return len(a.raw_sales) - len(a.filled_sales)


def missing_interaction_type_rows(a: Analysis) -> float:
    return len(a.filled_sales) - len(a.interactions)


def valid_interactions(a: Analysis) -> float:
    return len(a.interactions)


def interactions_of_type(interaction_type: str) -> Callable[[Analysis], float]:
    def figure(a: Analysis) -> float:
        return int((a.interactions["Interaction type"] == interaction_type).sum())

    return figure


def interactions_with_unknown_customer(a: Analysis) -> float:
    return int((~a.interactions["user id"].isin(a.customers["Customer ID"])).sum())


def interactions_with_unknown_product(a: Analysis) -> float:
    return int((~a.interactions["product id"].isin(a.products["Uniqe Id"])).sum())


def _year_month(stamps: pd.Series) -> pd.Series:
    return stamps.dt.year * 100 + stamps.dt.month


def first_interaction_month(a: Analysis) -> float:
    return int(_year_month(a.interactions["Time stamp"]).min())


def last_interaction_month(a: Analysis) -> float:
    return int(_year_month(a.interactions["Time stamp"]).max())


def customers(a: Analysis) -> float:
    return len(a.customers)


def products(a: Analysis) -> float:
    return len(a.products)


def total_revenue_usd(a: Analysis) -> float:
    return float(a.customers[AMOUNT].sum())


def subscribers(a: Analysis) -> float:
    return int((a.customers["Subscription Status"] == "Yes").sum())


def _vip_amounts(a: Analysis) -> pd.Series:
    return a.customers.loc[a.customers["spending_tier"] == "VIP", AMOUNT]


def vip_min_purchase_usd(a: Analysis) -> float:
    return float(_vip_amounts(a).min())


def vip_max_purchase_usd(a: Analysis) -> float:
    return float(_vip_amounts(a).max())


def vip_revenue_share(a: Analysis) -> float:
    return float(_vip_amounts(a).sum() / a.customers[AMOUNT].sum())


def tier_customers(tier: str) -> Callable[[Analysis], float]:
    def figure(a: Analysis) -> float:
        return int((a.customers["spending_tier"] == tier).sum())

    return figure


def customers_in_age_bracket(label: str) -> Callable[[Analysis], float]:
    def figure(a: Analysis) -> float:
        return int((a.customers["age_bracket"] == label).sum())

    return figure


KEY_FINDINGS: dict[str, Callable[[Analysis], float]] = {
    "raw_sales_rows": raw_sales_rows,
    "empty_sales_rows": empty_sales_rows,
    "missing_interaction_type_rows": missing_interaction_type_rows,
    "valid_interactions": valid_interactions,
    **{f"{kind}_interactions": interactions_of_type(kind) for kind in INTERACTION_TYPES},
    "interactions_with_unknown_customer": interactions_with_unknown_customer,
    "interactions_with_unknown_product": interactions_with_unknown_product,
    "first_interaction_month": first_interaction_month,
    "last_interaction_month": last_interaction_month,
    "customers": customers,
    "products": products,
    "total_revenue_usd": total_revenue_usd,
    "subscribers": subscribers,
    "vip_min_purchase_usd": vip_min_purchase_usd,
    "vip_max_purchase_usd": vip_max_purchase_usd,
    "vip_revenue_share": vip_revenue_share,
    **{f"tier_{tier.lower()}_customers": tier_customers(tier) for tier in TIER_LABELS},
    **{
        f"customers_age_{key}": customers_in_age_bracket(label)
        for key, label in zip(AGE_METRIC_KEYS, AGE_LABELS, strict=True)
    },
}


def key_findings(a: Analysis) -> dict[str, float]:
    return {metric: float(figure(a)) for metric, figure in KEY_FINDINGS.items()}


# --- mart-shaped results --------------------------------------------------------


def spending_tiers(a: Analysis) -> pd.DataFrame:
    """Per tier: customers, revenue_usd, min/max purchase amount (index: tier label)."""
    grouped = a.customers.groupby("spending_tier", observed=True)[AMOUNT]
    return pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue_usd": grouped.sum(),
            "min_purchase_amount_usd": grouped.min(),
            "max_purchase_amount_usd": grouped.max(),
        }
    ).astype(float)


def age_brackets(a: Analysis) -> dict[str, int]:
    """Customers per age bracket label (brackets without customers included, at 0)."""
    counts = a.customers["age_bracket"].value_counts()
    return {label: int(counts.get(label, 0)) for label in AGE_LABELS}


def revenue_by_segment(a: Analysis) -> dict[tuple[str, str], tuple[int, float]]:
    """(dimension, value) -> (customers, revenue_usd) for every dimension in SEGMENT_COLUMNS."""
    result: dict[tuple[str, str], tuple[int, float]] = {}
    for dimension, column in SEGMENT_COLUMNS.items():
        grouped = a.customers.groupby(column, observed=True)[AMOUNT]
        for value, count in grouped.size().items():
            result[(dimension, str(value))] = (int(count), float(grouped.sum()[value]))
    return result


def interactions_by_time_bucket(a: Analysis) -> dict[str, dict[str, int]]:
    """Interactions per bucket at each grain, keyed like the mart's bucket labels."""
    stamps = a.interactions["Time stamp"]
    hours = stamps.dt.hour.map(lambda hour: f"{hour:02d}h")
    return {
        "month": _count(_year_month(stamps).astype(str)),
        "weekday": _count(stamps.dt.day_name()),
        "hour": _count(hours),
        "weekday_hour": _count(stamps.dt.day_name() + " " + hours),
    }


def _count(labels: pd.Series) -> dict[str, int]:
    return {str(label): int(count) for label, count in labels.value_counts().items()}


def customer_labels(a: Analysis) -> pd.DataFrame:
    """Per Customer ID: the qcut spending tier and the cut age bracket, as text."""
    labels = a.customers.set_index("Customer ID")[["spending_tier", "age_bracket"]]
    return labels.astype(str)
