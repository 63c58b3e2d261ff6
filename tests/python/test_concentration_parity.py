"""Concentration figures against values worked out by hand on tests/fixtures/small.

No formula is re-implemented here: every expected value is a number (an exact
fraction where it helps reading) with its working in a comment, from the
fixture's 12 customers and 8 valid interactions (see test_pipeline_fixture's
docstring for the fixture). A second set checks the figures printed in
../shared/reference/README.md (skipped, or failed under CI, when the folder
is absent). Counts are compared exactly, ratios to rel 1e-12.

Customers of the small fixture (id: amount), largest first, ties by id:

    rank    1    2    3    4    5    6    7    8    9    10   11   12
    id      7    2    4    11   6    1    9    12   3    8    10   5
    amount  100  90   70   70   60   50   50   40   30   30   25   20
    running 100  190  260  330  390  440  490  530  560  590  615  635

n = 12, T = 635 = 5 * 127, so T^2 = 403,225 = 25 * 16,129 = 25 * 127^2.
"""

from __future__ import annotations

import pytest
from conftest import BuildResult

REL = 1e-12

# Gini: G = (n + 1 - 2 * (C_1 + ... + C_n) / T) / n, C_k the running sums of
# the amounts smallest first: 20, 45, 75, 105, 145, 195, 245, 305, 375, 445,
# 535, 635, which add up to 3,125. G = (13 - 6,250 / 635) / 12
# = (13 * 127 - 1,250) / (127 * 12) = 401 / 1,524 = 0.263123...
GINI = 401 / 1524
# Top p % = the ceil(12 * p / 100) largest: p = 1 -> ceil(0.12) = 1,
# p = 5 -> ceil(0.6) = 1, p = 10 -> ceil(1.2) = 2, p = 20 -> ceil(2.4) = 3.
# Their revenue (running column above): 100, 100, 190, 260 of 635.
TOP_SHARES = {1: (1, 100 / 635), 5: (1, 100 / 635), 10: (2, 190 / 635), 20: (3, 260 / 635)}
# Pareto, 80 % of 635 = 508: the running revenue first reaches it at rank 8
# (490 < 508 <= 530), so 8 customers (8 / 12 of them) hold 530 / 635.
PARETO_CUSTOMERS = 8
PARETO_REVENUE_SHARE = 530 / 635
# HHI of customer revenue = 10,000 * sum(x^2) / T^2. Squares: 10,000 + 8,100
# + 4,900 + 4,900 + 3,600 + 2,500 + 2,500 + 1,600 + 900 + 900 + 625 + 400
# = 40,925. HHI = 409,250,000 / 403,225 = 16,370,000 / 16,129 = 1,014.94...
HHI_CUSTOMERS = 16_370_000 / 16_129
LARGEST_CUSTOMER_SHARE = 100 / 635  # customer 7
# Category revenue (ids 1-4 Clothing 50 + 90 + 30 + 70 = 240; 5-8
# Accessories 20 + 60 + 100 + 30 = 210; 9-10 Footwear 50 + 25 = 75; 11-12
# Outerwear 70 + 40 = 110; N = 4). HHI = 10,000 * (240^2 + 210^2 + 75^2 +
# 110^2) / 635^2 = 10,000 * (57,600 + 44,100 + 5,625 + 12,100) / 403,225
# = 1,194,250,000 / 403,225 = 47,770,000 / 16,129 = 2,961.75 (above 2,500
# only because N = 4). Normalised: (HHI - 10,000 / 4) / (1 - 1 / 4)
# = (47,770,000 - 2,500 * 16,129) / 16,129 / 0.75 = 7,447,500 / 16,129 / 0.75
# = 9,930,000 / 16,129 = 615.66. Largest: Clothing, 240 / 635.
HHI_CATEGORY = 47_770_000 / 16_129
NORMALIZED_HHI_CATEGORY = 9_930_000 / 16_129
TOP_CATEGORY_SHARE = 240 / 635
# Season revenue (Winter ids 1, 5, 9: 50 + 20 + 50 = 120; Spring 2, 6, 10:
# 90 + 60 + 25 = 175; Summer 3, 7, 11: 30 + 100 + 70 = 200; Fall 4, 8, 12:
# 70 + 30 + 40 = 140; N = 4). HHI = 10,000 * (14,400 + 30,625 + 40,000 +
# 19,600) / 403,225 = 1,046,250,000 / 403,225 = 41,850,000 / 16,129 = 2,594.71
# (a raw-HHI monitor at 2,500 would call this near-even spread a breach).
# Normalised: (41,850,000 - 40,322,500) / 16,129 / 0.75 = 1,527,500 / 12,096.75
# = 6,110,000 / 48,387 = 126.27. Largest: Summer, 200 / 635.
HHI_SEASON = 41_850_000 / 16_129
NORMALIZED_HHI_SEASON = 6_110_000 / 48_387
TOP_SEASON_SHARE = 200 / 635
# Valid interactions (sales rows 1, 2, 3, 5, 7, 8, 9, 10; 8 in all):
#   month: 2022-12: 1, 2023-01: 2 (rows 2, 5), 2023-02: 1, 2023-04: 2, 2023-12: 2
#     -> busiest 2 / 8, the earliest of the tied months: 202301
#   weekday: Mon 2 (rows 3, 10), Thu 2 (8, 9), Wed, Fri, Sat, Sun 1 -> 2 / 8, Monday
#   hour: 08h 3 (rows 3, 9, 10), 10h 3 (5, 7, 8), 00h 1, 23h 1 -> 3 / 8, 08h
#   weekday x hour: Monday 08h 2, six cells of 1 -> 2 / 8
BUSIEST = {
    "month": ("202301", 2 / 8),
    "weekday": ("Monday", 2 / 8),
    "hour": ("08h", 3 / 8),
    "weekday_hour": ("Monday 08h", 2 / 8),
}
# Peak windows, 50 % of 8 = 4 interactions: Monday 08h (2; 0 before it), then
# the cells of 1 by weekday and hour: Wednesday 10h (2 before), Thursday 08h
# (3 before); Thursday 10h has 4 before it, which already hold half: stop.
# 3 cells holding 4 / 8.
PEAK_CELLS = [("Monday 08h", 2), ("Wednesday 10h", 1), ("Thursday 08h", 1)]
PEAK_SHARE = 4 / 8


def rows(build: BuildResult, sql: str) -> list[dict]:
    with build.connect() as con:
        relation = con.sql(sql)
        return [dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall()]


# A concentration figure that key_findings publishes (var key_findings) is
# checked once, by its metric name, in
# test_key_findings_publish_the_hand_worked_concentration_figures; the tests
# below check the mart columns that are not headline figures.


def test_customer_concentration_by_hand(small_build: BuildResult) -> None:
    (row,) = rows(small_build, "select * from marts.customer_concentration")
    assert row["customers"] == 12
    assert row["total_revenue_usd"] == 635
    assert row["pareto_revenue_percent"] == 80
    assert row["pareto_customers_revenue_share"] == pytest.approx(PARETO_REVENUE_SHARE, rel=REL)


def test_customer_revenue_ranks_by_hand(small_build: BuildResult) -> None:
    ranked = rows(
        small_build,
        "select customer_id, revenue_rank, cumulative_revenue_usd from marts.customer_revenue_ranks "
        "order by revenue_rank",
    )
    # the table in the module docstring: equal amounts (70: 4, 11; 50: 1, 9; 30: 3, 8) by id
    assert [r["customer_id"] for r in ranked] == [7, 2, 4, 11, 6, 1, 9, 12, 3, 8, 10, 5]
    assert [r["revenue_rank"] for r in ranked] == list(range(1, 13))
    assert [int(r["cumulative_revenue_usd"]) for r in ranked] == [
        100, 190, 260, 330, 390, 440, 490, 530, 560, 590, 615, 635,
    ]  # fmt: skip


def test_pareto_and_lorenz_points_by_hand(small_build: BuildResult) -> None:
    pareto = {
        r["customer_percent"]: (r["customers"], r["cumulative_revenue_share"])
        for r in rows(small_build, "select * from marts.pareto_curve")
    }
    assert sorted(pareto) == list(range(101))
    for percent, (customers, share) in TOP_SHARES.items():
        assert pareto[percent][0] == customers, percent
        assert pareto[percent][1] == pytest.approx(share, rel=REL), percent
    # p = 0: nobody, p = 50: ceil(6) = 6 customers, 440; p = 100: everyone
    assert pareto[0] == (0, 0)
    assert pareto[50][0] == 6
    assert pareto[50][1] == pytest.approx(440 / 635, rel=REL)
    assert pareto[100][0] == 12
    assert pareto[100][1] == pytest.approx(1, rel=REL)
    lorenz = {
        r["customer_percentile"]: (r["customers"], r["cumulative_revenue_share"])
        for r in rows(small_build, "select * from marts.lorenz_curve")
    }
    # the floor(12 * p / 100) smallest: p = 10 -> 1 (20), p = 25 -> 3 (20 + 25 + 30 = 75),
    # p = 50 -> 6 (75 + 30 + 40 + 50 = 195)
    assert lorenz[10][0] == 1
    assert lorenz[10][1] == pytest.approx(20 / 635, rel=REL)
    assert lorenz[25][0] == 3
    assert lorenz[25][1] == pytest.approx(75 / 635, rel=REL)
    assert lorenz[50][0] == 6
    assert lorenz[50][1] == pytest.approx(195 / 635, rel=REL)
    # the bottom (100 - p) % and the top p % are complements: same customers, opposite ends
    assert [lorenz[100 - p][1] for p in range(101)] == pytest.approx(
        [1 - pareto[p][1] for p in range(101)], abs=1e-12
    )


def test_segment_concentration_by_hand(small_build: BuildResult) -> None:
    segments = {
        r["concentration_key"]: r for r in rows(small_build, "select * from marts.segment_concentration")
    }
    category, season = segments["category_revenue"], segments["season_revenue"]
    assert (category["segments"], category["top_segment"]) == (4, "Clothing")
    assert category["even_spread_hhi"] == 2500
    assert (season["segments"], season["top_segment"]) == (4, "Summer")


def test_time_concentration_and_peak_windows_by_hand(small_build: BuildResult) -> None:
    grains = {r["time_grain"]: r for r in rows(small_build, "select * from marts.time_concentration")}
    assert sorted(grains) == sorted(BUSIEST)
    for grain, (bucket, _) in BUSIEST.items():
        assert grains[grain]["busiest_bucket"] == bucket, grain
        assert grains[grain]["total_interactions"] == 8, grain
    # months from 2022-12 to 2023-12, both included
    assert grains["month"]["possible_buckets"] == 13
    peaks = rows(
        small_build,
        "select bucket_label, interactions from marts.peak_windows order by window_rank",
    )
    assert [(r["bucket_label"], r["interactions"]) for r in peaks] == PEAK_CELLS


def test_key_findings_publish_the_hand_worked_concentration_figures(small_build: BuildResult) -> None:
    findings = small_build.key_findings()
    expected = {
        "gini_purchase_amount": GINI,
        **{f"top_{p}pct_customers_revenue_share": share for p, (_, share) in TOP_SHARES.items()},
        "customers_for_80pct_revenue": PARETO_CUSTOMERS,
        "customers_for_80pct_revenue_share": 8 / 12,
        "hhi_customer_revenue": HHI_CUSTOMERS,
        "largest_customer_revenue_share": LARGEST_CUSTOMER_SHARE,
        "hhi_category_revenue": HHI_CATEGORY,
        "normalized_hhi_category_revenue": NORMALIZED_HHI_CATEGORY,
        "top_category_revenue_share": TOP_CATEGORY_SHARE,
        "hhi_season_revenue": HHI_SEASON,
        "normalized_hhi_season_revenue": NORMALIZED_HHI_SEASON,
        "top_season_revenue_share": TOP_SEASON_SHARE,
        **{f"busiest_{grain}_interaction_share": share for grain, (_, share) in BUSIEST.items()},
        "peak_window_cells": len(PEAK_CELLS),
        "peak_window_interaction_share": PEAK_SHARE,
    }
    missing = sorted(set(expected) - set(findings))
    assert missing == [], f"key_findings lacks: {missing}"
    differing = {
        metric: {"pipeline": findings[metric], "by hand": value}
        for metric, value in expected.items()
        if findings[metric] != pytest.approx(value, rel=REL)
    }
    assert differing == {}


# Figures printed in ../shared/reference/README.md (beyond
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
