"""`make query` (python -m scripts.query): a read-only SQL prompt on the published database."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

from conftest import PROJECT_DIR, BuildResult

from scripts.project_paths import step_command


def run_query(duckdb_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        step_command("query", "--duckdb-path", str(duckdb_path), *args),
        cwd=PROJECT_DIR,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_statements_answer_from_the_marts(sample_build: BuildResult) -> None:
    ((customers,),) = sample_build.query("select count(*) from marts.dim_customers")
    result = run_query(sample_build.duckdb_path, "-c", "select count(*) as n from marts.dim_customers;")
    assert result.returncode == 0, result.stderr
    assert re.search(rf"│\s*{customers}\s*│", result.stdout), result.stdout


def test_piped_statements_run_in_order_and_dot_tables_lists_the_marts(sample_build: BuildResult) -> None:
    script = ".tables\nselect 'first' as step;\nselect 'second'\n  as step;\n"
    result = run_query(sample_build.duckdb_path, stdin=script)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "marts.key_findings" in lines
    assert "marts.row_accounting" in lines
    text = result.stdout
    assert text.index("first") < text.index("second")


def test_writes_are_refused_and_the_file_is_unchanged(sample_build: BuildResult) -> None:
    path = sample_build.duckdb_path
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for statement in ("drop table marts.key_findings;", "create table marts.scratch as select 1 as x;"):
        result = run_query(path, "-c", statement)
        assert result.returncode == 1
        assert "read-only mode" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sample_build.query("select count(*) from marts.key_findings")[0][0] > 0


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    result = run_query(tmp_path / "none.duckdb", "-c", "select 1;")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"query: {tmp_path / 'none.duckdb'}: no database there; run `make build` first (or set DUCKDB_PATH)"
    ]
