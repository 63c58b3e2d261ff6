"""Shared fixtures: run the real build (python -m scripts.build) into temporary files.

Builds are expensive (dbt build, ~10 s), so the sample, small-fixture and
reference builds are session-scoped and shared by every test that only reads
them. The reference build runs the README's own command,
``make build DATA_DIR=... DUCKDB_PATH=...``, so it also proves that command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from offline_browser import launch_args

from scripts.project_paths import PROJECT_DIR, SEEDS_DIR, step_command

# make test runs pytest-xdist workers (execnet), whose __main__ module has no
# __file__ and no __spec__: pyspark.sql.connect, which Great Expectations
# imports, takes that for a doctest run and exits the worker. Give it a name.
_main_module = sys.modules["__main__"]
if getattr(_main_module, "__spec__", None) is None and not hasattr(_main_module, "__file__"):
    _main_module.__file__ = "<pytest-xdist worker>"

REFERENCE_DIR = PROJECT_DIR.parent / "shared" / "reference"
FIXTURES_DIR = PROJECT_DIR / "tests" / "fixtures"
SMALL_FIXTURE_DIR = FIXTURES_DIR / "small"
# Variables an enclosing `make test` exports to its children; a nested
# `make build` must not inherit its jobserver or command-line overrides.
OUTER_MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    duckdb_path: Path

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.duckdb_path), read_only=True)

    def key_findings(self) -> dict[str, float]:
        with self.connect() as con:
            return dict(con.sql("select metric, value from marts.key_findings").fetchall())

    def query(self, sql: str) -> list[tuple]:
        """All rows of one read-only query on the published database."""
        with self.connect() as con:
            return con.sql(sql).fetchall()


def run_build(
    data_dir: Path, duckdb_path: Path, *extra_args: str, env: dict[str, str] | None = None
) -> BuildResult:
    """Run python -m scripts.build as a user would (a separate process)."""
    full_env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "False", **(env or {})}
    result = subprocess.run(
        step_command("build", "--data-dir", str(data_dir), "--duckdb-path", str(duckdb_path), *extra_args),
        cwd=PROJECT_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    return BuildResult(result.returncode, result.stdout, result.stderr, duckdb_path)


def run_dbt(
    args: list[str],
    database: Path,
    work_dir: Path,
    project_dir: Path = PROJECT_DIR,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """One dbt command on the profile's dev target, writing `database`, with
    its target and logs in `work_dir` (never the project's own), and `env`
    (e.g. scripts.build.raw_files_env: the raw files read in place)."""
    env = {
        **os.environ,
        "DBT_BUILD_DUCKDB_PATH": str(database),
        "DBT_DUCKDB_TEMP_DIR": str(work_dir / "duckdb_tmp"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        **(env or {}),
    }
    command = [
        str(Path(sys.executable).with_name("dbt")), *args,
        "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
        "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"),
    ]  # fmt: skip
    return subprocess.run(command, cwd=project_dir, env=env, capture_output=True, text=True, check=False)


def run_make_build(data_dir: Path, duckdb_path: Path, *make_variables: str) -> BuildResult:
    """Run the README's command, `make build DATA_DIR=... DUCKDB_PATH=...`, from the
    repo root; `make_variables` adds more, e.g. "VARS={...}" or "BUILD_ARGS=--no-site"."""
    env = {key: value for key, value in os.environ.items() if key not in OUTER_MAKE_VARIABLES}
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    command = ["make", "--no-print-directory", "build", f"DATA_DIR={data_dir}", f"DUCKDB_PATH={duckdb_path}"]
    result = subprocess.run(
        [*command, *make_variables],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return BuildResult(result.returncode, result.stdout, result.stderr, duckdb_path)


@pytest.fixture(scope="session")
def build() -> Callable[..., BuildResult]:
    return run_build


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The pipeline on the committed sample seeds (built once per session)."""
    result = run_build(SEEDS_DIR, tmp_path_factory.mktemp("sample") / "analytics.duckdb")
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="session")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The pipeline on the hand-made fixture tests/fixtures/small (built once per session)."""
    result = run_build(SMALL_FIXTURE_DIR, tmp_path_factory.mktemp("small") / "analytics.duckdb")
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def skip_or_fail_without_reference(message: str) -> None:
    """No reference data: skip on a developer's machine, fail under CI (env CI
    set), where the published figures must be checked."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: the reference figures must be checked)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def reference_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """../shared/reference's two real files plus the sample's product catalog."""
    if not (REFERENCE_DIR / "sales_data.csv").exists():
        skip_or_fail_without_reference(f"reference data not available: {REFERENCE_DIR} is absent")
    data_dir = tmp_path_factory.mktemp("reference_data")
    for name in ("sales_data.csv", "customer_details.csv"):
        shutil.copy(REFERENCE_DIR / name, data_dir / name)
    shutil.copy(SEEDS_DIR / "product_details.csv", data_dir / "product_details.csv")
    return data_dir


@pytest.fixture(scope="session")
def reference_build(reference_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The pipeline on the reference data (built once per session, by `make build`)."""
    result = run_make_build(reference_data_dir, tmp_path_factory.mktemp("reference") / "analytics.duckdb")
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's browser is Debian's Chromium, network off (tests/python/offline_browser.py)."""
    return {**browser_type_launch_args, **launch_args()}
