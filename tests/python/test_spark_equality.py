"""The same models on Spark give the same marts as on DuckDB (issue 12).

For each data set, a Spark build (scripts/build.py --engine spark: dbt-spark
on a local pyspark session, marts written as Parquet, then loaded into the
DuckDB file) is compared with the DuckDB build of the same folder:

- sample: the committed seeds, by the README's `make build ENGINE=spark`:
  the full pipeline, with `dbt build` (models, data tests and unit tests)
  on Spark, the report and the docs site, against the session's
  `sample_build`;
- hostile: tests/fixtures/hostile/rows (every reject reason, hostile
  layouts), named by a file:// URI so Spark takes the remote-folder route
  (scripts/remote_inputs.py: headers only, no local checks), against a
  DuckDB build of the same folder;
- reference: ../shared/reference's real files + the sample's catalog,
  against the session's `reference_build`; the 26 published figures must
  match on Spark too (required when CI is set).

CI budget: on Spark every statement costs about a second whatever the data
size, and a session takes 20-60 s to start, so only the sample runs the full
`dbt build` on Spark (its ~260 data tests are the same on every data set).
The hostile rows and the reference data run the models only (`dbt run
--target spark` with the build's vars), both in one Spark session
(tests/python/spark_models_runs.py: the session starts once), and their marts
are loaded into DuckDB files by the build's own load_spark_marts. Measured
on the 2-core machine at a load average of about 3: the sample's `make build
ENGINE=spark` 132 s, hostile + reference on Spark 66 s, so about 3.5 minutes
of Spark work with the hostile DuckDB build (the other DuckDB builds are the
session's shared fixtures).

Equal means: the same mart tables, the same columns with the same DuckDB
types, the same number of rows, and row for row (both sorted by every
non-floating column, then the floating ones) the same values: floating
values within 1e-9 relative, everything else exactly. The comparison runs
in DuckDB SQL over the two files attached side by side (no table is pulled
into Python), so it works the same on large data. build_info differs only
in its engine column, which must say which engine built each file.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import (
    FIXTURES_DIR,
    PROJECT_DIR,
    REFERENCE_DIR,
    SEEDS_DIR,
    BuildResult,
    run_build,
    run_make_build,
    skip_or_fail_without_reference,
)
from test_reference_figures import EXPECTED_FILE, check_figure

from scripts.build import raw_files_env
from scripts.inputs import InputError, check_inputs
from scripts.remote_inputs import remote_inputs

RELATIVE_TOLERANCE = 1e-9
FLOATING = ("DOUBLE", "FLOAT", "REAL")
HOSTILE_ROWS_DIR = FIXTURES_DIR / "hostile" / "rows"


@pytest.fixture(autouse=True)
def java() -> None:
    """Spark needs Java (make test installs it): skip without, fail under CI."""
    if shutil.which("java") is None:
        message = "no java for Spark: run make java (make test does)"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI is set: the Spark equality must be checked)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def spark_models(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, BuildResult]:
    """The hostile rows and (when available) the reference data, models only
    on Spark, in one Spark session (tests/python/spark_models_runs.py)."""
    folders = {"hostile": f"file://{HOSTILE_ROWS_DIR}"}
    with contextlib.suppress(pytest.skip.Exception):  # the reference tests skip on their own
        folders["reference"] = str(request.getfixturevalue("reference_data_dir"))
    work = {name: tmp_path_factory.mktemp(f"spark_{name}") for name in folders}
    command = [sys.executable, str(PROJECT_DIR / "tests" / "python" / "spark_models_runs.py")]
    for name, data_dir in folders.items():
        command += [data_dir, str(work[name])]
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}  # the package scripts
    result = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return {
        name: BuildResult(result.returncode, result.stdout, result.stderr, work[name] / "analytics.duckdb")
        for name in folders
    }


@pytest.fixture(scope="module")
def spark_sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """`make build ENGINE=spark` on the committed sample (report and site included)."""
    result = run_make_build(
        SEEDS_DIR, tmp_path_factory.mktemp("spark_sample") / "analytics.duckdb", "ENGINE=spark"
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result


@pytest.fixture(scope="module")
def spark_reference_build(reference_data_dir: Path, spark_models: dict[str, BuildResult]) -> BuildResult:
    return spark_models["reference"]


@dataclass
class Difference:
    table: str
    problem: str


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def mart_columns(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, list[tuple[str, str]]]:
    """Every mart table of one attached database: its (column, type) in order."""
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = 'marts' order by table_name, ordinal_position",
        [database],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        tables.setdefault(table, []).append((column, kind))
    return tables


def table_differences(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]], limit: int = 3
) -> list[str]:
    """Rows of marts.<table> that differ between duckdb_build and spark_build,
    compared in position after sorting both the same way (SQL only)."""
    exact = [name for name, kind in columns if kind not in FLOATING]
    floating = [name for name, kind in columns if kind in FLOATING]
    order = ", ".join(f"{quote(name)} nulls first" for name in exact + floating)
    numbered = "select *, row_number() over (order by {order}) as row_position from {db}.marts.{table}"
    mismatch = [f"d.{quote(name)} is distinct from s.{quote(name)}" for name in exact] + [
        f"not (d.{quote(name)} is not distinct from s.{quote(name)} or abs(d.{quote(name)} - s.{quote(name)})"
        f" <= {RELATIVE_TOLERANCE} * greatest(abs(d.{quote(name)}), abs(s.{quote(name)})))"
        for name in floating
    ]
    sql = f"""
        with
        d as ({numbered.format(order=order, db="duckdb_build", table=quote(table))}),
        s as ({numbered.format(order=order, db="spark_build", table=quote(table))})
        select d.row_position, {", ".join(f"d.{quote(n)}, s.{quote(n)}" for n, _ in columns)}
        from d full join s using (row_position)
        where d.row_position is null or s.row_position is null or {" or ".join(mismatch)}
        order by 1
    """
    differing = con.execute(f"select count(*) from ({sql})").fetchone()[0]
    if not differing:
        return []
    examples = con.execute(f"{sql} limit {limit}").fetchall()
    return [
        f"{differing} row(s) differ (duckdb value, spark value per column), e.g. {row}" for row in examples
    ]


def mart_differences(
    duckdb_file: Path, spark_file: Path, ignored: frozenset[tuple[str, str]] = frozenset()
) -> list[Difference]:
    """Everything that differs between the marts of two builds, but for
    build_info's engine and the `ignored` (table, column) pairs."""
    differences: list[Difference] = []
    with duckdb.connect() as con:
        con.execute(f"attach '{duckdb_file}' as duckdb_build (read_only)")
        con.execute(f"attach '{spark_file}' as spark_build (read_only)")
        on_duckdb = mart_columns(con, "duckdb_build")
        on_spark = mart_columns(con, "spark_build")
        for table in sorted(on_duckdb.keys() ^ on_spark.keys()):
            differences.append(Difference(table, "only on " + ("duckdb" if table in on_duckdb else "spark")))
        for table in sorted(on_duckdb.keys() & on_spark.keys()):
            if on_duckdb[table] != on_spark[table]:
                differences.append(Difference(table, f"columns {on_duckdb[table]} != {on_spark[table]}"))
                continue
            columns = [
                (name, kind)
                for name, kind in on_duckdb[table]
                if (table, name) != ("build_info", "engine") and (table, name) not in ignored
            ]
            differences += [Difference(table, problem) for problem in table_differences(con, table, columns)]
        engines = [
            con.execute(f"select engine from {db}.marts.build_info").fetchall()
            for db in ("duckdb_build", "spark_build")
        ]
        if engines != [[("duckdb",)], [("spark",)]]:
            differences.append(Difference("build_info", f"engine: {engines}"))
    return differences


def assert_same_marts(
    duckdb_build: BuildResult, spark_build: BuildResult, ignored: frozenset[tuple[str, str]] = frozenset()
) -> None:
    differences = mart_differences(duckdb_build.duckdb_path, spark_build.duckdb_path, ignored)
    assert not differences, "\n".join(f"{d.table}: {d.problem}" for d in differences)
    with spark_build.connect() as con:
        [(tables,)] = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    assert tables > 20  # the marts were compared, not an empty set


def test_sample_marts_equal_on_spark(sample_build: BuildResult, spark_sample_build: BuildResult) -> None:
    assert_same_marts(sample_build, spark_sample_build)


def published_files(build: BuildResult) -> list[str]:
    """The Parquet exports and the site's top-level pages next to a published file."""
    folder = build.duckdb_path.parent
    parquet = [f"analytics_parquet/{path.name}" for path in (folder / "analytics_parquet").iterdir()]
    return sorted(parquet + [f"site/{path.name}" for path in (folder / "site").glob("*.html")])


def test_sample_on_spark_publishes_like_duckdb(
    sample_build: BuildResult, spark_sample_build: BuildResult
) -> None:
    """Analysts get the same files: the Parquet exports, the report, the site."""
    assert "dbt build on Spark passed" in spark_sample_build.stdout
    assert "site/report.html" in published_files(spark_sample_build)
    assert published_files(spark_sample_build) == published_files(sample_build)


def test_hostile_rows_marts_equal_on_spark(spark_models: dict[str, BuildResult], tmp_path: Path) -> None:
    on_duckdb = run_build(HOSTILE_ROWS_DIR, tmp_path / "duckdb" / "analytics.duckdb", "--no-site")
    assert on_duckdb.returncode == 0, on_duckdb.stdout[-3000:] + on_duckdb.stderr
    on_spark = spark_models["hostile"]
    # read through the remote route: the folder is named by its URI
    assert_same_marts(on_duckdb, on_spark, frozenset({("build_info", "data_dir")}))
    with on_spark.connect() as con:
        assert con.execute("select data_dir from marts.build_info").fetchall() == [
            (f"file://{HOSTILE_ROWS_DIR}",)
        ]


def test_reference_marts_equal_on_spark(
    reference_build: BuildResult, spark_reference_build: BuildResult
) -> None:
    assert_same_marts(reference_build, spark_reference_build)


def test_reference_figures_on_spark(spark_reference_build: BuildResult) -> None:
    if not EXPECTED_FILE.exists():
        skip_or_fail_without_reference(f"reference data not available: {REFERENCE_DIR} is absent")
    expected = json.loads(EXPECTED_FILE.read_text())
    assert len(expected) >= 26
    findings = spark_reference_build.key_findings()
    for metric, value in expected.items():
        check_figure(findings, metric, value)


def test_the_comparison_can_fail(sample_build: BuildResult, tmp_path: Path) -> None:
    """A copy of a build with one value changed by 1e-6 relative, one row
    removed or one column's type changed is reported, table by table."""
    for tamper, table in [
        ("update marts.key_findings set value = value * (1 + 1e-6) where metric = 'gini_purchase_amount'",
         "key_findings"),
        ("delete from marts.rejected_sales_interactions where source_row_number = "
         "(select max(source_row_number) from marts.rejected_sales_interactions)",
         "rejected_sales_interactions"),
        ("update marts.dim_customers set gender = gender || ' ' where customer_id = "
         "(select min(customer_id) from marts.dim_customers)", "dim_customers"),
        ("alter table marts.spending_tiers alter customers type integer", "spending_tiers"),
    ]:  # fmt: skip
        copy = tmp_path / f"{table}.duckdb"
        shutil.copy(sample_build.duckdb_path, copy)
        with duckdb.connect(str(copy)) as con:
            con.execute("update marts.build_info set engine = 'spark'")
            con.execute(tamper)
        differences = mart_differences(sample_build.duckdb_path, copy)
        assert [d.table for d in differences] == [table], differences
    # an untampered copy that says it was built by Spark is equal
    shutil.copy(sample_build.duckdb_path, tmp_path / "same.duckdb")
    with duckdb.connect(str(tmp_path / "same.duckdb")) as con:
        con.execute("update marts.build_info set engine = 'spark'")
    assert mart_differences(sample_build.duckdb_path, tmp_path / "same.duckdb") == []


def test_a_remote_data_dir_is_left_to_spark() -> None:
    """hdfs:// or s3a:// cannot be byte-checked here: the build finds each
    file under its canonical names, checks its header (columns named as for
    a local folder), says the other checks are skipped, and counts nothing."""
    headers = {
        "s3a://lake/shop/2024/E-commerece sales data 2024.csv": [
            "user id,product id,Interaction type,Time stamp,"
        ],
        "s3a://lake/shop/2024/customer_details.csv": [
            "",
            (SEEDS_DIR / "customer_details.csv").open().readline(),
        ],
        "s3a://lake/shop/2024/product_details.csv": [(SEEDS_DIR / "product_details.csv").open().readline()],
    }
    inputs = remote_inputs("s3a://lake/shop/2024/", headers.get)
    assert {source: checked.path for source, checked in inputs.files.items()} == {
        "sales_data": "s3a://lake/shop/2024/E-commerece sales data 2024.csv",
        "customer_details": "s3a://lake/shop/2024/customer_details.csv",
        "product_details": "s3a://lake/shop/2024/product_details.csv",
    }
    assert inputs.raw_rows == dict.fromkeys(inputs.files)
    assert any("checks of scripts/inputs.py are skipped" in note for note in inputs.notes)
    env = raw_files_env(inputs, "s3a://lake/shop/2024/")
    assert (env["DBT_DATA_DIR"], env["DBT_IS_SAMPLE_DATA"]) == ("s3a://lake/shop/2024/", "false")
    assert json.loads(env["DBT_RAW_FILES"])["sales_data"] == {
        "path": "'s3a://lake/shop/2024/E-commerece sales data 2024.csv'",
        "columns": "['user id', 'product id', 'Interaction type', 'Time stamp', 'column_5']",
        "parallel": "false",  # not scanned: may hold quoted line breaks
    }
    local = check_inputs(SEEDS_DIR)
    for source in ("customer_details", "product_details"):
        assert inputs.files[source].columns == local.files[source].columns


def test_a_remote_header_is_checked_like_a_local_one() -> None:
    """A missing column or a missing file stops the build with one line."""
    with pytest.raises(InputError, match=r"^s3a://x/customer_details.csv: missing required column\(s\): Age"):
        remote_inputs(
            "s3a://x",
            lambda uri: (
                ["Customer ID,Gender"]
                if "customer" in uri
                else ["user id,product id,Interaction type,Time stamp"]
            ),
        )
    with pytest.raises(InputError, match=r"^s3a://x: no sales_data.csv or E-commerece sales data 2024.csv"):
        remote_inputs("s3a://x", lambda uri: None)


def test_spark_reads_a_remote_header() -> None:
    """The real reader: a file:// URI through a local Spark session's file
    system gives the columns a local check gives (own process: own JVM)."""
    code = (
        "import json; from scripts.remote_inputs import remote_inputs; "
        f"i = remote_inputs('file://{SEEDS_DIR}'); "
        "print(json.dumps({s: list(f.columns) for s, f in i.files.items()}))"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    columns = json.loads(result.stdout.strip().splitlines()[-1])
    local = check_inputs(SEEDS_DIR)
    assert columns == {source: list(checked.columns) for source, checked in local.files.items()}
