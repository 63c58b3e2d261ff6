"""The whole pipeline on the committed sample seeds (one shared build: `sample_build`)."""

from __future__ import annotations

import math

import pytest
from conftest import SEEDS_DIR, BuildResult

# The key_findings metrics issue 2 requires (at least these).
REQUIRED_METRICS = {
    "raw_sales_rows",
    "empty_sales_rows",
    "missing_interaction_type_rows",
    "valid_interactions",
    "customers",
    "products",
    "total_revenue_usd",
    "subscribers",
    "vip_min_purchase_usd",
    "vip_max_purchase_usd",
    "tier_low_customers",
    "tier_medium_customers",
    "tier_high_customers",
    "tier_vip_customers",
    "vip_revenue_share",
    "customers_age_18_25",
    "customers_age_26_35",
    "customers_age_36_50",
    "customers_age_51_65",
    "customers_age_66_plus",
    "first_interaction_month",
    "last_interaction_month",
}

# Mart -> columns analysts and the report rely on (a mart may have more).
EXPECTED_MART_COLUMNS = {
    "key_findings": {"metric", "value", "unit", "description"},
    "dim_customers": {
        "customer_id", "age", "age_bracket", "purchase_amount_usd", "spending_tier",
        "is_subscriber", "purchase_category", "location", "payment_method", "season",
    },
    "dim_products": {
        "product_id", "product_name", "category_path", "product_category",
        "selling_price_low_usd", "selling_price_high_usd",
    },
    "fct_interactions": {
        "interaction_id", "customer_id", "product_id", "interaction_type", "interacted_at",
        "interaction_year", "interaction_month", "day_of_week_number", "day_of_week_name",
        "hour_of_day", "has_known_customer", "has_known_product",
    },
    "spending_tiers": {
        "spending_tier", "customers", "revenue_usd", "min_purchase_amount_usd",
        "max_purchase_amount_usd", "customer_share", "revenue_share",
    },
    "age_brackets": {"age_bracket", "min_age", "max_age", "customers", "revenue_usd", "customer_share"},
    "revenue_by_segment": {
        "segment_dimension", "segment_value", "customers", "revenue_usd", "customer_share",
        "revenue_share",
    },
    "interactions_by_time_bucket": {"time_grain", "bucket_label", "interactions", "interaction_share"},
    "interactions_by_product_category": {
        "product_category", "interactions", "purchases", "interaction_share", "purchase_share",
    },
    "rejected_sales_interactions": {"source_row_number", "reject_reason"},
    "reject_reason_counts": {"source", "reject_reason", "rejected_rows"},
    "row_accounting": {"source", "raw_rows", "empty_rows", "rejected_rows", "valid_rows"},
}  # fmt: skip

# The sample's shape, as issue 2 specifies the generator's output.
SPEC_SAMPLE_FIGURES = {
    "raw_sales_rows": 3294,
    "empty_sales_rows": 295,
    "missing_interaction_type_rows": 128,
    "valid_interactions": 3294 - 295 - 128,
    "customers": 3900,
    "products": 10002,
    "first_interaction_month": 202212,
    "last_interaction_month": 202312,
}


def test_build_succeeds_and_publishes(sample_build: BuildResult) -> None:
    assert sample_build.returncode == 0, sample_build.stderr
    assert sample_build.duckdb_path.is_file()
    assert f"published {sample_build.duckdb_path}" in sample_build.stdout
    assert str(SEEDS_DIR / "sales_data.csv") in sample_build.stdout


def test_key_findings_has_every_required_metric(sample_build: BuildResult) -> None:
    metrics = {metric for (metric,) in sample_build.query("select metric from marts.key_findings")}
    assert REQUIRED_METRICS - metrics == set()


def test_key_findings_metric_is_unique(sample_build: BuildResult) -> None:
    duplicated = sample_build.query(
        "select metric, count(*) from marts.key_findings group by metric having count(*) > 1"
    )
    assert duplicated == []
    assert sample_build.query("select count(*) from marts.key_findings where metric is null") == [(0,)]


def test_key_findings_values_are_finite_and_described(sample_build: BuildResult) -> None:
    rows = sample_build.query("select metric, value, description from marts.key_findings")
    not_finite = [metric for metric, value, _ in rows if value is None or not math.isfinite(value)]
    undescribed = [metric for metric, _, description in rows if not (description or "").strip()]
    assert not_finite == []
    assert undescribed == []


# The unit each kind of figure must carry, by what its name says it is
# (month: yyyymm; index: Gini 0-1, HHI 0-10,000); any other name is a count.
UNIT_BY_NAME = [
    (lambda metric: metric.endswith("_share"), "share"),
    (lambda metric: metric.endswith("_usd"), "usd"),
    (lambda metric: metric.endswith("_month"), "month"),
    (lambda metric: metric.startswith(("gini_", "hhi_", "normalized_hhi_")), "index"),
]


def test_key_findings_units_follow_the_metric_names(sample_build: BuildResult) -> None:
    units = dict(sample_build.query("select metric, unit from marts.key_findings"))
    expected = {
        metric: next((unit for matches, unit in UNIT_BY_NAME if matches(metric)), "count") for metric in units
    }
    assert units == expected
    # every unit is used on the sample, so every unit's test constraint is exercised
    assert set(units.values()) == {"count", "usd", "share", "month", "index"}


@pytest.mark.parametrize(("metric", "expected"), SPEC_SAMPLE_FIGURES.items())
def test_key_findings_match_the_sample_specification(
    sample_build: BuildResult, metric: str, expected: int
) -> None:
    assert sample_build.key_findings()[metric] == expected


def test_key_findings_are_internally_consistent(sample_build: BuildResult) -> None:
    findings = sample_build.key_findings()
    tiers = [findings[f"tier_{tier}_customers"] for tier in ("low", "medium", "high", "vip")]
    brackets = [findings[f"customers_age_{key}"] for key in ("18_25", "26_35", "36_50", "51_65", "66_plus")]
    assert sum(tiers) == findings["customers"]
    # The generator draws ages 18-70, so every customer is in a bracket.
    assert sum(brackets) == findings["customers"]
    assert 0 < findings["vip_revenue_share"] < 1
    assert 20 <= findings["vip_min_purchase_usd"] <= findings["vip_max_purchase_usd"] <= 100
    assert 0 < findings["subscribers"] < findings["customers"]


def test_row_accounting_has_every_raw_file(sample_build: BuildResult) -> None:
    # raw = empty + rejected + valid is dbt's test (assert_row_accounting_adds_up)
    rows = sample_build.query("select source, raw_rows from marts.row_accounting")
    assert {source for source, _ in rows} == {"sales_data", "customer_details", "product_details"}
    assert all(raw > 0 for _, raw in rows), rows


def test_rejected_rows_are_visible_with_their_reason(sample_build: BuildResult) -> None:
    by_reason = dict(
        sample_build.query("select reject_reason, count(*) from marts.rejected_sales_interactions group by 1")
    )
    counted = dict(
        sample_build.query(
            "select reject_reason, rejected_rows from marts.reject_reason_counts "
            "where source = 'sales_data' and rejected_rows > 0"
        )
    )
    assert by_reason == counted == {"missing_interaction_type": 128}


def test_unknown_products_are_kept_and_flagged(sample_build: BuildResult) -> None:
    findings = sample_build.key_findings()
    [(flagged, known_products)] = sample_build.query(
        "select count(*) filter (where not has_known_product), "
        "count(*) filter (where has_known_product) from marts.fct_interactions"
    )
    # The generator adds "a few" product ids that match nothing; users are all customers.
    assert 0 < flagged < 20
    assert flagged == findings["interactions_with_unknown_product"]
    assert flagged + known_products == findings["valid_interactions"]
    assert findings["interactions_with_unknown_customer"] == 0


@pytest.mark.parametrize(("mart", "columns"), EXPECTED_MART_COLUMNS.items())
def test_mart_is_a_table_in_schema_marts_with_expected_columns(
    sample_build: BuildResult, mart: str, columns: set[str]
) -> None:
    tables = sample_build.query(
        "select table_type from information_schema.tables "
        f"where table_schema = 'marts' and table_name = '{mart}'"
    )
    assert tables == [("BASE TABLE",)]
    actual = {
        name
        for (name,) in sample_build.query(
            "select column_name from information_schema.columns "
            f"where table_schema = 'marts' and table_name = '{mart}'"
        )
    }
    assert columns - actual == set()


def test_marts_are_not_empty(sample_build: BuildResult) -> None:
    empty = [
        mart
        for mart in EXPECTED_MART_COLUMNS
        if not mart.startswith("rejected_")
        and sample_build.query(f"select count(*) from marts.{mart}") == [(0,)]
    ]
    assert empty == []
