"""Parity: the pipeline's figures equal a plain pandas re-run of the original analysis.

pandas_reference.py re-does the first analysis (read_csv, drop the unnamed
column, dropna, to_datetime, qcut, cut) with no code shared with the dbt
project. Each test runs on the committed sample and on ../shared/reference
(paired with the sample's product file; skipped when that folder is absent).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas_reference as ref
import pytest
from conftest import SEEDS_DIR, BuildResult

# Figures that are ratios, compared to floating-point rounding; all others are exact.
RATIO_METRICS = {"vip_revenue_share"}


@dataclass(frozen=True)
class Dataset:
    name: str
    build: BuildResult
    analysis: ref.Analysis


@pytest.fixture(scope="module", params=["sample", "reference"])
def dataset(request: pytest.FixtureRequest) -> Dataset:
    if request.param == "sample":
        build, data_dir = request.getfixturevalue("sample_build"), SEEDS_DIR
    else:
        data_dir = request.getfixturevalue("reference_data_dir")  # skips when absent
        build = request.getfixturevalue("reference_build")
    return Dataset(request.param, build, ref.load(data_dir))


def test_key_findings_equal_pandas(dataset: Dataset) -> None:
    expected = ref.key_findings(dataset.analysis)
    actual = dataset.build.key_findings()
    missing = sorted(set(expected) - set(actual))
    assert missing == [], f"metrics pandas computes but key_findings lacks: {missing}"
    differing = {
        metric: {"pipeline": actual[metric], "pandas": value}
        for metric, value in expected.items()
        if not (
            actual[metric] == pytest.approx(value, rel=1e-12)
            if metric in RATIO_METRICS
            else actual[metric] == value
        )
    }
    assert differing == {}


def test_spending_tiers_equal_pandas_qcut(dataset: Dataset) -> None:
    expected = ref.spending_tiers(dataset.analysis)
    rows = dataset.build.query(
        "select spending_tier, customers, revenue_usd, min_purchase_amount_usd, max_purchase_amount_usd "
        "from marts.spending_tiers"
    )
    actual = {tier: tuple(float(value) for value in values) for tier, *values in rows}
    assert actual == {tier: tuple(values) for tier, values in expected.iterrows()}


def test_every_customer_tier_and_bracket_equal_pandas(dataset: Dataset) -> None:
    expected = ref.customer_labels(dataset.analysis)
    rows = dataset.build.query("select customer_id, spending_tier, age_bracket from marts.dim_customers")
    tiers = {customer_id: tier for customer_id, tier, _ in rows}
    brackets = {customer_id: bracket for customer_id, _, bracket in rows}
    assert len(rows) == len(expected)
    tier_differences = {
        customer_id: (tiers.get(customer_id), tier)
        for customer_id, tier in expected["spending_tier"].items()
        if tiers.get(customer_id) != tier
    }
    bracket_differences = {
        customer_id: (brackets.get(customer_id), bracket)
        for customer_id, bracket in expected["age_bracket"].items()
        if brackets.get(customer_id) != bracket
    }
    assert tier_differences == {}, "(pipeline, pandas) per Customer ID"
    assert bracket_differences == {}, "(pipeline, pandas) per Customer ID"


def test_age_brackets_equal_pandas_cut(dataset: Dataset) -> None:
    rows = dict(dataset.build.query("select age_bracket, customers from marts.age_brackets"))
    expected = ref.age_brackets(dataset.analysis)
    assert {label: rows.get(label) for label in expected} == expected
    # Every customer is in exactly one row (the mart's extra row is for those under 18).
    assert sum(rows.values()) == len(dataset.analysis.customers)


def test_revenue_by_segment_equals_pandas(dataset: Dataset) -> None:
    expected = ref.revenue_by_segment(dataset.analysis)
    dimensions = sorted(ref.SEGMENT_COLUMNS)
    rows = dataset.build.query(
        "select segment_dimension, segment_value, customers, revenue_usd from marts.revenue_by_segment "
        f"where segment_dimension in ({', '.join(repr(d) for d in dimensions)})"
    )
    actual = {
        (dimension, value): (customers, float(revenue)) for dimension, value, customers, revenue in rows
    }
    assert sorted({dimension for dimension, _ in actual}) == dimensions
    only_pipeline = {key: actual[key] for key in actual.keys() - expected.keys()}
    only_pandas = {key: expected[key] for key in expected.keys() - actual.keys()}
    differing = {
        key: {"pipeline": actual[key], "pandas": expected[key]}
        for key in actual.keys() & expected.keys()
        if actual[key] != expected[key]
    }
    assert (only_pipeline, only_pandas, differing) == ({}, {}, {})


@pytest.mark.parametrize("grain", ["month", "weekday", "hour", "weekday_hour"])
def test_interactions_by_time_bucket_equal_pandas(dataset: Dataset, grain: str) -> None:
    rows = dataset.build.query(
        "select bucket_label, interactions from marts.interactions_by_time_bucket "
        f"where time_grain = '{grain}'"
    )
    assert dict(rows) == ref.interactions_by_time_bucket(dataset.analysis)[grain]
