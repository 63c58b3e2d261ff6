"""The Great Expectations checkpoint as a whole (scripts/run_gx_checkpoint.py):
passes on real builds with every suite in the Data Docs, reports a broken
database in one line per failed expectation, and stops `make build` before
publishing. What each suite checks, and that each can fail, is in
test_gx_suites.py."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, SEEDS_DIR, BuildResult

from scripts.build import GX_PREPARING, GX_PREPARING_SUITES, prepare_gx_checkpoint
from scripts.project_paths import step_command

FAILED_PREFIX = "run_gx_checkpoint: FAILED "
RAW_FILE_NAMES = {
    "sales_data": "sales_data.csv",
    "customer_details": "customer_details.csv",
    "product_details": "product_details.csv",
}


def raw_file_arguments(data_dir: Path) -> list[str]:
    return [f"--raw-file={source}={data_dir / name}" for source, name in RAW_FILE_NAMES.items()]


def run_checkpoint(duckdb_path: Path, context_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = step_command("run_gx_checkpoint", "--duckdb-path", str(duckdb_path))
    return subprocess.run(
        [*command, "--context-dir", str(context_dir), *extra],
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
    lines = sample_build.stdout.splitlines()
    summary = next(line for line in lines if line.startswith("[run_gx_checkpoint]"))
    # told to prepare (and scan the raw files) once dbt had parsed, before dbt ran any model
    [preparing] = [number for number, line in enumerate(lines) if line.endswith(GX_PREPARING)]
    first_node = next(number for number, line in enumerate(lines) if " dbt 1 of " in line)
    assert preparing < first_node
    assert "all passed" in summary, sample_build.stdout + sample_build.stderr
    assert "raw-file suites skipped" not in summary
    assert "site/gx/index.html" in summary
    assert FAILED_PREFIX not in sample_build.stderr


@pytest.mark.parametrize(("scans_raw_files", "said"), [(True, GX_PREPARING), (False, GX_PREPARING_SUITES)])
def test_the_checkpoint_is_told_once_at_dbts_found_line(
    scans_raw_files: bool, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The watcher of dbt's lines sends one prepare, at dbt 1.11's real
    "Found ..." line; its log line says whether raw files are scanned (a
    remote Spark folder gives the checkpoint none)."""
    listener = subprocess.Popen(
        [sys.executable, "-c", "import sys; print(sys.stdin.read(), end='')"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    watch = prepare_gx_checkpoint(listener, scans_raw_files)
    watch("04:40:01  Running with dbt=1.11.2")
    assert capsys.readouterr().out == ""
    for _ in range(2):
        watch("04:40:03  Found 3 seeds, 2 operations, 33 models, 191 data tests, 3 sources, 2 exposures")
    stdout, _ = listener.communicate(timeout=30)
    assert stdout == "prepare\n"
    [logged] = capsys.readouterr().out.splitlines()
    assert logged.endswith(said), logged


def test_checkpoint_passes_on_the_reference_data_and_shows_every_suite(
    reference_build: BuildResult, reference_data_dir: Path, tmp_path: Path
):
    # No reference product id matches the sample catalog: kept as unknown, not a failure.
    context = tmp_path / "gx"
    result = run_checkpoint(reference_build.duckdb_path, context, *raw_file_arguments(reference_data_dir))
    assert result.returncode == 0, result.stderr
    assert failed_expectations(result.stderr) == {}
    suites = int(result.stdout.split("[run_gx_checkpoint] ")[1].split(" suites")[0])
    site = context / "uncommitted" / "data_docs" / "local_site"
    assert (site / "index.html").is_file()
    # One validation result page per suite, raw files included: Data Docs show every result.
    pages = list((site / "validations").rglob("*.html"))
    assert len(pages) == suites
    suite_folders = {".".join(page.relative_to(site / "validations").parts[:2]) for page in pages}
    assert suite_folders >= {f"raw.{source}" for source in RAW_FILE_NAMES}


def test_broken_database_is_reported_one_line_per_expectation(sample_build: BuildResult, tmp_path: Path):
    broken = corrupted_copy(
        sample_build.duckdb_path,
        tmp_path / "broken.duckdb",
        "delete from marts.key_findings where metric = 'total_revenue_usd'",
        "update marts.dim_customers set review_rating = 5.5 "
        "where customer_id = (select min(customer_id) from marts.dim_customers)",
    )
    result = run_checkpoint(broken, tmp_path / "gx", *raw_file_arguments(SEEDS_DIR))
    assert result.returncode == 1
    assert failed_expectations(result.stderr) == {
        ("marts.key_findings", "expect_column_distinct_values_to_contain_set", "metric"): (
            "missing ['total_revenue_usd']"
        ),
        ("marts.dim_customers", "expect_column_values_to_be_between", "max_review_rating"): (
            "1 of 1 rows unexpected, e.g. [5.5]"
        ),
    }


def test_unreadable_database_is_one_line(tmp_path: Path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    result = run_checkpoint(empty, tmp_path / "gx")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"run_gx_checkpoint: {empty}: cannot read the frame of marts.")


def test_missing_raw_file_is_one_line(sample_build: BuildResult, tmp_path: Path):
    missing = tmp_path / "sales_data.csv"
    result = run_checkpoint(sample_build.duckdb_path, tmp_path / "gx", f"--raw-file=sales_data={missing}")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"run_gx_checkpoint: {missing}: raw file not found"]


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
    key_shapes = failures[("raw.sales_data", "expect_column_values_to_be_between", "key_well_formed_share")]
    assert "'product id=0.0'" in key_shapes
    assert "Great Expectations checkpoint failed" in result.stderr
    assert f"published {published}" not in result.stdout
    assert sha256(published) == before
    assert not (tmp_path / "site").exists()


def test_required_metrics_come_from_dbts_expansion(tmp_path: Path):
    """dbt expands var key_findings once (macro key_findings_required_metrics);
    the checkpoint reads the result from the manifest: for_each entries are
    expanded, a [column] family contributes its headline metrics, and a
    renamed tier renames its metric."""
    from scripts.run_gx_checkpoint import parsed_manifest, required_metrics

    metrics = required_metrics(parsed_manifest(tmp_path / "default", None))
    assert {"customers", "tier_vip_customers", "top_category_revenue_share"} <= set(metrics)
    assert not [metric for metric in metrics if set(metric) & set("{}[]")]
    renamed = required_metrics(
        parsed_manifest(tmp_path / "renamed", "{spending_tiers: [Low, Medium, High, Platinum]}")
    )
    assert "tier_platinum_customers" in renamed
    assert "tier_vip_customers" not in renamed


def test_manifest_without_required_metrics_is_one_line(sample_build: BuildResult, tmp_path: Path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text('{"nodes": {}}')
    result = run_checkpoint(sample_build.duckdb_path, tmp_path / "gx", f"--manifest={manifest}")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"run_gx_checkpoint: {manifest}: model key_findings has no meta.required_metrics"
    ]


def test_waiting_checkpoint_runs_on_go_and_ends_quietly_without(sample_build: BuildResult, tmp_path: Path):
    """build.py starts the checkpoint while dbt builds (--wait-for-go): a go
    on stdin runs it; input that ends first (the build stopped) ends it with
    status 3 and nothing validated."""
    database = str(sample_build.duckdb_path)
    command = [*step_command("run_gx_checkpoint", "--duckdb-path", database), "--wait-for-go"]
    went = subprocess.run([*command, "--context-dir", str(tmp_path / "go")], cwd=PROJECT_DIR,
                          input="go\n", capture_output=True, text=True, check=False)  # fmt: skip
    assert went.returncode == 0, went.stderr
    verdict, summary = went.stdout.splitlines()
    assert verdict == "verdict: passed"  # before the Data Docs: the build publishes meanwhile
    assert "expectations: all passed" in summary
    stopped = subprocess.run([*command, "--context-dir", str(tmp_path / "stopped")], cwd=PROJECT_DIR,
                             input="", capture_output=True, text=True, check=False)  # fmt: skip
    assert (stopped.returncode, stopped.stdout, stopped.stderr) == (3, "", "")
    assert not (tmp_path / "stopped").exists()


def test_waiting_checkpoint_prepares_early_and_reports_its_errors_after_the_go(
    sample_build: BuildResult, tmp_path: Path
):
    """A "prepare" (dbt has written its manifest) makes the suites before the
    go; a problem found then (here: no manifest) is reported only once the
    go comes, and not at all when the build stops first."""
    database = str(sample_build.duckdb_path)
    missing = tmp_path / "no" / "manifest.json"
    command = [*step_command("run_gx_checkpoint", "--duckdb-path", database), "--wait-for-go"]
    prepared = subprocess.run([*command, "--context-dir", str(tmp_path / "prepared")], cwd=PROJECT_DIR,
                              input="prepare\ngo\n", capture_output=True, text=True, check=False)  # fmt: skip
    assert prepared.returncode == 0, prepared.stderr
    assert prepared.stdout.splitlines()[0] == "verdict: passed"
    broken = [*command, f"--manifest={missing}", "--context-dir", str(tmp_path / "broken")]
    after_go = subprocess.run(broken, cwd=PROJECT_DIR, input="prepare\ngo\n",
                              capture_output=True, text=True, check=False)  # fmt: skip
    assert after_go.returncode == 2
    assert after_go.stderr.startswith(f"run_gx_checkpoint: {missing}: not a readable dbt manifest")
    stopped = subprocess.run(broken, cwd=PROJECT_DIR, input="prepare\n",
                             capture_output=True, text=True, check=False)  # fmt: skip
    assert (stopped.returncode, stopped.stdout, stopped.stderr) == (3, "", "")


def test_prepare_scans_the_raw_files_so_that_validating_reads_none(
    sample_build: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """On "prepare" (dbt has written its manifest, the database is not built
    yet) the checkpoint also scans the raw files, the costly part of the
    raw-file suites, so that pass overlaps dbt; after the go it validates
    every suite, the raw-file ones from those scans, reading no raw file
    again. Without the prepare, validating scans them itself."""
    from scripts import run_gx_checkpoint as checkpoint_module

    metrics = [metric for (metric,) in sample_build.query("select metric from marts.key_findings")]
    manifest = tmp_path / "manifest.json"
    meta = {"config": {"meta": {"required_metrics": metrics}}}
    manifest.write_text(json.dumps({"nodes": {checkpoint_module.KEY_FINDINGS_NODE: meta}}))
    raw_files = {source: SEEDS_DIR / name for source, name in RAW_FILE_NAMES.items()}
    queries: list[str] = []
    execute = checkpoint_module.execute

    def recorded(con: duckdb.DuckDBPyConnection, query: str) -> duckdb.DuckDBPyConnection:
        queries.append(query)
        return execute(con, query)

    monkeypatch.setattr(checkpoint_module, "execute", recorded)

    def checkpoint(name: str) -> checkpoint_module.Checkpoint:
        return checkpoint_module.Checkpoint(
            sample_build.duckdb_path, tmp_path / name, None, raw_files, {}, manifest
        )

    early = checkpoint("early")
    monkeypatch.setattr("sys.stdin", io.StringIO("prepare\n"))
    assert not checkpoint_module.wait_for_go(early)  # input ended before the go
    scans = [suite.scan for suite, _ in early.definitions if suite.scan is not None]
    assert len(scans) == len(RAW_FILE_NAMES)
    assert set(scans) <= set(queries)
    queries.clear()
    assert early.validate() == []
    assert queries  # the marts' frames
    assert not any("read_csv" in query for query in queries)

    queries.clear()
    late = checkpoint("late")
    assert late.validate() == []
    assert set(scans) <= set(queries)
