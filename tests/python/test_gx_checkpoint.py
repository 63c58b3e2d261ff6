"""The Great Expectations checkpoint: passes on good data, reports exactly the
expectations a broken table breaks, and stops `make build` before publishing."""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import yaml
from conftest import PROJECT_DIR, SEEDS_DIR, BuildResult

CHECKPOINT_SCRIPT = PROJECT_DIR / "scripts" / "run_gx_checkpoint.py"
FAILED_PREFIX = "run_gx_checkpoint: FAILED "


def run_checkpoint(duckdb_path: Path, context_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(CHECKPOINT_SCRIPT), "--duckdb-path", str(duckdb_path)]
    return subprocess.run(
        [*command, "--context-dir", str(context_dir)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def failed_expectations(stderr: str) -> dict[tuple[str, str, str], str]:
    """(suite, expectation, column) -> observed, from the one-line reports."""
    failures = {}
    for line in stderr.splitlines():
        if line.startswith(FAILED_PREFIX):
            suite, expectation, column, observed = line[len(FAILED_PREFIX) :].split(" | ", 3)
            failures[(suite, expectation, column)] = observed
    return failures


def corrupted_copy(source: Path, target: Path, *statements: str) -> Path:
    shutil.copy(source, target)
    with duckdb.connect(str(target)) as con:
        for statement in statements:
            con.execute(statement)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_checkpoint_passes_inside_the_sample_build(sample_build: BuildResult):
    assert "[run_gx_checkpoint]" in sample_build.stdout
    summary = next(
        line for line in sample_build.stdout.splitlines() if line.startswith("[run_gx_checkpoint]")
    )
    assert "all passed" in summary, sample_build.stdout + sample_build.stderr
    assert FAILED_PREFIX not in sample_build.stderr


def test_checkpoint_passes_on_the_reference_build(reference_build: BuildResult, tmp_path: Path):
    # No reference product id matches the sample catalog: kept as unknown, not a failure.
    result = run_checkpoint(reference_build.duckdb_path, tmp_path / "gx")
    assert result.returncode == 0, result.stderr
    assert failed_expectations(result.stderr) == {}
    assert (tmp_path / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").is_file()


def test_out_of_range_amount_is_reported(sample_build: BuildResult, tmp_path: Path):
    too_much = (
        yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]["max_valid_purchase_amount_usd"]
        + 1
    )
    broken = corrupted_copy(
        sample_build.duckdb_path,
        tmp_path / "broken.duckdb",
        f"update marts.dim_customers set purchase_amount_usd = {too_much} "
        "where customer_id = (select min(customer_id) from marts.dim_customers)",
    )
    result = run_checkpoint(broken, tmp_path / "gx")
    failures = failed_expectations(result.stderr)
    assert result.returncode == 1
    # The amount breaks its range, and so the mart's revenue no longer equals the raw file's sum.
    assert set(failures) == {
        ("marts.dim_customers", "expect_column_values_to_be_between", "purchase_amount_usd"),
        (
            "marts.check_revenue",
            "expect_column_pair_values_to_be_equal",
            "dim_customers_revenue_usd, raw_accepted_revenue_usd",
        ),
    }
    observed = failures[("marts.dim_customers", "expect_column_values_to_be_between", "purchase_amount_usd")]
    assert observed.startswith("1 of ")
    assert str(float(too_much)) in observed


def test_duplicated_key_is_reported(sample_build: BuildResult, tmp_path: Path):
    broken = corrupted_copy(
        sample_build.duckdb_path,
        tmp_path / "broken.duckdb",
        "insert into marts.dim_products select * from marts.dim_products "
        "where product_id = (select min(product_id) from marts.dim_products)",
    )
    result = run_checkpoint(broken, tmp_path / "gx")
    failures = failed_expectations(result.stderr)
    assert result.returncode == 1
    # The key repeats, and the mart now has one row more than the catalog's valid rows.
    assert set(failures) == {
        ("marts.dim_products", "expect_column_values_to_be_unique", "product_id"),
        ("marts.check_row_accounting", "expect_column_pair_values_to_be_equal", "mart_rows, valid_rows"),
    }
    assert failures[("marts.dim_products", "expect_column_values_to_be_unique", "product_id")].startswith(
        "2 of "
    )
    assert (
        "product_details="
        in failures[
            ("marts.check_row_accounting", "expect_column_pair_values_to_be_equal", "mart_rows, valid_rows")
        ]
    )


def test_unreadable_database_is_one_line(tmp_path: Path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    result = run_checkpoint(empty, tmp_path / "gx")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"run_gx_checkpoint: {empty}: cannot read the frame of raw.")


def sales_with_sku_product_ids(data_dir: Path) -> None:
    """The sample, but the sales file names products by SKU (not the catalog's
    32-hex ids): every row is still valid for dbt (unknown products are kept),
    but the raw file is not what the pipeline expects."""
    for name in ("customer_details.csv", "product_details.csv"):
        shutil.copy(SEEDS_DIR / name, data_dir / name)
    with open(SEEDS_DIR / "sales_data.csv", newline="") as source:
        rows = list(csv.reader(source))
    product = rows[0].index("product id")
    for number, row in enumerate(rows[1:], start=1):
        if row[product]:
            row[product] = f"SKU-{number:06d}"
    with open(data_dir / "sales_data.csv", "w", newline="") as target:
        csv.writer(target, lineterminator="\n").writerows(rows)


def test_failed_expectation_fails_the_build_and_keeps_the_published_database(
    sample_build: BuildResult, build, tmp_path: Path
):
    published = tmp_path / "analytics.duckdb"
    shutil.copy(sample_build.duckdb_path, published)  # the last good build
    before = sha256(published)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    sales_with_sku_product_ids(data_dir)

    result = build(data_dir, published)

    assert result.returncode != 0
    assert "dbt build passed" in result.stdout, "dbt tests must pass for this input; GX must be what stops it"
    failures = failed_expectations(result.stderr)
    assert ("raw.sales_data", "expect_column_values_to_match_regex", "product id") in failures
    assert "Great Expectations checkpoint failed" in result.stderr
    assert f"published {published}" not in result.stdout
    assert sha256(published) == before
    assert not (tmp_path / "site").exists()
