"""Every Great Expectations suite can fail: each is fed a small input that
breaks it (and exactly the expectations named), and the same input unbroken
passes. Unit level: the suite's own query runs on a tiny in-memory DuckDB
database (and tiny CSV files for the raw suites), and its frame is validated
through GX's public API as the checkpoint does; no build.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES_DIR

os.environ["GX_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("TQDM_DISABLE", "1")

import great_expectations as gx

from gx import suites
from scripts import run_gx_checkpoint as checkpoint

NOW = dt.datetime(2030, 1, 1)
VARS = suites.dbt_vars()
# The checkpoint reads the metrics key_findings must hold from dbt's manifest
# (test_gx_checkpoint runs that route); three stand in for them here.
REQUIRED_METRICS = ["customers", "gini_purchase_amount", "total_revenue_usd"]
TIERS = list(VARS["spending_tiers"])
AGE_LABELS = [bracket["label"] for bracket in VARS["age_brackets"]] + [VARS["age_below_brackets_label"]]
HOSTILE_ROWS_DIR = FIXTURES_DIR / "hostile" / "rows"

Failures = set[tuple[str, str]]  # (expectation, column)


def validate(con: duckdb.DuckDBPyConnection, suite: suites.Suite) -> tuple[Failures, list[str]]:
    """Validate the suite's frame as run_gx_checkpoint does: (expectation,
    column) of each failure, and the one-line reports."""
    context = gx.get_context(mode="ephemeral")
    datasource = context.data_sources.add_pandas("test")
    frame = checkpoint.read_frame(con, suite, Path(suite.name))
    definition = checkpoint.validation_definition(context, datasource, suite)
    result = definition.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
    failures = checkpoint.failures_of(result, suite, frame)
    assert result.success == (not failures)
    return {(failure.expectation, failure.column) for failure in failures}, [f.line() for f in failures]


def mart_suite(name: str) -> suites.Suite:
    return next(suite for suite in suites.mart_suites(VARS, REQUIRED_METRICS, NOW) if suite.name == name)


# -- the published marts ------------------------------------------------------


def good_marts() -> duckdb.DuckDBPyConnection:
    """An in-memory database with every mart column the suites read, holding
    data every mart suite accepts."""
    con = duckdb.connect()
    types = {"integer": "bigint", "number": "decimal(18, 2)", "text": "varchar", "timestamp": "timestamp",
             "boolean": "boolean"}  # fmt: skip
    extra = {
        "spending_tiers": {
            "spending_tier_rank": "integer",
            "customer_share": "number",
            "revenue_share": "number",
            "lower_edge_exclusive_usd": "number",
            "upper_edge_inclusive_usd": "number",
        },
        "age_brackets": {"customer_share": "number", "revenue_share": "number"},
        "revenue_by_segment": {
            "segment_dimension": "text",
            "customer_share": "number",
            "revenue_share": "number",
        },
        "interactions_by_time_bucket": {"time_grain": "text", "interaction_share": "number"},
        "interactions_by_product_category": {"product_category": "text", "interaction_share": "number"},
    }
    con.execute("create schema marts")
    for table in sorted({*suites.MART_COLUMN_TYPES, *extra}):
        columns = {**suites.MART_COLUMN_TYPES.get(table, {}), **extra.get(table, {})}
        ddl = ", ".join(f"{suites.quote(name)} {types[family]}" for name, family in columns.items())
        con.execute(f"create table marts.{table} ({ddl})")
    con.execute(
        "insert into marts.fct_interactions (interaction_id, interacted_at) "
        "values (1, timestamp '2023-03-05 08:07:00'), (2, timestamp '2023-12-31 23:59:00')"
    )
    con.execute(
        "insert into marts.dim_customers (customer_id, review_rating) values (1, 1.0), (2, 5.0), (3, null)"
    )
    con.execute("insert into marts.dim_products (product_id) values ('a')")
    for table, column, values in [
        ("spending_tiers", "spending_tier", TIERS),
        ("age_brackets", "age_bracket", AGE_LABELS),
        ("revenue_by_segment", "segment_dimension", suites.SEGMENT_DIMENSIONS),
        ("interactions_by_time_bucket", "time_grain", suites.TIME_GRAINS),
        ("interactions_by_product_category", "product_category", ["Toys", "Unknown product"]),
    ]:
        shares = [name for name in extra[table] if name.endswith("_share")]
        for value in values:
            con.execute(
                f"insert into marts.{table} ({column}, {', '.join(shares)}) "
                f"values (?, {', '.join('0.5' for _ in shares)})",
                [value],
            )
    for rank, tier in enumerate(TIERS, start=1):  # edges 10, 20, 30: consecutive tiers meet
        con.execute(
            "update marts.spending_tiers set spending_tier_rank = ?, "
            "lower_edge_exclusive_usd = ?, upper_edge_inclusive_usd = ? where spending_tier = ?",
            [rank, 10 * (rank - 1) if rank > 1 else None, 10 * rank if rank < len(TIERS) else None, tier],
        )
    con.executemany("insert into marts.key_findings (metric, value, unit) values (?, 1, 'count')",
                    [[metric] for metric in REQUIRED_METRICS])  # fmt: skip
    con.executemany("insert into marts.row_accounting (source, raw_rows) values (?, 3)",
                    [[source] for source in suites.RAW_SOURCES])  # fmt: skip
    return con


MART_SUITE_NAMES = [suite.name for suite in suites.mart_suites(VARS, REQUIRED_METRICS, NOW)]


@pytest.mark.parametrize("name", MART_SUITE_NAMES)
def test_mart_suite_passes_on_good_marts(name: str):
    assert validate(good_marts(), mart_suite(name)) == (set(), [])


BETWEEN = "expect_column_values_to_be_between"
EQUAL_SET = "expect_column_distinct_values_to_equal_set"
ROW_COUNT = "expect_table_row_count_to_equal"
BROKEN_MARTS = [
    pytest.param(
        "marts.column_types",
        ["alter table marts.dim_customers drop column review_rating"],
        {("expect_column_pair_values_to_be_equal", "type_family, expected_family")},
        "dim_customers.review_rating=[None, 'number']",
        id="a published column is missing",
    ),
    pytest.param(
        "marts.column_types",
        ["alter table marts.dim_customers alter purchase_amount_usd type varchar"],
        {("expect_column_pair_values_to_be_equal", "type_family, expected_family")},
        "dim_customers.purchase_amount_usd=['text', 'number']",
        id="an amount published as text",
    ),
    pytest.param(
        "marts.fct_interactions",
        ["delete from marts.fct_interactions"],
        {(BETWEEN, "interactions"), ("expect_column_values_to_not_be_null", "in_window_share")},
        "interactions | 1 of 1 rows unexpected, e.g. [0]",
        id="no interactions",
    ),
    pytest.param(
        "marts.fct_interactions",
        [
            "update marts.fct_interactions set interacted_at = timestamp '0023-03-05 08:07:00' "
            "where interaction_id = 1"
        ],
        {(BETWEEN, "in_window_share")},
        "[0.5]",
        id="half the interactions before 2000",
    ),
    pytest.param(
        "marts.dim_customers",
        ["update marts.dim_customers set review_rating = 5.5 where customer_id = 2"],
        {(BETWEEN, "max_review_rating")},
        "[5.5]",
        id="a review rating above 5",
    ),
    pytest.param(
        "marts.dim_customers",
        ["update marts.dim_customers set review_rating = 0.5 where customer_id = 1"],
        {(BETWEEN, "min_review_rating")},
        "[0.5]",
        id="a review rating below 1",
    ),
    pytest.param(
        "marts.dim_customers",
        ["delete from marts.dim_customers"],
        {(BETWEEN, "customers")},
        "[0]",
        id="no customers",
    ),
    pytest.param(
        "marts.dim_products",
        ["delete from marts.dim_products"],
        {(BETWEEN, "products")},
        "[0]",
        id="no products",
    ),
    pytest.param(
        "marts.spending_tiers",
        ["delete from marts.spending_tiers"],
        {(ROW_COUNT, "(table)"), (EQUAL_SET, "spending_tier")},
        f"missing {sorted(TIERS)}",
        id="no tier rows",
    ),
    pytest.param(
        "marts.spending_tiers",
        [f"delete from marts.spending_tiers where spending_tier = '{TIERS[-1]}'"],
        {(ROW_COUNT, "(table)"), (EQUAL_SET, "spending_tier")},
        f"missing {TIERS[-1:]}",
        id="the top tier missing",
    ),
    pytest.param(
        "marts.spending_tiers",
        [f"update marts.spending_tiers set revenue_share = null where spending_tier = '{TIERS[0]}'"],
        {("expect_column_values_to_not_be_null", "revenue_share")},
        "1 of 4 rows unexpected",
        id="a null share (its total would be null)",
    ),
    pytest.param(
        "marts.spending_tiers",
        [f"update marts.spending_tiers set lower_edge_exclusive_usd = 15 where spending_tier = '{TIERS[1]}'"],
        {("expect_column_pair_values_to_be_equal", "lower_edge_exclusive_usd, previous_upper_edge_usd")},
        f"{TIERS[1]}=[15.0, 10.0]",
        id="a gap between two tiers",
    ),
    pytest.param(
        "marts.age_brackets",
        [f"update marts.age_brackets set age_bracket = 'Over 99' where age_bracket = '{AGE_LABELS[0]}'"],
        {(EQUAL_SET, "age_bracket")},
        f"missing {AGE_LABELS[:1]}, unexpected ['Over 99']",
        id="a bracket renamed",
    ),
    pytest.param(
        "marts.age_brackets",
        ["update marts.age_brackets set customer_share = null"],
        {("expect_column_values_to_not_be_null", "customer_share")},
        f"{len(AGE_LABELS)} of {len(AGE_LABELS)} rows",
        id="null shares",
    ),
    pytest.param(
        "marts.revenue_by_segment",
        ["delete from marts.revenue_by_segment where segment_dimension = 'season'"],
        {(EQUAL_SET, "segment_dimension")},
        "missing ['season']",
        id="a segment dimension missing",
    ),
    pytest.param(
        "marts.revenue_by_segment",
        ["update marts.revenue_by_segment set customer_share = null where segment_dimension = 'location'"],
        {(BETWEEN, "null_customer_share")},
        "location=1",
        id="a null share",
    ),
    pytest.param(
        "marts.interactions_by_time_bucket",
        ["delete from marts.interactions_by_time_bucket where time_grain = 'hour'"],
        {(EQUAL_SET, "time_grain")},
        "missing ['hour']",
        id="a time grain missing",
    ),
    pytest.param(
        "marts.interactions_by_time_bucket",
        ["update marts.interactions_by_time_bucket set interaction_share = null where time_grain = 'month'"],
        {(BETWEEN, "null_interaction_share")},
        "month=1",
        id="a null share",
    ),
    pytest.param(
        "marts.interactions_by_product_category",
        ["delete from marts.interactions_by_product_category"],
        {(BETWEEN, "categories")},
        "[0]",
        id="no categories",
    ),
    pytest.param(
        "marts.interactions_by_product_category",
        [
            "update marts.interactions_by_product_category set interaction_share = null "
            "where product_category = 'Toys'"
        ],
        {(BETWEEN, "null_interaction_share")},
        "[1]",
        id="a null share",
    ),
    pytest.param(
        "marts.key_findings",
        ["delete from marts.key_findings where metric in ('total_revenue_usd', 'gini_purchase_amount')"],
        {("expect_column_distinct_values_to_contain_set", "metric")},
        "missing ['gini_purchase_amount', 'total_revenue_usd']",
        id="headline metrics missing",
    ),
    pytest.param(
        "marts.key_findings",
        ["update marts.key_findings set unit = 'percent' where metric = 'gini_purchase_amount'"],
        {("expect_column_values_to_be_in_set", "unit")},
        "percent",
        id="an unknown unit",
    ),
    pytest.param(
        "marts.key_findings",
        ["update marts.key_findings set unit = null where metric = 'total_revenue_usd'"],
        {("expect_column_values_to_not_be_null", "unit")},
        "1 of",
        id="a figure without a unit",
    ),
    pytest.param(
        "marts.row_accounting",
        ["delete from marts.row_accounting where source = 'product_details'"],
        {(ROW_COUNT, "(table)"), (EQUAL_SET, "source")},
        "missing ['product_details']",
        id="a raw file unaccounted",
    ),
]


@pytest.mark.parametrize(("name", "statements", "expected", "observed"), BROKEN_MARTS)
def test_mart_suite_fails_on_broken_marts(
    name: str, statements: list[str], expected: Failures, observed: str
):
    con = good_marts()
    for statement in statements:
        con.execute(statement)
    failures, lines = validate(con, mart_suite(name))
    assert failures == expected, lines
    assert any(observed in line for line in lines), lines


def test_every_mart_suite_has_a_breaking_case():
    assert {case.values[0] for case in BROKEN_MARTS} == set(MART_SUITE_NAMES)


def test_new_metrics_and_null_ratings_do_not_fail():
    """key_findings may gain metrics; a customer without a rating is not a failure."""
    con = good_marts()
    con.execute("insert into marts.key_findings (metric, value, unit) values ('a_new_metric', 1, 'usd')")
    con.execute("update marts.dim_customers set review_rating = null")
    assert validate(con, mart_suite("marts.key_findings"))[0] == set()
    assert validate(con, mart_suite("marts.dim_customers"))[0] == set()


# -- the raw files as delivered -----------------------------------------------

SALES_HEADER = ["user id", "product id", "Interaction type", "Time stamp", ""]
HEX = "0123456789abcdef0123456789abcdef"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def good_files(folder: Path) -> dict[str, Path]:
    """Three tiny raw files as the exports deliver them: the sales file's
    trailing comma, an empty row, one malformed user id among ten."""
    customers = list(suites.RAW_REQUIRED_COLUMNS["customer_details"])
    products = list(suites.RAW_REQUIRED_COLUMNS["product_details"])
    return {
        "sales_data": write_csv(
            folder / "sales_data.csv",
            [
                SALES_HEADER,
                *([str(n), HEX, "like", "05/03/2023 08:07", ""] for n in range(1, 10)),
                ["5x", HEX.upper(), "view", "05/03/2023 08:07", ""],
                ["", "", "", "", ""],
            ],
        ),
        "customer_details": write_csv(
            folder / "customer_details.csv",
            [customers, *([str(n)] + ["x"] * (len(customers) - 1) for n in (1, 2, 3, 4)), [" 5 "]],
        ),
        "product_details": write_csv(
            folder / "product_details.csv", [products, [HEX, "Puzzle", "Toys", "$1"], [f" {HEX} ", "Kite"]]
        ),
    }


def raw_rows(files: dict[str, Path]) -> dict[str, int]:
    with duckdb.connect() as con:
        return {
            source: con.execute(f"select count(*) from {suites.read_raw_csv(path)}").fetchall()[0][0]
            for source, path in files.items()
        }


def validate_raw(
    source: str, path: Path, accounted_rows: int | None, counted_rows: int | None = None
) -> tuple[Failures, list[str]]:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.row_accounting (source varchar, raw_rows bigint)")
    if accounted_rows is not None:
        con.execute("insert into marts.row_accounting values (?, ?)", [source, accounted_rows])
    header = [name for (name,) in con.execute(suites.raw_header_query(path)).fetchall()]
    return validate(con, suites.raw_suite(source, path, header, counted_rows))


@pytest.mark.parametrize("source", suites.RAW_SOURCES)
def test_raw_suite_passes_on_good_files(source: str, tmp_path: Path):
    files = good_files(tmp_path)
    assert validate_raw(source, files[source], raw_rows(files)[source]) == (set(), [])


@pytest.mark.parametrize("source", suites.RAW_SOURCES)
def test_raw_suite_passes_on_the_hostile_rows_fixture(source: str):
    """Byte order mark, CRLF, reordered and extra columns, many bad rows: all
    one row's problem each, so the file contract holds."""
    with open(HOSTILE_ROWS_DIR / f"expected_{source}.csv", newline="") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))  # one expected outcome per data row
    assert validate_raw(source, HOSTILE_ROWS_DIR / f"{source}.csv", rows) == (set(), [])


def drop_column(name: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def edit(rows: list[list[str]]) -> list[list[str]]:
        position = rows[0].index(name)
        return [row[:position] + row[position + 1 :] for row in rows]

    return edit


def sku_keys(rows: list[list[str]]) -> list[list[str]]:
    key = 1 if rows[0][0] == "user id" else 0
    return [rows[0], *([*row[:key], f"SKU-{n}", *row[key + 1 :]] for n, row in enumerate(rows[1:]))]


SHARE = (BETWEEN, "key_well_formed_share")
PRESENT = ("expect_column_values_to_be_in_set", "present")
NON_BLANK = (BETWEEN, "non_blank_rows")
ACCOUNTED = ("expect_column_pair_values_to_be_equal", "accounted_raw_rows, data_rows")
COUNTED = ("expect_column_pair_values_to_be_equal", "accounted_raw_rows, counted_rows")
BROKEN_RAW = [
    pytest.param(
        "sales_data", drop_column("Time stamp"), 0, {PRESENT}, "Time stamp=False", id="no Time stamp"
    ),
    pytest.param(
        "sales_data", drop_column("product id"), 0, {PRESENT, SHARE}, "product id=0.0", id="no product id"
    ),
    pytest.param("sales_data", sku_keys, 0, {SHARE}, "product id=0.0", id="SKUs for product ids"),
    pytest.param(
        "sales_data",
        lambda rows: [rows[0], ["", "", "", "", ""]],
        0,
        {NON_BLANK, SHARE},
        "'user id=0'",
        id="only an empty row",
    ),
    pytest.param("sales_data", lambda rows: rows, 1, {ACCOUNTED}, "user id=", id="a row lost"),
    pytest.param("sales_data", lambda rows: rows, None, {ACCOUNTED}, "user id=", id="not in row_accounting"),
    pytest.param(
        "customer_details",
        drop_column("Review Rating"),
        0,
        {PRESENT},
        "Review Rating=False",
        id="no Review Rating",
    ),
    pytest.param(
        "customer_details",
        lambda rows: [rows[0], *(row[1:] + row[:1] for row in rows[1:])],
        0,
        {SHARE},
        "Customer ID=",
        id="values shifted one column left",
    ),
    pytest.param("product_details", sku_keys, 0, {SHARE}, "Uniqe Id=0.0", id="SKUs for product ids"),
    pytest.param(
        "product_details",
        drop_column("Selling Price"),
        0,
        {PRESENT},
        "Selling Price=False",
        id="no Selling Price",
    ),
]


@pytest.mark.parametrize(("source", "edit", "row_delta", "expected", "observed"), BROKEN_RAW)
def test_raw_suite_fails_on_broken_files(
    source: str,
    edit: Callable[[list[list[str]]], list[list[str]]],
    row_delta: int | None,
    expected: Failures,
    observed: str,
    tmp_path: Path,
):
    path = good_files(tmp_path)[source]
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    write_csv(path, edit(rows))
    accounted = None if row_delta is None else raw_rows({source: path})[source] + row_delta
    failures, lines = validate_raw(source, path, accounted)
    assert failures == expected, lines
    assert any(observed in line for line in lines), lines


def test_every_raw_suite_has_a_breaking_case():
    assert {case.values[0] for case in BROKEN_RAW} == set(suites.RAW_SOURCES)


def test_raw_suite_fails_when_the_input_check_counted_other_rows(tmp_path: Path):
    """The build's input check (another CSV reader, scripts/inputs.py) counted
    one data row more than row_accounting holds: a row was lost on the way."""
    files = good_files(tmp_path)
    rows = raw_rows(files)["sales_data"]
    failures, lines = validate_raw("sales_data", files["sales_data"], rows, counted_rows=rows + 1)
    assert failures == {COUNTED}, lines
    assert validate_raw("sales_data", files["sales_data"], rows, counted_rows=rows) == (set(), [])
