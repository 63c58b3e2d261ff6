"""The Great Expectations suites of the build database: the one place they live.

Every suite validates one pandas frame, built by a SQL query that
scripts/run_gx_checkpoint.py runs on a read-only DuckDB connection (GX 1.x has
no working DuckDB SQL datasource). Suite names start with their layer:

* ``raw.*``     the raw files as dbt loaded them (schema ``raw``, all text): the
                column set and order, row counts, id formats;
* ``staging.*`` the staging views, restricted to the rows validation accepts
                (rejected rows are counted, not cleaned): declared types,
                non-null and unique keys, value sets, ranges, time window;
* ``marts.*``   the mart tables, and frames computed across tables where a
                check spans several (``marts.check_*``): tiers disjoint and
                covering, shares summing to 1, revenue equal to the raw sum,
                every raw row accounted for, no interaction lost.

Thresholds come from the dbt project's ``vars`` (dbt_project.yml), so GX and
dbt judge the data by the same numbers. A suite never depends on one data
set: the sample, the reference data and small test fixtures all pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import great_expectations.expectations as gxe
import yaml

DBT_PROJECT_FILE = Path(__file__).resolve().parent.parent / "dbt_project.yml"

# Row count bounds for every raw file: generous enough for the sample, the
# reference data and small test fixtures; an empty or runaway file fails.
MIN_RAW_ROWS = 1
MAX_RAW_ROWS = 50_000_000
# Raw ids in the wrong format are rejected or flagged row by row by the
# pipeline; when more than 5 % are malformed the file is not what it claims
# to be (shifted columns, another export) and the build stops.
RAW_ID_FORMAT_MOSTLY = 0.95
PRODUCT_ID_PATTERN = r"^[0-9a-f]{32}$"
INTEGER_ID_PATTERN = r"^[0-9]+$"
# Interactions must fall inside this window: none before e-commerce data of
# this kind exists, none after the build runs.
EARLIEST_INTERACTION_AT = dt.datetime(2000, 1, 1)
REVIEW_RATING_RANGE = (1, 5)
# Shares are doubles: a sum may differ from 1 by rounding only.
SHARE_SUM_TOLERANCE = 1e-9

# The raw tables' columns in load order: the normalised copies of the raw
# files (scripts/inputs.py) loaded as seeds. The sales export ends each line
# with a comma; the loader (agate) names that empty fifth column "e".
RAW_COLUMNS: dict[str, list[str]] = {
    "sales_data": ["user id", "product id", "Interaction type", "Time stamp", "e"],
    "customer_details": [
        "Customer ID", "Age", "Gender", "Item Purchased", "Category", "Purchase Amount (USD)",
        "Location", "Size", "Color", "Season", "Review Rating", "Subscription Status",
        "Shipping Type", "Discount Applied", "Promo Code Used", "Previous Purchases",
        "Payment Method", "Frequency of Purchases",
    ],
    "product_details": [
        "Uniqe Id", "Product Name", "Category", "Selling Price", "Brand Name", "Asin",
        "Upc Ean Code", "List Price", "Quantity", "Model Number", "About Product",
        "Product Specification", "Technical Details", "Shipping Weight", "Product Dimensions",
        "Image", "Variants", "Sku", "Product Url", "Stock", "Product Details", "Dimensions",
        "Color", "Ingredients", "Direction To Use", "Is Amazon Seller", "Size Quantity Variant",
        "Product Description",
    ],
}  # fmt: skip

INTEGER_TYPES = ["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"]
TEXT_TYPES = ["VARCHAR"]
TIMESTAMP_TYPES = ["TIMESTAMP", "TIMESTAMP WITH TIME ZONE"]
BOOLEAN_TYPES = ["BOOLEAN"]


def decimal_types(scale: int) -> list[str]:
    return [f"DECIMAL({precision},{scale})" for precision in range(scale + 1, 39)]


# Declared DuckDB types of the staging columns the marts rely on.
STAGING_TYPES: dict[str, dict[str, list[str]]] = {
    "stg_ecommerce__sales_interactions": {
        "user_id": INTEGER_TYPES,
        "product_id": TEXT_TYPES,
        "interaction_type": TEXT_TYPES,
        "interacted_at": TIMESTAMP_TYPES,
    },
    "stg_ecommerce__customers": {
        "customer_id": INTEGER_TYPES,
        "age": INTEGER_TYPES,
        "purchase_amount_usd": decimal_types(2),
        "review_rating": decimal_types(1),
        "is_subscriber": BOOLEAN_TYPES,
        "has_discount_applied": BOOLEAN_TYPES,
        "has_used_promo_code": BOOLEAN_TYPES,
        "previous_purchases": INTEGER_TYPES,
    },
    "stg_ecommerce__products": {
        "product_id": TEXT_TYPES,
        "selling_price_low_usd": decimal_types(2),
        "selling_price_high_usd": decimal_types(2),
    },
}


@dataclass(frozen=True)
class Suite:
    """One expectation suite and the query that builds the frame it validates."""

    name: str
    description: str
    query: str
    expectations: tuple[gxe.Expectation, ...]


def dbt_vars(path: Path = DBT_PROJECT_FILE) -> dict[str, Any]:
    """The ``vars`` of dbt_project.yml."""
    return dict(yaml.safe_load(path.read_text())["vars"])


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw_suites() -> list[Suite]:
    id_formats: dict[str, list[tuple[str, str]]] = {
        "sales_data": [("product id", PRODUCT_ID_PATTERN), ("user id", INTEGER_ID_PATTERN)],
        "customer_details": [("Customer ID", INTEGER_ID_PATTERN)],
        "product_details": [("Uniqe Id", PRODUCT_ID_PATTERN)],
    }
    suites = []
    for source, columns in RAW_COLUMNS.items():
        expectations: list[gxe.Expectation] = [
            gxe.ExpectTableColumnsToMatchOrderedList(column_list=columns),
            gxe.ExpectTableRowCountToBeBetween(min_value=MIN_RAW_ROWS, max_value=MAX_RAW_ROWS),
        ]
        for column, pattern in id_formats[source]:
            expectations.append(
                gxe.ExpectColumnValuesToMatchRegex(column=column, regex=pattern, mostly=RAW_ID_FORMAT_MOSTLY)
            )
        suites.append(
            Suite(
                name=f"raw.{source}",
                description=f"The raw file {source}.csv as loaded (text): columns, rows, id formats.",
                query=f"select * from raw.{source}",
                expectations=tuple(expectations),
            )
        )
    return suites


def accepted_rows(view: str, validated: str) -> str:
    """A staging view's rows that validation accepted."""
    return (
        f"select staged.* from staging.{view} as staged "
        f"inner join intermediate.{validated} as validated "
        "on staged.source_row_number = validated.source_row_number "
        "where validated.reject_reason is null"
    )


def staging_suites(project_vars: dict[str, Any], now: dt.datetime) -> list[Suite]:
    type_columns = [f"{view}.{column}" for view, columns in STAGING_TYPES.items() for column in columns]
    types_query = (
        "pivot (select table_name || '.' || column_name as relation_column, data_type "
        "from information_schema.columns where table_schema = 'staging') "
        f"on relation_column in ({', '.join(repr(name) for name in type_columns)}) "
        "using first(data_type)"
    )
    types = Suite(
        name="staging.column_types",
        description="Declared DuckDB types of the staging columns the marts rely on (one row).",
        query=types_query,
        expectations=(
            gxe.ExpectTableRowCountToEqual(value=1),
            *(
                gxe.ExpectColumnValuesToBeInSet(column=f"{view}.{column}", value_set=allowed)
                for view, columns in STAGING_TYPES.items()
                for column, allowed in columns.items()
            ),
        ),
    )
    sales = Suite(
        name="staging.stg_ecommerce__sales_interactions",
        description="Accepted sales rows: non-null keys, interaction types, time window.",
        query=accepted_rows("stg_ecommerce__sales_interactions", "int_sales_interactions_validated"),
        expectations=(
            *(
                gxe.ExpectColumnValuesToNotBeNull(column=column)
                for column in ("user_id", "product_id", "interaction_type", "interacted_at")
            ),
            gxe.ExpectColumnValuesToBeBetween(column="user_id", min_value=1),
            gxe.ExpectColumnValuesToBeInSet(
                column="interaction_type", value_set=list(project_vars["valid_interaction_types"])
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="interacted_at", min_value=EARLIEST_INTERACTION_AT, max_value=now
            ),
        ),
    )
    customers = Suite(
        name="staging.stg_ecommerce__customers",
        description="Accepted customer rows: unique key, Yes/No flags, amount/age/rating ranges.",
        query=accepted_rows("stg_ecommerce__customers", "int_customers_validated"),
        expectations=(
            gxe.ExpectColumnValuesToNotBeNull(column="customer_id"),
            gxe.ExpectColumnValuesToBeUnique(column="customer_id"),
            gxe.ExpectColumnValuesToBeBetween(column="customer_id", min_value=1),
            # A Yes/No flag spelled any way but the accepted ones parses to null.
            *(
                gxe.ExpectColumnValuesToNotBeNull(column=column)
                for column in ("is_subscriber", "has_discount_applied", "has_used_promo_code")
            ),
            gxe.ExpectColumnValuesToNotBeNull(column="purchase_amount_usd"),
            gxe.ExpectColumnValuesToBeBetween(
                column="purchase_amount_usd",
                min_value=0,
                strict_min=True,
                max_value=project_vars["max_valid_purchase_amount_usd"],
            ),
            gxe.ExpectColumnValuesToNotBeNull(column="age"),
            gxe.ExpectColumnValuesToBeBetween(
                column="age", min_value=project_vars["min_valid_age"], max_value=project_vars["max_valid_age"]
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="review_rating", min_value=REVIEW_RATING_RANGE[0], max_value=REVIEW_RATING_RANGE[1]
            ),
            gxe.ExpectColumnValuesToBeBetween(column="previous_purchases", min_value=0),
        ),
    )
    products = Suite(
        name="staging.stg_ecommerce__products",
        description="Accepted catalog rows: unique 32-hex product ids, price ranges.",
        query=accepted_rows("stg_ecommerce__products", "int_products_validated"),
        expectations=(
            gxe.ExpectColumnValuesToNotBeNull(column="product_id"),
            gxe.ExpectColumnValuesToBeUnique(column="product_id"),
            gxe.ExpectColumnValuesToMatchRegex(
                column="product_id", regex=PRODUCT_ID_PATTERN, mostly=RAW_ID_FORMAT_MOSTLY
            ),
            gxe.ExpectColumnValuesToBeBetween(column="selling_price_low_usd", min_value=0),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="selling_price_high_usd",
                column_B="selling_price_low_usd",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
        ),
    )
    return [types, sales, customers, products]


def share_between_0_and_1(*columns: str) -> tuple[gxe.Expectation, ...]:
    return tuple(
        gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=1) for column in columns
    )


def mart_suites(project_vars: dict[str, Any], now: dt.datetime) -> list[Suite]:
    tiers = list(project_vars["spending_tiers"])
    age_labels = [bracket["label"] for bracket in project_vars["age_brackets"]]
    age_labels.append(project_vars["age_below_brackets_label"])
    table_suites = [
        Suite(
            name="marts.fct_interactions",
            description="One row per valid interaction; unknown products are kept, not dropped.",
            query="select * from marts.fct_interactions",
            expectations=(
                gxe.ExpectColumnValuesToNotBeNull(column="interaction_id"),
                gxe.ExpectColumnValuesToBeUnique(column="interaction_id"),
                *(
                    gxe.ExpectColumnValuesToNotBeNull(column=column)
                    for column in ("customer_id", "product_id", "interaction_type", "interacted_at")
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="interaction_type", value_set=list(project_vars["valid_interaction_types"])
                ),
                gxe.ExpectColumnValuesToBeBetween(
                    column="interacted_at", min_value=EARLIEST_INTERACTION_AT, max_value=now
                ),
                gxe.ExpectColumnValuesToBeBetween(column="hour_of_day", min_value=0, max_value=23),
            ),
        ),
        Suite(
            name="marts.dim_customers",
            description="One row per valid customer, each in exactly one tier and one age bracket.",
            query="select * from marts.dim_customers",
            expectations=(
                gxe.ExpectColumnValuesToNotBeNull(column="customer_id"),
                gxe.ExpectColumnValuesToBeUnique(column="customer_id"),
                gxe.ExpectColumnValuesToBeBetween(
                    column="purchase_amount_usd",
                    min_value=0,
                    strict_min=True,
                    max_value=project_vars["max_valid_purchase_amount_usd"],
                ),
                gxe.ExpectColumnValuesToNotBeNull(column="spending_tier"),
                gxe.ExpectColumnValuesToBeInSet(column="spending_tier", value_set=tiers),
                gxe.ExpectColumnValuesToNotBeNull(column="age_bracket"),
                gxe.ExpectColumnValuesToBeInSet(column="age_bracket", value_set=age_labels),
                gxe.ExpectColumnValuesToBeBetween(
                    column="review_rating", min_value=REVIEW_RATING_RANGE[0], max_value=REVIEW_RATING_RANGE[1]
                ),
            ),
        ),
        Suite(
            name="marts.dim_products",
            description="One row per valid catalog product.",
            query="select * from marts.dim_products",
            expectations=(
                gxe.ExpectColumnValuesToNotBeNull(column="product_id"),
                gxe.ExpectColumnValuesToBeUnique(column="product_id"),
            ),
        ),
        Suite(
            name="marts.spending_tiers",
            description="One row per spending tier; shares of customers and revenue.",
            query="select * from marts.spending_tiers",
            expectations=(
                gxe.ExpectColumnValuesToBeUnique(column="spending_tier"),
                gxe.ExpectColumnValuesToBeInSet(column="spending_tier", value_set=tiers),
                gxe.ExpectTableRowCountToBeBetween(min_value=0, max_value=len(tiers)),
                *share_between_0_and_1("customer_share", "revenue_share"),
            ),
        ),
        Suite(
            name="marts.age_brackets",
            description="One row per age bracket; shares of customers and revenue.",
            query="select * from marts.age_brackets",
            expectations=(
                gxe.ExpectColumnValuesToBeUnique(column="age_bracket"),
                gxe.ExpectColumnValuesToBeInSet(column="age_bracket", value_set=age_labels),
                *share_between_0_and_1("customer_share", "revenue_share"),
            ),
        ),
        Suite(
            name="marts.revenue_by_segment",
            description="Customers and revenue by segment of the customer file.",
            query="select * from marts.revenue_by_segment",
            expectations=share_between_0_and_1("customer_share", "revenue_share"),
        ),
        Suite(
            name="marts.interactions_by_time_bucket",
            description="Interactions by month, weekday, hour and weekday x hour.",
            query="select * from marts.interactions_by_time_bucket",
            expectations=share_between_0_and_1("interaction_share"),
        ),
        Suite(
            name="marts.interactions_by_product_category",
            description="Interactions by top-level catalog category (unknown products included).",
            query="select * from marts.interactions_by_product_category",
            expectations=share_between_0_and_1("interaction_share", "purchase_share"),
        ),
        Suite(
            name="marts.key_findings",
            description="The headline metrics: one row per metric.",
            query="select * from marts.key_findings",
            expectations=(
                gxe.ExpectColumnValuesToNotBeNull(column="metric"),
                gxe.ExpectColumnValuesToBeUnique(column="metric"),
                gxe.ExpectColumnValuesToNotBeNull(column="value"),
            ),
        ),
    ]
    return table_suites + cross_table_suites()


def share_totals_query() -> str:
    """One row per share column (per group where the mart has groups)."""
    parts = [
        ("spending_tiers", None, ["customer_share", "revenue_share"]),
        ("age_brackets", None, ["customer_share", "revenue_share"]),
        ("revenue_by_segment", "segment_dimension", ["customer_share", "revenue_share"]),
        ("interactions_by_time_bucket", "time_grain", ["interaction_share"]),
        ("interactions_by_product_category", None, ["interaction_share", "purchase_share"]),
    ]  # fmt: skip
    selects = []
    for table, group, columns in parts:
        for column in columns:
            label = f"'{table}.{column}'" + (f" || ' by ' || {group}" if group else "")
            group_by = f" group by {group}" if group else ""
            selects.append(
                f"select {label} as check_name, count(*) as rows, sum({column}) as share_total "
                f"from marts.{table}{group_by}"
            )
    return " union all ".join(selects)


TIER_EDGES_QUERY = """
select
    tiers.spending_tier_rank,
    tiers.spending_tier as check_name,
    tiers.lower_edge_exclusive_usd,
    tiers.upper_edge_inclusive_usd,
    lag(tiers.upper_edge_inclusive_usd) over (order by tiers.spending_tier_rank)
        as previous_upper_edge_usd,
    tiers.min_purchase_amount_usd,
    tiers.max_purchase_amount_usd,
    lead(tiers.min_purchase_amount_usd) over (order by tiers.spending_tier_rank)
        as next_min_purchase_amount_usd,
    tiers.customers,
    coalesce(members.customers, 0) as dim_customers
from marts.spending_tiers as tiers
left join (
    select spending_tier, count(*) as customers from marts.dim_customers group by spending_tier
) as members on tiers.spending_tier = members.spending_tier
"""

REVENUE_QUERY = """
with raw_amounts as (
    select try_cast(trim("Purchase Amount (USD)") as decimal(18, 2)) as amount from raw.customer_details
),
rejected_amounts as (
    select try_cast(trim(purchase_amount_usd_raw) as decimal(18, 2)) as amount from marts.rejected_customers
)
select
    coalesce((select sum(amount) from raw_amounts), 0)
        - coalesce((select sum(amount) from rejected_amounts), 0) as raw_accepted_revenue_usd,
    coalesce((select sum(purchase_amount_usd) from marts.dim_customers), 0) as dim_customers_revenue_usd,
    coalesce((select sum(revenue_usd) from marts.spending_tiers), 0) as spending_tiers_revenue_usd,
    coalesce((select sum(revenue_usd) from marts.age_brackets), 0) as age_brackets_revenue_usd,
    coalesce((select sum(value) from marts.key_findings where metric = 'total_revenue_usd'), 0)
        as key_findings_revenue_usd
"""

ROW_ACCOUNTING_QUERY = """
select
    accounting.source as check_name,
    case accounting.source
        when 'sales_data' then (select count(*) from raw.sales_data)
        when 'customer_details' then (select count(*) from raw.customer_details)
        when 'product_details' then (select count(*) from raw.product_details)
    end as raw_table_rows,
    accounting.raw_rows,
    accounting.empty_rows + accounting.rejected_rows + accounting.valid_rows as accounted_rows,
    accounting.valid_rows,
    case accounting.source
        when 'sales_data' then (select count(*) from marts.fct_interactions)
        when 'customer_details' then (select count(*) from marts.dim_customers)
        when 'product_details' then (select count(*) from marts.dim_products)
    end as mart_rows
from marts.row_accounting as accounting
"""

INTERACTION_LINEAGE_QUERY = """
select
    staged.source_row_number,
    coalesce(facts.rows, 0) + coalesce(rejected.rows, 0) as destinations
from staging.stg_ecommerce__sales_interactions as staged
left join (
    select interaction_id, count(*) as rows from marts.fct_interactions group by interaction_id
) as facts on staged.source_row_number = facts.interaction_id
left join (
    select source_row_number, count(*) as rows
    from marts.rejected_sales_interactions
    group by source_row_number
) as rejected on staged.source_row_number = rejected.source_row_number
"""


def cross_table_suites() -> list[Suite]:
    def equal(column_a: str, column_b: str) -> gxe.Expectation:
        return gxe.ExpectColumnPairValuesToBeEqual(
            column_A=column_a, column_B=column_b, ignore_row_if="either_value_is_missing"
        )

    def greater(column_a: str, column_b: str, or_equal: bool = False) -> gxe.Expectation:
        return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=column_a, column_B=column_b, or_equal=or_equal, ignore_row_if="either_value_is_missing"
        )

    return [
        Suite(
            name="marts.check_spending_tier_edges",
            description="Tiers disjoint and covering: consecutive edges meet, every amount inside its "
            "tier's edges, no amount in two tiers, every customer of dim_customers counted in its tier.",
            query=TIER_EDGES_QUERY,
            expectations=(
                equal("lower_edge_exclusive_usd", "previous_upper_edge_usd"),
                greater("min_purchase_amount_usd", "lower_edge_exclusive_usd"),
                greater("upper_edge_inclusive_usd", "max_purchase_amount_usd", or_equal=True),
                greater("next_min_purchase_amount_usd", "max_purchase_amount_usd"),
                equal("customers", "dim_customers"),
            ),
        ),
        Suite(
            name="marts.check_share_totals",
            description="Every share column sums to 1 (per group where the mart has groups).",
            query=share_totals_query(),
            expectations=(
                gxe.ExpectColumnValuesToBeBetween(
                    column="share_total", min_value=1 - SHARE_SUM_TOLERANCE, max_value=1 + SHARE_SUM_TOLERANCE
                ),
            ),
        ),
        Suite(
            name="marts.check_revenue",
            description="Total revenue in every mart equals the raw file's sum of Purchase Amount "
            "(less the amounts of rejected rows).",
            query=REVENUE_QUERY,
            expectations=(
                equal("dim_customers_revenue_usd", "raw_accepted_revenue_usd"),
                equal("spending_tiers_revenue_usd", "raw_accepted_revenue_usd"),
                equal("age_brackets_revenue_usd", "raw_accepted_revenue_usd"),
                equal("key_findings_revenue_usd", "raw_accepted_revenue_usd"),
            ),
        ),
        Suite(
            name="marts.check_row_accounting",
            description="Per raw file: rows loaded = raw rows = empty + rejected + valid, and the valid "
            "rows are the rows of the mart.",
            query=ROW_ACCOUNTING_QUERY,
            expectations=(
                gxe.ExpectTableRowCountToEqual(value=len(RAW_COLUMNS)),
                equal("raw_table_rows", "raw_rows"),
                equal("accounted_rows", "raw_rows"),
                equal("mart_rows", "valid_rows"),
            ),
        ),
        Suite(
            name="marts.check_interaction_lineage",
            description="Every non-empty staged sales row ends up exactly once: in fct_interactions "
            "or in rejected_sales_interactions (0 = lost, 2 = duplicated).",
            query=INTERACTION_LINEAGE_QUERY,
            expectations=(gxe.ExpectColumnValuesToBeInSet(column="destinations", value_set=[1]),),
        ),
    ]


def all_suites(now: dt.datetime | None = None, project_vars: dict[str, Any] | None = None) -> list[Suite]:
    """Every suite, in the order they run: raw, staging, marts."""
    now = now or dt.datetime.now()
    project_vars = project_vars or dbt_vars()
    return raw_suites() + staging_suites(project_vars, now) + mart_suites(project_vars, now)
