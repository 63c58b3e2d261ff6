"""Safe publishing, proved with real processes (scripts/build.py as users run it).

Each test starts from a copy of the sample build as "the last good published
file" (the sample's valid interactions), then builds the hostile-input corpus
(tests/fixtures/hostile/rows, another number of valid interactions) over it,
or fails to. Builds are expensive, so the main scenario runs once and several
tests check what it observed:

1. an analyst wrote to the published file read-write and crashed, leaving its
   write-ahead log (WAL) beside the file;
2. another analyst opens a read-only connection and queries in a loop;
3. a build starts and is killed (SIGKILL to its process group: build.py and
   dbt) while dbt writes the build file;
4. the next build runs to the end while the reader keeps querying.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES_DIR, PROJECT_DIR, BuildResult, run_build

from scripts.project_paths import step_command

NEW_DATA_DIR = FIXTURES_DIR / "hostile" / "rows"
VALID_INTERACTIONS_SQL = "select valid_rows from marts.row_accounting where source = 'sales_data'"
WAIT_LIMIT_S = 300  # upper bound for waits, never an assertion on speed

# A separate analyst process: one read-only connection opened before the
# builds, queried in a loop until the stop file appears. It prints "ready" once
# connected, then, at the end, as JSON: how many queries it ran, the distinct
# values it saw and every error.
READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import duckdb
    path, stop = sys.argv[1], Path(sys.argv[2])
    con = duckdb.connect(path, read_only=True)
    values, errors, queries = set(), [], 0
    print("ready", flush=True)
    while not stop.exists():
        try:
            values.add(con.execute(sys.argv[3]).fetchone()[0])
            queries += 1
        except Exception as error:  # report every failure, keep going
            errors.append(repr(error))
        time.sleep(0.02)
    print(json.dumps({"queries": queries, "values": sorted(values), "errors": errors}), flush=True)
    """
)

# An analyst who opened the published file read-write and wrote to it. With
# "crash" it exits without a checkpoint once connected, leaving its WAL behind;
# otherwise it keeps the connection open until the stop file appears.
WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("set wal_autocheckpoint = '1GB'")
    con.execute("create table main.scratch as select 1 as x")
    print("ready", flush=True)
    if sys.argv[2] != "crash":
        while not Path(sys.argv[2]).exists():
            time.sleep(0.05)
    os._exit(0)
    """
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def valid_interactions(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(VALID_INTERACTIONS_SQL).fetchone()[0]


def table_names(path: Path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()
        }


def wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def work_dir(path: Path) -> Path:
    return path.with_name(path.name + ".building")


def start_helper(code: str, *args: str) -> subprocess.Popen[str]:
    """Start a helper process and wait until it says it is connected."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if line != "ready":
        process.kill()
        pytest.fail(f"helper did not start: {line} {process.stderr.read() if process.stderr else ''}")
    return process


@pytest.fixture(scope="module")
def new_valid_interactions() -> int:
    with open(NEW_DATA_DIR / "expected_sales_data.csv", newline="", encoding="utf-8") as handle:
        return sum(1 for row in csv.DictReader(handle) if row["outcome"] == "valid")


@pytest.fixture(scope="module")
def old_valid_interactions(sample_build: BuildResult, new_valid_interactions: int) -> int:
    value = valid_interactions(sample_build.duckdb_path)
    assert value != new_valid_interactions  # otherwise nothing below could tell old from new
    return value


@pytest.fixture
def published(sample_build: BuildResult, tmp_path: Path) -> Path:
    """A published database holding the sample's data."""
    path = tmp_path / "analytics.duckdb"
    shutil.copy(sample_build.duckdb_path, path)
    return path


@dataclass
class Scenario:
    published: Path
    hash_before: str
    wal_before_builds: bool = False
    killed_returncode: int | None = None
    hash_after_kill: str = ""
    valid_after_kill: int | None = None
    work_dir_after_kill: bool = False
    rebuild: BuildResult | None = None
    reader: dict[str, object] = field(default_factory=dict)
    reader_returncode: int | None = None


@pytest.fixture(scope="module")
def scenario(sample_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    folder = tmp_path_factory.mktemp("publishing")
    published = folder / "analytics.duckdb"
    shutil.copy(sample_build.duckdb_path, published)
    observed = Scenario(published, sha256(published))

    # 1. a read-write analyst crashes, leaving a WAL that belongs to this file
    crashed = start_helper(WRITER, str(published), "crash")
    crashed.wait(timeout=WAIT_LIMIT_S)
    observed.wal_before_builds = wal(published).exists()
    observed.hash_before = sha256(published)

    # 2. a read-only analyst queries in a loop from now on
    stop = folder / "stop-reader"
    reader = start_helper(READER, str(published), str(stop), VALID_INTERACTIONS_SQL)
    try:
        # 3. a build is killed while dbt writes its build file
        build_db = work_dir(published) / published.name  # named like the published file
        command = step_command("build", "--data-dir", str(NEW_DATA_DIR),
                               "--duckdb-path", str(published), "--no-site")  # fmt: skip
        killed = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: build.py and dbt
        )
        try:
            deadline = time.monotonic() + WAIT_LIMIT_S
            while not build_db.exists() and killed.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert build_db.exists(), "dbt never started writing the build file"
        finally:
            os.killpg(killed.pid, signal.SIGKILL)
            killed.wait(timeout=WAIT_LIMIT_S)
        observed.killed_returncode = killed.returncode
        observed.hash_after_kill = sha256(published)
        observed.valid_after_kill = valid_interactions(published)
        observed.work_dir_after_kill = work_dir(published).exists()

        # 4. the next build, with the reader still querying
        observed.rebuild = run_build(NEW_DATA_DIR, published, "--no-site")
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=WAIT_LIMIT_S)
    observed.reader_returncode = reader.returncode
    observed.reader = json.loads(out) if out.strip() else {}
    return observed


def test_killed_build_leaves_the_published_file_intact(
    scenario: Scenario, old_valid_interactions: int
) -> None:
    assert scenario.killed_returncode == -signal.SIGKILL
    assert scenario.hash_after_kill == scenario.hash_before
    assert scenario.valid_after_kill == old_valid_interactions
    assert scenario.work_dir_after_kill  # the kill left its half-built work behind


def test_next_build_after_a_kill_succeeds_and_publishes_the_new_data(
    scenario: Scenario, new_valid_interactions: int
) -> None:
    assert scenario.rebuild is not None
    assert scenario.rebuild.returncode == 0, scenario.rebuild.stdout + scenario.rebuild.stderr
    assert valid_interactions(scenario.published) == new_valid_interactions
    assert not work_dir(scenario.published).exists()


def test_reader_holding_the_file_neither_errors_nor_blocks_the_builds(
    scenario: Scenario, old_valid_interactions: int
) -> None:
    assert scenario.reader_returncode == 0
    assert scenario.reader["errors"] == []
    assert scenario.reader["queries"] > 0
    # The open connection kept reading the file it opened, unchanged; a new
    # connection sees the new data (test above).
    assert scenario.reader["values"] == [old_valid_interactions]


def test_dead_writers_wal_is_dropped_when_publishing(scenario: Scenario) -> None:
    assert scenario.wal_before_builds
    assert not wal(scenario.published).exists()
    assert "scratch" not in table_names(scenario.published)  # it lived only in the dropped WAL


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        ("missing_column", "product_details.csv: missing required column(s): Selling Price"),
        ("bad_var", "var 'max_valid_age' must be a number >= 0, got \"abc\""),
    ],
)
def test_failed_build_leaves_the_published_file_intact(
    published: Path, tmp_path: Path, old_valid_interactions: int, break_it: str, message: str
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(NEW_DATA_DIR, data_dir, ignore=shutil.ignore_patterns("expected_*"))
    extra: list[str] = []
    if break_it == "missing_column":  # stops in the input checks
        (data_dir / "product_details.csv").write_text("Uniqe Id,Product Name,Category\np1,Kite,Toys\n")
    else:  # stops inside dbt, after the build file was created
        extra = ["--vars", "{max_valid_age: abc}"]
    before = sha256(published)

    result = run_build(data_dir, published, "--no-site", *extra)

    assert result.returncode == 1
    assert message in result.stderr.splitlines()[-1]
    assert sha256(published) == before
    assert valid_interactions(published) == old_valid_interactions
    assert not wal(published).exists()


def test_second_build_on_the_same_file_is_refused_while_one_runs(published: Path) -> None:
    lock_path = published.with_name(published.name + ".lock")
    before = sha256(published)
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        lock.truncate(0)
        lock.write("4242\n")
        lock.flush()
        result = run_build(NEW_DATA_DIR, published, "--no-site")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"build: {published}: another build (pid 4242) is writing this file"
    ]
    assert sha256(published) == before


def test_open_writer_stops_the_publish_and_the_file_stays_as_it_was(
    published: Path, tmp_path: Path, old_valid_interactions: int
) -> None:
    """A read-write connection would keep writing a WAL beside the new file,
    which DuckDB then refuses to open: the build stops before publishing."""
    stop = tmp_path / "stop-writer"
    writer = start_helper(WRITER, str(published), str(stop))
    try:
        before = sha256(published)
        result = run_build(NEW_DATA_DIR, published, "--no-site")
        after = sha256(published)
    finally:
        stop.touch()
        writer.wait(timeout=WAIT_LIMIT_S)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"build: {published}: open read-write by another process; close that connection "
        "(analysts: open the file read-only) and build again"
    )
    assert after == before
    assert valid_interactions(published) == old_valid_interactions
