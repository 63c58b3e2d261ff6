"""Parity: every concentration mart equals a plain numpy/pandas computation.

pandas_concentration.py recomputes each metric from the raw CSVs (through
pandas_reference's reading of them) with no code shared with the dbt
project. Each test runs on the committed sample, on the hand-made fixture
tests/fixtures/small (12 customers: p % of them is rarely whole, and equal
amounts test the tie order) and on ../shared/reference (skipped with a
reason when that folder is absent). Counts must be equal; ratios equal to
floating-point rounding (rel 1e-9).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas_concentration as conc
import pandas_reference as ref
import pytest
from conftest import SEEDS_DIR, SMALL_FIXTURE_DIR, BuildResult

REL = 1e-9


@dataclass(frozen=True)
class Dataset:
    name: str
    build: BuildResult
    analysis: ref.Analysis


@pytest.fixture(scope="module", params=["sample", "small", "reference"])
def dataset(request: pytest.FixtureRequest) -> Dataset:
    if request.param == "sample":
        build, data_dir = request.getfixturevalue("sample_build"), SEEDS_DIR
    elif request.param == "small":
        build, data_dir = request.getfixturevalue("small_build"), SMALL_FIXTURE_DIR
    else:
        data_dir = request.getfixturevalue("reference_data_dir")  # skips when absent
        build = request.getfixturevalue("reference_build")
    return Dataset(request.param, build, ref.load(data_dir))


def rows(build: BuildResult, sql: str) -> list[dict]:
    with build.connect() as con:
        relation = con.sql(sql)
        return [dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall()]


def test_customer_concentration_equals_numpy(dataset: Dataset) -> None:
    (row,) = rows(dataset.build, "select * from marts.customer_concentration")
    a = dataset.analysis
    n = len(a.customers)
    pareto_count = conc.customers_for_revenue(a)
    ranked = conc.largest_first(a)
    amounts = a.customers[ref.AMOUNT].astype(float)
    assert row["customers"] == n
    assert row["pareto_revenue_percent"] == conc.PARETO_PERCENT
    assert row["customers_for_pareto_revenue"] == pareto_count
    assert row["customers_for_pareto_revenue_share"] == pytest.approx(pareto_count / n, rel=REL)
    assert row["pareto_customers_revenue_share"] == pytest.approx(
        ranked["cumulative_revenue"].iloc[pareto_count - 1] / amounts.sum(), rel=REL
    )
    assert row["gini_purchase_amount"] == pytest.approx(conc.gini(a), rel=REL)
    assert row["hhi_customer_revenue"] == pytest.approx(conc.hhi(amounts / amounts.sum()), rel=REL)
    assert row["largest_customer_revenue_share"] == pytest.approx(amounts.max() / amounts.sum(), rel=REL)


def test_customer_revenue_ranks_follow_the_documented_order(dataset: Dataset) -> None:
    actual = rows(
        dataset.build,
        "select customer_id, revenue_rank, cumulative_revenue_usd from marts.customer_revenue_ranks "
        "order by revenue_rank",
    )
    expected = conc.largest_first(dataset.analysis)
    assert [r["customer_id"] for r in actual] == expected["customer_id"].tolist()
    assert [r["revenue_rank"] for r in actual] == list(range(1, len(expected) + 1))
    assert [float(r["cumulative_revenue_usd"]) for r in actual] == pytest.approx(
        expected["cumulative_revenue"].astype(float).tolist(), rel=REL
    )


def test_pareto_curve_equals_numpy(dataset: Dataset) -> None:
    actual = {
        r["customer_percent"]: (r["customers"], r["cumulative_revenue_share"])
        for r in rows(dataset.build, "select * from marts.pareto_curve")
    }
    expected = conc.pareto_curve(dataset.analysis)
    assert sorted(actual) == list(range(101))
    assert {p: c for p, (c, _) in actual.items()} == {p: c for p, (c, _) in expected.items()}
    assert [actual[p][1] for p in range(101)] == pytest.approx([expected[p][1] for p in range(101)], rel=REL)


def test_lorenz_curve_equals_numpy_and_mirrors_the_pareto_curve(dataset: Dataset) -> None:
    lorenz = {
        r["customer_percentile"]: (r["customers"], r["cumulative_revenue_share"])
        for r in rows(dataset.build, "select * from marts.lorenz_curve")
    }
    expected = conc.lorenz_curve(dataset.analysis)
    assert sorted(lorenz) == list(range(101))
    assert {p: c for p, (c, _) in lorenz.items()} == {p: c for p, (c, _) in expected.items()}
    assert [lorenz[p][1] for p in range(101)] == pytest.approx([expected[p][1] for p in range(101)], rel=REL)
    pareto = {
        r["customer_percent"]: r["cumulative_revenue_share"]
        for r in rows(dataset.build, "select * from marts.pareto_curve")
    }
    # the bottom (100 - p) % and the top p % are complements: same customers, opposite ends
    assert [lorenz[100 - p][1] for p in range(101)] == pytest.approx(
        [1 - pareto[p] for p in range(101)], abs=1e-12
    )


def test_segment_concentration_equals_pandas(dataset: Dataset) -> None:
    actual = {
        r["concentration_key"]: conc.Concentration(
            r["segments"], r["hhi"], r["top_segment"], r["top_segment_share"]
        )
        for r in rows(dataset.build, "select * from marts.segment_concentration")
    }
    expected = conc.segment_concentration(dataset.analysis)
    assert sorted(actual) == sorted(expected)
    for key, want in expected.items():
        got = actual[key]
        assert (got.segments, got.top_segment) == (want.segments, want.top_segment), key
        if want.hhi is None:
            assert (got.hhi, got.top_share) == (None, None), key
        else:
            assert got.hhi == pytest.approx(want.hhi, rel=REL), key
            assert got.top_share == pytest.approx(want.top_share, rel=REL), key


def test_time_concentration_equals_pandas(dataset: Dataset) -> None:
    actual = {r["time_grain"]: r for r in rows(dataset.build, "select * from marts.time_concentration")}
    expected = conc.time_concentration(dataset.analysis)
    assert sorted(actual) == sorted(expected)
    for grain, (active, busiest, count, share, hhi) in expected.items():
        row = actual[grain]
        assert (row["active_buckets"], row["busiest_bucket"], row["busiest_bucket_interactions"]) == (
            active,
            busiest,
            count,
        ), grain
        assert row["busiest_bucket_share"] == pytest.approx(share, rel=REL), grain
        assert row["hhi"] == pytest.approx(hhi, rel=REL), grain
    assert actual["month"]["possible_buckets"] == conc.months_spanned(dataset.analysis)
    assert actual["weekday_hour"]["possible_buckets"] == 7 * 24


def test_peak_windows_equal_pandas(dataset: Dataset) -> None:
    actual = rows(
        dataset.build,
        "select bucket_label, interactions, cumulative_interaction_share from marts.peak_windows "
        "order by window_rank",
    )
    expected = conc.peak_windows(dataset.analysis)
    assert [(r["bucket_label"], r["interactions"]) for r in actual] == [(lbl, n) for lbl, n, _ in expected]
    assert [r["cumulative_interaction_share"] for r in actual] == pytest.approx(
        [share for _, _, share in expected], rel=REL
    )
    # smallest set: without its last cell the set holds less than the target
    assert actual[-1]["cumulative_interaction_share"] >= conc.PEAK_PERCENT / 100
    if len(actual) > 1:
        assert actual[-2]["cumulative_interaction_share"] < conc.PEAK_PERCENT / 100


def test_key_findings_concentration_metrics_equal_pandas(dataset: Dataset) -> None:
    expected = conc.key_findings(dataset.analysis)
    actual = dataset.build.key_findings()
    missing = sorted(set(expected) - set(actual))
    assert missing == [], f"metrics pandas computes but key_findings lacks: {missing}"
    differing = {
        metric: {"pipeline": actual[metric], "pandas": value}
        for metric, value in expected.items()
        if actual[metric] != pytest.approx(value, rel=REL)
    }
    assert differing == {}


# Further figures printed in ../shared/reference/README.md (beyond
# expected_key_findings.json, which test_reference_figures checks), each with
# half a unit of its last printed digit as tolerance.
REFERENCE_README_FIGURES = {
    "gini_purchase_amount": (0.2287, 0.00005),
    "top_1pct_customers_revenue_share": (0.0167, 0.00005),
    "top_10pct_customers_revenue_share": (0.1615, 0.00005),
    "top_20pct_customers_revenue_share": (0.3099, 0.00005),
    "customers_for_80pct_revenue": (2504, 0),
    "customers_for_80pct_revenue_share": (0.6421, 0.00005),
    "hhi_customer_revenue": (2.97, 0.005),
    "hhi_category_revenue": (3317, 0.5),
    "top_category_revenue_share": (0.4473, 0.00005),
    "top_location_revenue_share": (0.0248, 0.00005),
}


def test_reference_readme_concentration_figures(reference_build: BuildResult) -> None:
    findings = reference_build.key_findings()
    differing = {
        metric: {"pipeline": findings.get(metric), "README": value}
        for metric, (value, tolerance) in REFERENCE_README_FIGURES.items()
        if findings.get(metric) is None or abs(findings[metric] - value) > tolerance
    }
    assert differing == {}
    top_counts = dict(
        reference_build.query(
            "select customer_percent, customers from marts.pareto_curve where customer_percent in (1, 10, 20)"
        )
    )
    assert top_counts == {1: 39, 10: 390, 20: 780}
