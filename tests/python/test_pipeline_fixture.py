"""The pipeline on tests/fixtures/small, a hand-made fixture whose answers are worked out by hand.

The fixture (raw shapes of the real files):

sales_data.csv, 11 data rows (CRLF, trailing unnamed column):

    row  user  product       type      time stamp         note
    1    2     puzzle        like      31/12/2022 23:59   Saturday, last minute of 2022
    2    7     puzzle        purchase  01/01/2023 00:00   Sunday, midnight
    3    4     frame         view      03/04/2023 08:00   3 April (day first), Monday
    4    -     -             -         -                  empty row (,,,,) mid-file
    5    11    lamp          like      13/01/2023 10:30   Friday
    6    5     puzzle        (none)    15/02/2023 08:00   no Interaction type -> rejected
    7    99    frame         view      15/02/2023 10:00   Wednesday, user 99 is no customer
    8    3     missing       purchase  28/12/2023 10:00   Thursday, product in no catalog
    9    9     blank         view      28/12/2023 08:00   Thursday, product without category
    10   2     frame         purchase  03/04/2023 08:00   Monday
    11   -     -             -         -                  empty trailing row

customer_details.csv, 12 customers (id: age, amount, subscribed):

    1: 35, 50, No     2: 18, 90, Yes    3: 66, 30, No     4: 25, 70, No
    5: 51, 20, Yes    6: 40, 60, No     7: 26, 100, No    8: 65, 30, No
    9: 36, 50, Yes    10: 70, 25, No    11: 30, 70, No    12: 50, 40, Yes

    ids 1-4 Clothing, 5-8 Accessories, 9-10 Footwear, 11-12 Outerwear.

product_details.csv, 4 products (32-hex ids like the real catalog's; puzzle = aaaa...0001,
frame = ffff...0002, lamp = cccc...0003, blank = bbbb...0004; the sales rows' "missing" product
is dddd...0005, in no catalog): puzzle (Toys & Games | Puzzles, "$10.00 "),
frame (Home & Kitchen | Decor | Frames, "$12.99 - $15.99"), lamp
(Toys & Games, "$1,299.00 " quoted), blank (no category, no price).

Spending tiers by hand, as pandas qcut(amount, 4) does it. Sorted amounts (n = 12):

    index  0   1   2   3   4   5   6   7   8   9   10  11
    amount 20  25  30  30  40  50  50  60  70  70  90  100

Quartile q sits at index (n - 1) * q with linear interpolation:
    q = 1/4: index 2.75 -> 30 + 0.75 * (30 - 30) = 30
    q = 2/4: index 5.50 -> 50 + 0.50 * (50 - 50) = 50
    q = 3/4: index 8.25 -> 70 + 0.25 * (70 - 70) = 70
Bins are right-closed: Low <= 30 < Medium <= 50 < High <= 70 < VIP. Each edge falls on a
tie: a row-balanced NTILE(4) (3 customers per tier) would split the two 30s (indexes 2, 3),
the two 50s (5, 6) and the two 70s (8, 9) across tiers; the quantile tiers keep them together:
    Low    20, 25, 30, 30  -> customers 5, 10, 3, 8   4 customers, revenue 105
    Medium 40, 50, 50      -> customers 12, 1, 9      3 customers, revenue 140
    High   60, 70, 70      -> customers 6, 4, 11      3 customers, revenue 200
    VIP    90, 100         -> customers 2, 7          2 customers, revenue 190
Total revenue 20+25+30+30+40+50+50+60+70+70+90+100 = 635; VIP share 190/635.

Age brackets (inclusive), every bound used once:
    18-25: 18 (id 2), 25 (id 4)                   -> 2
    26-35: 26 (id 7), 35 (id 1), 30 (id 11)       -> 3
    36-50: 36 (id 9), 50 (id 12), 40 (id 6)       -> 3
    51-65: 51 (id 5), 65 (id 8)                   -> 2
    66+:   66 (id 3), 70 (id 10)                  -> 2
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from conftest import SMALL_FIXTURE_DIR, BuildResult, run_dbt

from scripts.build import raw_files_env
from scripts.inputs import check_inputs

HAND_WORKED_KEY_FINDINGS = {
    "raw_sales_rows": 11,  # data rows 1-11, the two empty ones included
    "empty_sales_rows": 2,  # rows 4 and 11
    "rejected_sales_rows": 1,  # row 6 only
    "missing_interaction_type_rows": 1,  # row 6
    "valid_interactions": 8,  # 11 - 2 empty - 1 rejected: rows 1, 2, 3, 5, 7, 8, 9, 10
    "like_interactions": 2,  # rows 1, 5
    "view_interactions": 3,  # rows 3, 7, 9
    "purchase_interactions": 3,  # rows 2, 8, 10
    "interactions_with_unknown_customer": 1,  # row 7 (user 99)
    "interactions_with_unknown_product": 1,  # row 8 (dddd0000000000000000000000000005)
    "first_interaction_month": 202212,  # row 1, 31/12/2022 23:59
    "last_interaction_month": 202312,  # rows 8, 9, 28/12/2023
    "customers": 12,
    "products": 4,
    "total_revenue_usd": 635,  # see the module docstring
    "subscribers": 4,  # customers 2, 5, 9, 12
    "vip_min_purchase_usd": 90,  # customer 2
    "vip_max_purchase_usd": 100,  # customer 7
    "vip_revenue_share": 190 / 635,  # (90 + 100) / 635
    "tier_low_customers": 4,
    "tier_medium_customers": 3,
    "tier_high_customers": 3,
    "tier_vip_customers": 2,
    "customers_age_18_25": 2,
    "customers_age_26_35": 3,
    "customers_age_36_50": 3,
    "customers_age_51_65": 2,
    "customers_age_66_plus": 2,
}

HAND_WORKED_TIERS = {
    # tier: (customers, revenue, min amount, max amount, lower edge (exclusive), upper edge (inclusive))
    "Low": (4, 105, 20, 30, None, 30),
    "Medium": (3, 140, 40, 50, 30, 50),
    "High": (3, 200, 60, 70, 50, 70),
    "VIP": (2, 190, 90, 100, 70, None),
}
HAND_WORKED_CUSTOMER_TIER = {
    5: "Low", 10: "Low", 3: "Low", 8: "Low",
    12: "Medium", 1: "Medium", 9: "Medium",
    6: "High", 4: "High", 11: "High",
    2: "VIP", 7: "VIP",
}  # fmt: skip
HAND_WORKED_CUSTOMER_BRACKET = {
    2: "18-25", 4: "18-25",
    7: "26-35", 1: "26-35", 11: "26-35",
    9: "36-50", 12: "36-50", 6: "36-50",
    5: "51-65", 8: "51-65",
    3: "66+", 10: "66+",
}  # fmt: skip


@pytest.fixture(scope="module")
def findings(small_build: BuildResult) -> dict[str, float]:
    return small_build.key_findings()


def test_fixture_build_reads_the_fixture(small_build: BuildResult) -> None:
    assert small_build.returncode == 0
    assert str(SMALL_FIXTURE_DIR / "sales_data.csv") in small_build.stdout


@pytest.mark.parametrize(("metric", "expected"), HAND_WORKED_KEY_FINDINGS.items())
def test_key_finding_equals_hand_worked_answer(
    findings: dict[str, float], metric: str, expected: float
) -> None:
    assert metric in findings
    if isinstance(expected, int):
        assert findings[metric] == expected
    else:
        assert findings[metric] == pytest.approx(expected, rel=1e-12)


def test_row_accounting_by_hand(small_build: BuildResult) -> None:
    rows = small_build.query(
        "select source, raw_rows, empty_rows, rejected_rows, valid_rows from marts.row_accounting"
    )
    assert sorted(rows) == [
        ("customer_details", 12, 0, 0, 12),
        ("product_details", 4, 0, 0, 4),
        ("sales_data", 11, 2, 1, 8),
    ]


def test_row_without_interaction_type_is_rejected_with_reason(small_build: BuildResult) -> None:
    rejected = small_build.query(
        "select source_row_number, reject_reason, user_id_raw, interacted_at_raw "
        "from marts.rejected_sales_interactions"
    )
    assert rejected == [(6, "missing_interaction_type", "5", "15/02/2023 08:00")]


def test_unknown_user_and_product_are_kept_and_flagged(small_build: BuildResult) -> None:
    rows = small_build.query(
        "select interaction_id, customer_id, product_id, has_known_customer, has_known_product, "
        "spending_tier, product_category from marts.fct_interactions "
        "where not has_known_customer or not has_known_product order by interaction_id"
    )
    assert rows == [
        # row 7: user 99 matches no customer: no tier, but its product is known
        (7, 99, "ffff0000000000000000000000000002", False, True, None, "Home & Kitchen"),
        # row 8: customer 3 (amount 30, Low) with a product in no catalog
        (8, 3, "dddd0000000000000000000000000005", True, False, "Low", "Unknown product"),
    ]


def test_every_valid_row_is_in_the_fact(small_build: BuildResult) -> None:
    ids = [i for (i,) in small_build.query("select interaction_id from marts.fct_interactions order by 1")]
    assert ids == [1, 2, 3, 5, 7, 8, 9, 10]


@pytest.mark.parametrize(
    ("interaction_id", "expected"),
    [
        # 01/01/2023 00:00 is midnight on a Sunday (ISO day 7), hour 0, January
        (2, (dt.datetime(2023, 1, 1, 0, 0), 2023, 1, 202301, 7, "Sunday", 0)),
        # 31/12/2022 23:59 is a Saturday, still December 2022
        (1, (dt.datetime(2022, 12, 31, 23, 59), 2022, 12, 202212, 6, "Saturday", 23)),
        # 03/04/2023 is 3 April (day first), a Monday; not 4 March
        (3, (dt.datetime(2023, 4, 3, 8, 0), 2023, 4, 202304, 1, "Monday", 8)),
        # 13/01/2023 10:30 can only be day first; minutes kept, hour 10
        (5, (dt.datetime(2023, 1, 13, 10, 30), 2023, 1, 202301, 5, "Friday", 10)),
    ],
)
def test_time_stamp_parts(small_build: BuildResult, interaction_id: int, expected: tuple) -> None:
    [row] = small_build.query(
        "select interacted_at, interaction_year, interaction_month, interaction_year_month, "
        f"day_of_week_number, day_of_week_name, hour_of_day from marts.fct_interactions "
        f"where interaction_id = {interaction_id}"
    )
    assert row == expected


def test_spending_tiers_match_hand_computed_qcut(small_build: BuildResult) -> None:
    rows = small_build.query(
        "select spending_tier, customers, revenue_usd, min_purchase_amount_usd, max_purchase_amount_usd, "
        "lower_edge_exclusive_usd, upper_edge_inclusive_usd from marts.spending_tiers"
    )
    actual = {tier: tuple(None if v is None else float(v) for v in values) for tier, *values in rows}
    expected = {
        tier: tuple(None if v is None else float(v) for v in values)
        for tier, values in HAND_WORKED_TIERS.items()
    }
    assert actual == expected


def test_customers_with_equal_amounts_share_a_tier(small_build: BuildResult) -> None:
    tiers = dict(small_build.query("select customer_id, spending_tier from marts.dim_customers"))
    assert tiers == HAND_WORKED_CUSTOMER_TIER
    assert tiers[3] == tiers[8] == "Low"  # both 30, the Low/Medium edge
    assert tiers[1] == tiers[9] == "Medium"  # both 50, the Medium/High edge
    assert tiers[4] == tiers[11] == "High"  # both 70, the High/VIP edge


def test_age_bracket_bounds(small_build: BuildResult) -> None:
    brackets = dict(small_build.query("select customer_id, age_bracket from marts.dim_customers"))
    assert brackets == HAND_WORKED_CUSTOMER_BRACKET
    per_bracket = dict(small_build.query("select age_bracket, customers from marts.age_brackets"))
    assert per_bracket == {"Under 18": 0, "18-25": 2, "26-35": 3, "36-50": 3, "51-65": 2, "66+": 2}


def test_revenue_by_purchase_category_and_subscription(small_build: BuildResult) -> None:
    rows = small_build.query(
        "select segment_dimension, segment_value, customers, revenue_usd, revenue_share "
        "from marts.revenue_by_segment "
        "where segment_dimension in ('purchase_category', 'subscription_status')"
    )
    actual = {(d, v): (c, float(r), s) for d, v, c, r, s in rows}
    expected = {
        # ids 1-4: 50 + 90 + 30 + 70
        ("purchase_category", "Clothing"): (4, 240.0, 240 / 635),
        # ids 5-8: 20 + 60 + 100 + 30
        ("purchase_category", "Accessories"): (4, 210.0, 210 / 635),
        # ids 9-10: 50 + 25
        ("purchase_category", "Footwear"): (2, 75.0, 75 / 635),
        # ids 11-12: 70 + 40
        ("purchase_category", "Outerwear"): (2, 110.0, 110 / 635),
        # ids 2, 5, 9, 12: 90 + 20 + 50 + 40
        ("subscription_status", "Subscriber"): (4, 200.0, 200 / 635),
        ("subscription_status", "Non-subscriber"): (8, 435.0, 435 / 635),
    }
    assert actual.keys() == expected.keys()
    for key, (customers, revenue, share) in expected.items():
        assert actual[key][:2] == (customers, revenue), key
        assert actual[key][2] == pytest.approx(share, rel=1e-12), key


def test_interactions_by_time_bucket_by_hand(small_build: BuildResult) -> None:
    rows = small_build.query(
        "select time_grain, bucket_label, interactions from marts.interactions_by_time_bucket"
    )
    actual: dict[str, dict[str, int]] = {}
    for grain, label, count in rows:
        actual.setdefault(grain, {})[label] = count
    assert actual["month"] == {
        "202212": 1,  # row 1
        "202301": 2,  # rows 2, 5
        "202302": 1,  # row 7
        "202304": 2,  # rows 3, 10
        "202312": 2,  # rows 8, 9
    }
    assert actual["weekday"] == {
        "Saturday": 1,  # row 1
        "Sunday": 1,  # row 2
        "Monday": 2,  # rows 3, 10
        "Wednesday": 1,  # row 7
        "Thursday": 2,  # rows 8, 9
        "Friday": 1,  # row 5
    }
    assert actual["hour"] == {
        "00h": 1,  # row 2
        "08h": 3,  # rows 3, 9, 10
        "10h": 3,  # rows 5 (10:30), 7, 8
        "23h": 1,  # row 1
    }


def test_interactions_by_product_category_by_hand(small_build: BuildResult) -> None:
    rows = small_build.query(
        "select product_category, interactions, likes, views, purchases "
        "from marts.interactions_by_product_category"
    )
    assert sorted(rows) == [
        ("Home & Kitchen", 3, 0, 2, 1),  # rows 3 (view), 7 (view), 10 (purchase)
        ("Toys & Games", 3, 2, 0, 1),  # rows 1 (like), 2 (purchase), 5 (like)
        ("Uncategorised", 1, 0, 1, 0),  # row 9: bbbb0000000000000000000000000004 has no category
        ("Unknown product", 1, 0, 0, 1),  # row 8: dddd0000000000000000000000000005
    ]


def test_product_prices_and_category_levels(small_build: BuildResult) -> None:
    rows = small_build.query(
        "select product_id, product_name, cast(selling_price_low_usd as double), "
        "cast(selling_price_high_usd as double), category_level_1, category_level_2, category_level_3 "
        "from marts.dim_products"
    )
    assert {pid: tuple(values) for pid, *values in rows} == {
        # "$10.00 " with its trailing space; a name with a comma, quoted in the file
        "aaaa0000000000000000000000000001": (
            "Puzzle, 500 pieces",
            10.0,
            10.0,
            "Toys & Games",
            "Puzzles",
            None,
        ),
        # a range keeps its low and high
        "ffff0000000000000000000000000002": (
            "Photo Frame",
            12.99,
            15.99,
            "Home & Kitchen",
            "Decor",
            "Frames",
        ),
        # "$1,299.00 ": thousands separator, quoted in the file
        "cccc0000000000000000000000000003": ("Desk Lamp", 1299.0, 1299.0, "Toys & Games", None, None),
        # no price, no category
        "bbbb0000000000000000000000000004": ("Plain Box", None, None, None, None, None),
    }


# -- the dbt checks can fail --------------------------------------------------
# Each case tampers with a copy of the fixture build so that the marts stay
# consistent with each other (a check reading its expected values from the
# same marts would still pass) and runs one dbt test on it, which must fail:
# the singular tests recompute from the intermediate layer, below the marts.


TAMPERINGS = {
    # Gini moved in the mart key_findings reads and in key_findings alike
    "assert_key_findings_match_marts: gini": (
        "assert_key_findings_match_marts",
        [
            "update marts.customer_concentration set gini_purchase_amount = gini_purchase_amount + 0.01",
            "update marts.key_findings set value = value + 0.01 where metric = 'gini_purchase_amount'",
        ],
    ),
    # the Pareto count (customers, largest first, making 80 % of revenue) one
    # more in customer_concentration and key_findings alike
    "assert_key_findings_match_marts: pareto count": (
        "assert_key_findings_match_marts",
        [
            "update marts.customer_concentration set customers_for_pareto_revenue = "
            "customers_for_pareto_revenue + 1",
            "update marts.key_findings set value = value + 1 where metric = 'customers_for_80pct_revenue'",
        ],
    ),
    # the top 10 % customers' revenue share moved in pareto_curve and key_findings alike
    "assert_key_findings_match_marts: top 10 % share": (
        "assert_key_findings_match_marts",
        [
            "update marts.pareto_curve set cumulative_revenue_share = cumulative_revenue_share + 0.01 "
            "where customer_percent = 10",
            "update marts.key_findings set value = value + 0.01 "
            "where metric = 'top_10pct_customers_revenue_share'",
        ],
    ),
    # a normalised HHI moved in segment_concentration and key_findings alike
    "assert_key_findings_match_marts: normalised HHI": (
        "assert_key_findings_match_marts",
        [
            "update marts.segment_concentration set normalized_hhi = 0 "
            "where concentration_key = 'season_revenue'",
            "update marts.key_findings set value = 0 where metric = 'normalized_hhi_season_revenue'",
        ],
    ),
    # the sales counts, read from staging in one scan: a row more in
    # row_accounting and key_findings alike
    "assert_key_findings_match_marts: raw rows": (
        "assert_key_findings_match_marts",
        [
            "update marts.row_accounting set raw_rows = raw_rows + 1, empty_rows = empty_rows + 1 "
            "where source = 'sales_data'",
            "update marts.key_findings set value = value + 1 "
            "where metric in ('raw_sales_rows', 'empty_sales_rows')",
        ],
    ),
    # the time buckets, summed from the interaction cells: the busiest hour
    # moved in time_concentration and key_findings alike
    "assert_key_findings_match_marts: busiest hour": (
        "assert_key_findings_match_marts",
        [
            "update marts.time_concentration set busiest_bucket_share = busiest_bucket_share + 0.01 "
            "where time_grain = 'hour'",
            "update marts.key_findings set value = value + 0.01 "
            "where metric = 'busiest_hour_interaction_share'",
        ],
    ),
    # a reason's count off by one in reject_reason_counts alone
    "assert_reject_reason_counts_complete: count": (
        "assert_reject_reason_counts_complete",
        [
            "update marts.reject_reason_counts set rejected_rows = rejected_rows + 1 "
            "where source = 'sales_data' and reject_reason = 'missing_interaction_type'",
        ],
    ),
    # a declared reason (no rejected rows, so no count differs) left out
    "assert_reject_reason_counts_complete: missing reason": (
        "assert_reject_reason_counts_complete",
        [
            "delete from marts.reject_reason_counts where source = 'product_details' "
            "and rejected_rows = 0 and check_order = ("
            "select max(check_order) from marts.reject_reason_counts "
            "where source = 'product_details' and rejected_rows = 0)",
        ],
    ),
    # a reason nobody declared, with no rows
    "assert_reject_reason_counts_complete: undeclared reason": (
        "assert_reject_reason_counts_complete",
        ["insert into marts.reject_reason_counts values ('customer_details', 'made_up_reason', 99, 0)"],
    ),
    # two reasons listed in swapped order
    "assert_reject_reason_counts_complete: order": (
        "assert_reject_reason_counts_complete",
        [
            "update marts.reject_reason_counts set check_order = 3 - check_order "
            "where source = 'sales_data' and check_order in (1, 2)",
        ],
    ),
    # a customer moved from valid to rejected in row_accounting alone
    "assert_row_accounting_adds_up: valid rows": (
        "assert_row_accounting_adds_up",
        [
            "update marts.row_accounting set valid_rows = valid_rows - 1, "
            "rejected_rows = rejected_rows + 1 where source = 'customer_details'",
        ],
    ),
    # customer 12 (40) moved from Medium to Low, with the Low edge raised to
    # 45 and the tier counts and ranges updated to match: consistent marts
    "assert_spending_tiers_disjoint_and_complete: edge": (
        "assert_spending_tiers_disjoint_and_complete",
        [
            "update marts.dim_customers set spending_tier_rank = 1, spending_tier = 'Low' "
            "where customer_id = 12",
            "update marts.spending_tiers set upper_edge_inclusive_usd = 45, customers = 5, "
            "revenue_usd = 145, max_purchase_amount_usd = 40 where spending_tier_rank = 1",
            "update marts.spending_tiers set lower_edge_exclusive_usd = 45, customers = 2, "
            "revenue_usd = 100, min_purchase_amount_usd = 50 where spending_tier_rank = 2",
        ],
    ),
}


@pytest.mark.parametrize("case", TAMPERINGS)
def test_a_check_fails_on_consistent_but_wrong_marts(
    small_build: BuildResult, tmp_path: Path, case: str
) -> None:
    test_name, statements = TAMPERINGS[case]
    # the same file name: views name the database after it ("analytics")
    database = tmp_path / small_build.duckdb_path.name
    shutil.copy(small_build.duckdb_path, database)
    # the fixture's raw files read in place, as the build read them
    command = ["test", "--select", test_name]
    raw_files = raw_files_env(check_inputs(SMALL_FIXTURE_DIR))
    untouched = run_dbt(command, database, tmp_path, env=raw_files)
    assert untouched.returncode == 0, untouched.stdout
    with duckdb.connect(str(database)) as con:
        for statement in statements:
            con.execute(statement)
    tampered = run_dbt(command, database, tmp_path, env=raw_files)
    assert tampered.returncode != 0, tampered.stdout
    assert "FAIL" in tampered.stdout
    assert test_name in tampered.stdout


def test_not_null_columns_fails_naming_each_null_column(small_build: BuildResult, tmp_path: Path) -> None:
    """A model's never-null columns are checked in one test
    (tests/generic/not_null_columns.sql): nulls in two of them fail it, the
    failure count is the number of nulls and the stored failing rows name
    each column."""
    database = tmp_path / small_build.duckdb_path.name
    shutil.copy(small_build.duckdb_path, database)
    selector = ["--select", "row_accounting,test_name:not_null_columns"]
    untouched = run_dbt(["test", *selector], database, tmp_path)
    assert untouched.returncode == 0, untouched.stdout
    assert "PASS not_null_columns_row_accounting" in untouched.stdout
    with duckdb.connect(str(database)) as con:
        con.execute("update marts.row_accounting set flagged_rows = null")
        con.execute("update marts.row_accounting set empty_rows = null where source = 'sales_data'")
        [(sources,)] = con.sql("select count(*) from marts.row_accounting").fetchall()
    tampered = run_dbt(["test", *selector, "--store-failures"], database, tmp_path)
    assert tampered.returncode != 0, tampered.stdout
    assert f"Got {sources + 1} results" in tampered.stdout
    with duckdb.connect(str(database), read_only=True) as con:
        [(schema, table)] = con.sql(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like '%dbt_test__audit' and table_name like 'not_null_columns%'"
        ).fetchall()
        failing = con.sql(f'select column_name, null_rows from "{schema}"."{table}" order by 1').fetchall()
    assert failing == [("empty_rows", 1), ("flagged_rows", sources)]


def test_tied_quantile_edges_stop_the_build_naming_the_empty_tier_check(
    build: Callable[..., BuildResult], tmp_path: Path
) -> None:
    # Every customer spends 50: the three quartile edges are all 50, so
    # Medium, High and VIP would be empty. The build must say so, not publish.
    data_dir = tmp_path / "ties"
    shutil.copytree(SMALL_FIXTURE_DIR, data_dir)
    customers = (data_dir / "customer_details.csv").read_text().splitlines()
    header, rows = customers[0], [line.split(",") for line in customers[1:]]
    amount = header.split(",").index("Purchase Amount (USD)")
    for row in rows:
        row[amount] = "50"
    (data_dir / "customer_details.csv").write_text("\n".join([header, *(",".join(r) for r in rows)]) + "\n")
    result = build(data_dir, tmp_path / "out" / "analytics.duckdb", "--no-site")
    assert result.returncode == 1
    assert "spending_tier_not_left_empty_by_tied_quantile_edges" in result.stderr
    assert not (tmp_path / "out" / "analytics.duckdb").exists()


RENAMED_TIERS = ["Bronze", "Silver", "Gold", "Platinum"]


def test_renamed_spending_tiers_flow_into_marts_and_findings(
    build: Callable[..., BuildResult], tmp_path: Path
) -> None:
    # The same fixture with var spending_tiers renamed: the same hand-worked
    # tiers come out under the new names, the top one (last) as the top tier.
    result = build(
        SMALL_FIXTURE_DIR, tmp_path / "analytics.duckdb", "--no-site",
        "--vars", "{spending_tiers: [" + ", ".join(RENAMED_TIERS) + "]}",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    renamed = dict(zip(HAND_WORKED_TIERS, RENAMED_TIERS, strict=True))
    tiers = result.query(
        "select spending_tier, customers from marts.spending_tiers order by spending_tier_rank"
    )
    assert tiers == [(renamed[tier], values[0]) for tier, values in HAND_WORKED_TIERS.items()]
    customers = dict(result.query("select customer_id, spending_tier from marts.dim_customers"))
    assert customers == {customer: renamed[tier] for customer, tier in HAND_WORKED_CUSTOMER_TIER.items()}
    findings = dict(result.query("select metric, value from marts.key_findings"))
    assert findings["tier_platinum_customers"] == HAND_WORKED_KEY_FINDINGS["tier_vip_customers"]
    assert findings["platinum_revenue_share"] == pytest.approx(HAND_WORKED_KEY_FINDINGS["vip_revenue_share"])
    assert "tier_vip_customers" not in findings


def test_added_interaction_type_gets_its_count_column(small_build: BuildResult, tmp_path: Path) -> None:
    # Rebuild the two interaction marts (and their own tests, the per-type
    # sum among them) with one more type in var valid_interaction_types.
    database = tmp_path / small_build.duckdb_path.name
    shutil.copy(small_build.duckdb_path, database)
    marts = ["interactions_by_time_bucket", "interactions_by_product_category"]
    result = run_dbt(
        ["build", "--select", *marts, "--indirect-selection", "cautious",
         "--vars", "{valid_interaction_types: [like, view, purchase, share]}"],
        database, tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    with duckdb.connect(str(database), read_only=True) as con:
        for mart in marts:
            columns = [row[0] for row in con.execute(f"describe marts.{mart}").fetchall()]
            per_type = ["likes", "views", "purchases", "shares"]
            assert [c for c in columns if c in per_type] == per_type
            one_grain = "where time_grain = 'month'" if mart == "interactions_by_time_bucket" else ""
            totals = con.execute(
                f"select sum(likes), sum(purchases), sum(shares) from marts.{mart} {one_grain}"
            ).fetchone()
            expected = (
                HAND_WORKED_KEY_FINDINGS["like_interactions"],
                HAND_WORKED_KEY_FINDINGS["purchase_interactions"],
            )
            assert totals == (*expected, 0)
