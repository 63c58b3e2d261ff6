"""The Great Expectations suites: the one place they live.

GX guards the two boundaries of the pipeline, and nothing in between (dbt's
tests own everything inside the DAG; a GX check that repeated one was
dropped):

* ``raw.*``   each raw file as delivered, read in place by DuckDB
              (:func:`read_raw_csv`): required columns present, data rows
              present, key columns mostly well-formed, and every data row in
              the published ``row_accounting``;
* ``marts.*`` the published marts: not empty, the complete sets of tiers,
              brackets, segment dimensions, time grains, sources and headline
              metrics, column types, shares present, ratings 1-5 where present,
              interactions inside a plausible time window.

Every suite validates one small frame: the result of an aggregate (or
column-pruned, bounded) query that scripts/run_gx_checkpoint.py runs on a
read-only DuckDB connection. No frame grows with the data: a 100M-row file is
one row per required column, a mart one row (or one per group of a fixed
set). Where a frame holds one row per item (a raw column, a source, a grain),
``label`` names the column that says which, for the one-line failure reports.

Thresholds come from the dbt project's ``vars`` (dbt_project.yml) or are
constants here with their reason. A suite never depends on one data set: the
sample, the reference data, the hostile rows fixture and the small fixture
all pass; tests/python/test_gx_suites.py breaks every suite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import great_expectations.expectations as gxe
import yaml

from scripts.project_paths import DBT_PROJECT_FILE, STAGING_SOURCES_FILE

# A key value is "well-formed" when, trimmed (and lower-cased), it has the
# shape the pipeline parses. A malformed key is one row's problem: dbt rejects
# or flags that row with a reason. A file whose keys are mostly malformed is
# not the file it claims to be (shifted columns, another export, SKUs instead
# of ids) and stops the build. The hostile rows fixture, the worst per-row mix
# the project tests, has 94 % well-formed keys; a wrong file has about 0 %.
# 80 % separates the two with room on both sides.
RAW_KEY_WELL_FORMED_MOSTLY = 0.80
PRODUCT_ID_PATTERN = "[0-9a-f]{32}"
INTEGER_ID_PATTERN = "[0-9]+"

# The raw files' required columns (scripts/inputs.py's contract) and the key
# columns whose shape is checked. Optional catalog columns may be absent.
RAW_REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "sales_data": ("user id", "product id", "Interaction type", "Time stamp"),
    "customer_details": (
        "Customer ID", "Age", "Gender", "Item Purchased", "Category", "Purchase Amount (USD)",
        "Location", "Size", "Color", "Season", "Review Rating", "Subscription Status",
        "Shipping Type", "Discount Applied", "Promo Code Used", "Previous Purchases",
        "Payment Method", "Frequency of Purchases",
    ),
    "product_details": ("Uniqe Id", "Product Name", "Category", "Selling Price"),
}  # fmt: skip
RAW_KEY_PATTERNS: dict[str, dict[str, str]] = {
    "sales_data": {"user id": INTEGER_ID_PATTERN, "product id": PRODUCT_ID_PATTERN},
    "customer_details": {"Customer ID": INTEGER_ID_PATTERN},
    "product_details": {"Uniqe Id": PRODUCT_ID_PATTERN},
}
RAW_SOURCES = tuple(RAW_REQUIRED_COLUMNS)

# Interactions should fall inside this window: none before e-commerce data of
# this kind exists, none after the build runs. dbt keeps an out-of-window time
# stamp as a valid row (one row's typo must not block the others), so only a
# file where more than 1 % fall outside stops the build: its time stamps are
# being read wrongly (e.g. two-digit years read as year 0023).
EARLIEST_INTERACTION_AT = dt.datetime(2000, 1, 1)
INTERACTIONS_IN_WINDOW_MOSTLY = 0.99
REVIEW_RATING_RANGE = (1, 5)

# The segment dimensions of revenue_by_segment and the grains of
# interactions_by_time_bucket (as listed in those models).
SEGMENT_DIMENSIONS = (
    "spending_tier", "age_bracket", "subscription_status", "purchase_category", "item_purchased",
    "location", "payment_method", "shipping_type", "season",
)  # fmt: skip
TIME_GRAINS = ("month", "weekday", "hour", "weekday_hour")
# How to read key_findings.value (models/marts/_marts__models.yml, column unit).
KEY_FINDING_UNITS = ("count", "usd", "share", "month", "index")

# Type families of the published columns that the report, the docs site and
# analysts' queries rely on (see MART_TYPES_QUERY for the DuckDB type names).
MART_COLUMN_TYPES: dict[str, dict[str, str]] = {
    "fct_interactions": {
        "interaction_id": "integer", "customer_id": "integer", "product_id": "text",
        "interaction_type": "text", "is_purchase": "boolean", "interacted_at": "timestamp",
        "has_known_customer": "boolean", "has_known_product": "boolean", "product_category": "text",
    },
    "dim_customers": {
        "customer_id": "integer", "age": "integer", "purchase_amount_usd": "number",
        "review_rating": "number", "spending_tier": "text", "age_bracket": "text",
        "is_subscriber": "boolean",
    },
    "dim_products": {"product_id": "text", "product_category": "text"},
    "spending_tiers": {"spending_tier": "text", "customers": "integer", "revenue_usd": "number",
                       "customer_share": "number", "revenue_share": "number"},
    "age_brackets": {"age_bracket": "text", "customers": "integer", "revenue_usd": "number"},
    "key_findings": {"metric": "text", "value": "number", "unit": "text"},
    "row_accounting": {"source": "text", "raw_rows": "integer", "valid_rows": "integer"},
}  # fmt: skip


@dataclass(frozen=True)
class Suite:
    """One expectation suite and the query that builds the frame it validates."""

    name: str
    description: str
    query: str
    expectations: tuple[gxe.Expectation, ...]
    label: str | None = None  # the frame column naming each row, for failure reports
    file: Path | None = None  # the raw file the query reads, for error messages
    # An aggregate over the raw file alone (no database), one row, which the
    # query reads as relation RAW_SCAN: the costly part of a raw-file suite,
    # which the checkpoint can run while dbt still builds the database.
    scan: str | None = None


# The relation a suite's query reads its scan's result from (Suite.scan).
RAW_SCAN = "raw_scan"


def dbt_vars(path: Path = DBT_PROJECT_FILE) -> dict[str, Any]:
    """The ``vars`` of dbt_project.yml."""
    return dict(yaml.safe_load(path.read_text())["vars"])


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def read_raw_csv(path: Path) -> str:
    """The DuckDB expression reading one raw file in place, every column as
    text: the dbt source's own ``external_location`` (its one home,
    models/staging/_staging__sources.yml), with the names from the header
    (``names = []``).

    Read in parallel: DuckDB's parallel scanner refuses ``null_padding``
    with quoted line breaks (product descriptions hold them), so
    scripts/run_gx_checkpoint.py runs a query that fails so again with
    SINGLE_THREADED_READ, as the build's input check decides for dbt."""
    sources = yaml.safe_load(STAGING_SOURCES_FILE.read_text())["sources"]
    [raw_files] = [source for source in sources if source["name"] == "raw_files"]
    template = raw_files["tables"][0]["meta"]["external_location"]
    return template.format(path=literal(str(path)), columns="[]", parallel="true")


PARALLEL_READ = "parallel = true"
SINGLE_THREADED_READ = "parallel = false"
PARALLEL_READ_REFUSED = "parallel scanner does not support null_padding"


def raw_header_query(path: Path) -> str:
    """The raw file's column names, in file order (one row each)."""
    return f"select column_name from (describe select * from {read_raw_csv(path)})"


def raw_suite(source: str, path: Path, header: list[str], counted_rows: int | None = None) -> Suite:
    """The contract of one raw file as delivered, from one scan of the file
    (the suite's ``scan``: needs no database, so a build runs it early).

    The frame has one row per required column: present (in the header, names
    compared trimmed), the share of non-blank rows whose key is well-formed
    (key columns only), and the published ``row_accounting.raw_rows`` next to
    the file's data rows as this scan counts them and as the build's input
    check counted them with another reader (``counted_rows``, scripts/inputs.py:
    Python's CSV reader or DuckDB's strict one; null when not given): every
    row of the file as delivered is accounted for, none invented."""
    by_name = {name.strip(): name for name in header}
    non_empty = [f"nullif(trim({quote(name)}), '') is not null" for name in header]
    aggregates = [
        "count(*) as data_rows",
        f"count(*) filter (where {' or '.join(non_empty) or 'false'}) as non_blank_rows",
    ]
    rows = []
    for position, column in enumerate(RAW_REQUIRED_COLUMNS[source]):
        pattern = RAW_KEY_PATTERNS[source].get(column)
        present = column in by_name
        if pattern is not None and present:
            aggregates.append(
                f"count(*) filter (where regexp_full_match(lower(trim({quote(by_name[column])})), "
                f"{literal(pattern)})) as well_formed_{position}"
            )
            share = f"coalesce(well_formed_{position} / nullif(non_blank_rows, 0), 0)"
        else:
            share = "0.0" if pattern is not None else "cast(null as double)"
        rows.append(
            f"select {literal(column)} as raw_column, {str(present).lower()} as present, "
            f"{share} as key_well_formed_share, data_rows, non_blank_rows, accounted_raw_rows, "
            f"cast({'null' if counted_rows is None else int(counted_rows)} as bigint) as counted_rows "
            "from scanned"
        )
    query = (
        f"with scanned as (select *, "
        f"(select max(raw_rows) from marts.row_accounting where source = {literal(source)}) "
        f"as accounted_raw_rows from {RAW_SCAN}) " + " union all ".join(rows)
    )
    return Suite(
        name=f"raw.{source}",
        description=f"The raw file {path.name} as delivered: required columns present, data rows "
        f"present, key columns at least {RAW_KEY_WELL_FORMED_MOSTLY:.0%} well-formed (a malformed key "
        "is one row's problem, rejected by dbt with a reason), every data row in row_accounting.",
        query=query,
        expectations=(
            gxe.ExpectColumnValuesToBeInSet(column="present", value_set=[True]),
            gxe.ExpectColumnValuesToBeBetween(column="non_blank_rows", min_value=1),
            gxe.ExpectColumnValuesToBeBetween(
                column="key_well_formed_share", min_value=RAW_KEY_WELL_FORMED_MOSTLY, max_value=1
            ),
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A="accounted_raw_rows", column_B="data_rows", ignore_row_if="neither"
            ),
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A="accounted_raw_rows",
                column_B="counted_rows",
                ignore_row_if="either_value_is_missing",
            ),
        ),
        label="raw_column",
        file=path,
        scan=f"select {', '.join(aggregates)} from {read_raw_csv(path)}",
    )


def mart_types_query() -> str:
    """One row per published column the consumers rely on: its type family,
    null when the column (or table) is missing."""
    expected = ", ".join(
        f"({literal(table)}, {literal(column)}, {literal(family)})"
        for table, columns in MART_COLUMN_TYPES.items()
        for column, family in columns.items()
    )
    return f"""
with expected (table_name, column_name, expected_family) as (values {expected}),
actual as (
    select
        table_name,
        column_name,
        case
            when data_type in ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT',
                'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT') then 'integer'
            when data_type like 'DECIMAL(%' or data_type in ('DOUBLE', 'FLOAT') then 'number'
            when data_type = 'VARCHAR' then 'text'
            when data_type like 'TIMESTAMP%' then 'timestamp'
            when data_type = 'BOOLEAN' then 'boolean'
            else data_type
        end as type_family
    from information_schema.columns
    where table_schema = 'marts'
)
select
    expected.table_name || '.' || expected.column_name as mart_column,
    expected.expected_family,
    actual.type_family
from expected
left join actual
    on expected.table_name = actual.table_name and expected.column_name = actual.column_name
"""


def not_null_count(*columns: str) -> str:
    return ", ".join(f"count(*) filter (where {column} is null) as null_{column}" for column in columns)


def no_nulls(*columns: str) -> tuple[gxe.Expectation, ...]:
    return tuple(
        gxe.ExpectColumnValuesToBeBetween(column=f"null_{column}", min_value=0, max_value=0)
        for column in columns
    )


def mart_suites(project_vars: dict[str, Any], required_metrics: list[str], now: dt.datetime) -> list[Suite]:
    """The published marts' suites. `required_metrics`: the key_findings
    metrics known before the data is, as dbt expanded them from var
    key_findings (model key_findings' meta; run_gx_checkpoint.required_metrics)."""
    tiers = list(project_vars["spending_tiers"])
    age_labels = [bracket["label"] for bracket in project_vars["age_brackets"]]
    age_labels.append(project_vars["age_below_brackets_label"])
    window = (
        f"timestamp '{EARLIEST_INTERACTION_AT:%Y-%m-%d %H:%M:%S}' and timestamp '{now:%Y-%m-%d %H:%M:%S}'"
    )
    return [
        Suite(
            name="marts.column_types",
            description="Every published column the report and analysts rely on exists with its type "
            "family (integer, number, text, timestamp, boolean); a missing column is a failure.",
            query=mart_types_query(),
            expectations=(
                gxe.ExpectColumnPairValuesToBeEqual(
                    column_A="type_family", column_B="expected_family", ignore_row_if="neither"
                ),
            ),
            label="mart_column",
        ),
        Suite(
            name="marts.fct_interactions",
            description="Valid interactions are published, and at least "
            f"{INTERACTIONS_IN_WINDOW_MOSTLY:.0%} of them fall between "
            f"{EARLIEST_INTERACTION_AT:%Y-%m-%d} and the build.",
            query=f"""
select
    count(*) as interactions,
    count(*) filter (where interacted_at between {window}) / nullif(count(*), 0) as in_window_share
from marts.fct_interactions
""",
            expectations=(
                gxe.ExpectColumnValuesToBeBetween(column="interactions", min_value=1),
                gxe.ExpectColumnValuesToNotBeNull(column="in_window_share"),
                gxe.ExpectColumnValuesToBeBetween(
                    column="in_window_share", min_value=INTERACTIONS_IN_WINDOW_MOSTLY, max_value=1
                ),
            ),
        ),
        Suite(
            name="marts.dim_customers",
            description="Valid customers are published; a review rating, where present, is 1-5 "
            "(a missing or unreadable rating is null, not a failure).",
            query="""
select
    count(*) as customers,
    min(review_rating) as min_review_rating,
    max(review_rating) as max_review_rating
from marts.dim_customers
""",
            expectations=(
                gxe.ExpectColumnValuesToBeBetween(column="customers", min_value=1),
                *(
                    gxe.ExpectColumnValuesToBeBetween(
                        column=column, min_value=REVIEW_RATING_RANGE[0], max_value=REVIEW_RATING_RANGE[1]
                    )
                    for column in ("min_review_rating", "max_review_rating")
                ),
            ),
        ),
        Suite(
            name="marts.dim_products",
            description="Valid catalog products are published.",
            query="select count(*) as products from marts.dim_products",
            expectations=(gxe.ExpectColumnValuesToBeBetween(column="products", min_value=1),),
        ),
        Suite(
            name="marts.spending_tiers",
            description="Exactly one row per tier of var spending_tiers, each with its shares; "
            "consecutive tiers meet (a tier's lower edge is the previous tier's upper edge).",
            query="""
select
    spending_tier,
    customer_share,
    revenue_share,
    lower_edge_exclusive_usd,
    lag(upper_edge_inclusive_usd) over (order by spending_tier_rank) as previous_upper_edge_usd
from marts.spending_tiers
""",
            expectations=(
                gxe.ExpectTableRowCountToEqual(value=len(tiers)),
                gxe.ExpectColumnDistinctValuesToEqualSet(column="spending_tier", value_set=tiers),
                gxe.ExpectColumnValuesToNotBeNull(column="customer_share"),
                gxe.ExpectColumnValuesToNotBeNull(column="revenue_share"),
                gxe.ExpectColumnPairValuesToBeEqual(
                    column_A="lower_edge_exclusive_usd",
                    column_B="previous_upper_edge_usd",
                    ignore_row_if="either_value_is_missing",
                ),
            ),
            label="spending_tier",
        ),
        Suite(
            name="marts.age_brackets",
            description="Exactly one row per bracket of var age_brackets plus the one below them, "
            "each with its shares.",
            query="select age_bracket, customer_share, revenue_share from marts.age_brackets",
            expectations=(
                gxe.ExpectTableRowCountToEqual(value=len(age_labels)),
                gxe.ExpectColumnDistinctValuesToEqualSet(column="age_bracket", value_set=age_labels),
                gxe.ExpectColumnValuesToNotBeNull(column="customer_share"),
                gxe.ExpectColumnValuesToNotBeNull(column="revenue_share"),
            ),
            label="age_bracket",
        ),
        Suite(
            name="marts.revenue_by_segment",
            description="Every segment dimension is published, each value with its shares.",
            query=f"select segment_dimension, {not_null_count('customer_share', 'revenue_share')} "
            "from marts.revenue_by_segment group by segment_dimension",
            expectations=(
                gxe.ExpectColumnDistinctValuesToEqualSet(
                    column="segment_dimension", value_set=list(SEGMENT_DIMENSIONS)
                ),
                *no_nulls("customer_share", "revenue_share"),
            ),
            label="segment_dimension",
        ),
        Suite(
            name="marts.interactions_by_time_bucket",
            description="Every time grain is published, each bucket with its share.",
            query=f"select time_grain, {not_null_count('interaction_share')} "
            "from marts.interactions_by_time_bucket group by time_grain",
            expectations=(
                gxe.ExpectColumnDistinctValuesToEqualSet(column="time_grain", value_set=list(TIME_GRAINS)),
                *no_nulls("interaction_share"),
            ),
            label="time_grain",
        ),
        Suite(
            name="marts.interactions_by_product_category",
            description="Interactions by product category are published, each with its share.",
            query=f"select count(*) as categories, {not_null_count('interaction_share')} "
            "from marts.interactions_by_product_category",
            expectations=(
                gxe.ExpectColumnValuesToBeBetween(column="categories", min_value=1),
                *no_nulls("interaction_share"),
            ),
        ),
        Suite(
            name="marts.key_findings",
            description="Every headline metric the reference check, the report and the docs site "
            "read is published, each with a known unit.",
            query="select metric, unit from marts.key_findings",
            expectations=(
                gxe.ExpectColumnDistinctValuesToContainSet(column="metric", value_set=required_metrics),
                gxe.ExpectColumnValuesToNotBeNull(column="unit"),
                gxe.ExpectColumnValuesToBeInSet(column="unit", value_set=list(KEY_FINDING_UNITS)),
            ),
        ),
        Suite(
            name="marts.row_accounting",
            description="One accounting row per raw file, for exactly the three raw files.",
            query="select source from marts.row_accounting",
            expectations=(
                gxe.ExpectTableRowCountToEqual(value=len(RAW_SOURCES)),
                gxe.ExpectColumnDistinctValuesToEqualSet(column="source", value_set=list(RAW_SOURCES)),
            ),
        ),
    ]
