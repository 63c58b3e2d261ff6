"""Build the analytics database from a folder of raw CSVs, then publish it.

Steps, each of which stops the run with one line naming the problem:

1. check the three raw files of ``--data-dir`` where they lie (inputs.py:
   streaming, bounded memory, nothing copied);
2. ``dbt build`` (models and tests; no seeds: env var DBT_RAW_FILES makes
   staging read the files in place) into a private build file named like
   the published one (so dbt's compiled SQL names the same database), then
   dbt's docs catalog of the build file, both in one dbt process
   (scripts/run_dbt.py: dbt starts once, the catalog reuses the parse);
3. the Great Expectations checkpoint on the build file and the raw files
   (gx/suites.py; it also checks that every raw data row the input check
   counted is in row_accounting); its process starts with step 2, so that
   importing Great Expectations overlaps dbt, and makes its suites and
   scans the raw files as soon as dbt has written its manifest (the raw
   files' pass then overlaps dbt's models instead of following them);
4. export every mart of the build file as Parquet into the work folder
   (export_parquet, beside the checkpoint: both read the file read-only),
   then, once the checkpoint has passed, publish: checkpoint, close, swap the Parquet
   folder in (a symlink renamed atomically) and atomically rename the build
   file over the published one, so readers never see a half-built database
   (publish() explains the order); the checkpoint builds its Data Docs
   meanwhile;
5. the report and the docs site (site/ next to the published file), then a
   summary of the risk monitors that breach their thresholds.

With ``--engine spark`` step 2 is ``dbt build --target spark`` (dbt-spark:
a local pyspark session, or a cluster through the profile's spark_thrift
output): Spark writes every model as Parquet into its warehouse, and the
build file is then made from the marts' Parquet (load_spark_marts), one
DuckDB table per mart with a DuckDB build's names and types; steps 3-5 are
the same. --data-dir may then be any folder Spark reads (hdfs://, s3a://);
the checks of step 1 need a local file and are skipped for those.

A failure at any step before 4 leaves the published database untouched.
Every step logs its elapsed time; dbt's own per-model lines are relayed.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from scripts.build_report import ReportError, build_report
from scripts.build_site import SiteError, build_site
from scripts.inputs import CheckedInputs, InputError, check_inputs
from scripts.project_paths import (
    GX_VERDICT,
    PROJECT_DIR,
    SEEDS_DIR,
    add_duckdb_path_argument,
    dbt_command,
    step_command,
    vars_mapping,
)
from scripts.remote_inputs import is_remote, remote_inputs
from scripts.risk_summary import RiskSummaryError, summarize

PROG = "build"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
# dbt's line for a finished node: "12:00:01  3 of 42 OK created sql table model marts.x ... [OK in 0.31s]"
DBT_PROGRESS = re.compile(r"^\S+\s+(\d+ of \d+ (?:OK|PASS|WARN|ERROR|FAIL|SKIP)\b.*)$")
# dbt's first line of every command it runs.
DBT_STARTED = re.compile(r"^\S+\s+Running with dbt=")
# dbt prints this once it has parsed the project and written manifest.json:
# "12:00:00  Found 3 seeds, 2 operations, 33 models, 3 analyses, ...".
DBT_PARSED = re.compile(r"^\S+\s+Found \d+ .*\bmodels?\b")
GX_PREPARING = "dbt has parsed the project: the checkpoint prepares and scans the raw files meanwhile"
GX_PREPARING_SUITES = "dbt has parsed the project: the checkpoint prepares its mart suites meanwhile"


class BuildError(Exception):
    """A build step failed; the message is the one line shown to the user."""


STARTED = time.monotonic()


def log(message: str) -> None:
    """One progress line, with the seconds since the build started."""
    print(f"[{PROG} {time.monotonic() - STARTED:5.1f}s] {message}", flush=True)


@contextmanager
def exclusive_lock(published: Path) -> Iterator[None]:
    """Only one build may write a given published file at a time.

    The lock is an flock on <published>.lock, held by this process only (dbt
    does not inherit it): the kernel releases it when the process ends, even
    by SIGKILL, so a killed build never leaves a stale lock. The file itself
    stays (removing it would race with a build that just opened it); it holds
    the pid of the build that last took the lock, for the error message.
    """
    lock_path = published.with_name(published.name + ".lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise BuildError(f"{published}: another build (pid {holder}) is writing this file") from None
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


# DuckDB's memory_limit for dbt (profiles.yml's DBT_DUCKDB_MEMORY_LIMIT) and
# the Parquet export, from the size of the raw files: 1.5 GB up to 2.5 GB of
# raw files (about 45M sales rows), then 0.6 x the raw bytes, at most 6 GB
# (3.3 GB at 100M). Joins, sorts and most aggregates spill beyond the limit,
# but DuckDB's hash aggregate over every interaction
# (int_sales_interactions_repeated: ~90M groups with 32-character product ids
# at 100M rows) needs room per thread: at 1.5 GB it runs out of
# memory with 2 threads, at 3 GB it finishes (docs/benchmarks.md).
MEMORY_LIMIT_MIN_BYTES = 1536 * 1024**2
MEMORY_LIMIT_MAX_BYTES = 6 * 1024**3
MEMORY_LIMIT_PER_RAW_BYTE = 0.6


def duckdb_memory_limit(raw_bytes: int) -> str:
    """DBT_DUCKDB_MEMORY_LIMIT for raw files of `raw_bytes` in all, in MB."""
    limit = min(max(raw_bytes * MEMORY_LIMIT_PER_RAW_BYTE, MEMORY_LIMIT_MIN_BYTES), MEMORY_LIMIT_MAX_BYTES)
    return f"{int(limit) // 1024**2}MB"


def dbt_env(build_db: Path, work_dir: Path, raw_bytes: int = 0) -> dict[str, str]:
    """dbt's environment: the private build file, DuckDB's spill folder and
    its memory limit for raw files of `raw_bytes` (unless
    DBT_DUCKDB_MEMORY_LIMIT is set: the user's choice wins), and dbt's log
    file (logs/dbt.log in the work folder) at level info unless
    DBT_LOG_LEVEL_FILE says otherwise: dbt's default, debug, logs every
    statement of every node and takes about 2 of the 12 s a sample
    `dbt build` takes (DBT_LOG_LEVEL_FILE=debug brings it back).

    The build file and spill folder are given relative to the work folder,
    dbt's working directory (run_dbt): the profile's settings are then the
    same for every build of a file of that name, and dbt's saved parse,
    which is void when they change, serves every build (reuse_dbt_parse)."""
    env = dict(os.environ)
    env.update(
        {
            "DBT_BUILD_DUCKDB_PATH": str(build_db.relative_to(work_dir)),
            "DBT_DUCKDB_TEMP_DIR": "duckdb_tmp",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        }
    )
    env.setdefault("DBT_DUCKDB_MEMORY_LIMIT", duckdb_memory_limit(raw_bytes))
    env.setdefault("DBT_LOG_LEVEL_FILE", "info")
    return env


# Vars a build sets itself (as env vars: raw_files_env), not the user.
BUILD_SET_VARS = ("raw_files", "data_dir", "is_sample_data")


def dbt_vars_json(user_vars: str | None) -> str:
    """--vars for dbt: the user's overrides (JSON is YAML, so dbt reads it as
    is). What the data folder decides is not a var (raw_files_env)."""
    parsed: dict[str, object] = {}
    if user_vars:
        try:
            parsed = vars_mapping(user_vars)
        except ValueError as error:
            raise BuildError(str(error)) from None
        for name in BUILD_SET_VARS:
            if name in parsed:
                raise BuildError(f"--vars: {name} is set by the build from --data-dir; do not pass it")
    return json.dumps(parsed)


def raw_files_env(inputs: CheckedInputs, data_dir: Path | str | None = None) -> dict[str, str]:
    """The env vars that point staging at the checked files (DBT_RAW_FILES:
    per source its path, columns and reader options, macros/raw_source.sql)
    and name the data folder and whether it is the committed sample
    (DBT_DATA_DIR, DBT_IS_SAMPLE_DATA: marts.build_info). Env vars, not
    --vars: dbt parses the whole project again when its vars change, but
    only the files reading an env var when that changes."""
    env = {"DBT_RAW_FILES": json.dumps(inputs.dbt_var())}
    if isinstance(data_dir, str):  # a folder only Spark reads (hdfs://, s3a://)
        env.update(DBT_DATA_DIR=data_dir, DBT_IS_SAMPLE_DATA="false")
    elif data_dir is not None:
        env.update(
            DBT_DATA_DIR=str(data_dir.resolve()),
            DBT_IS_SAMPLE_DATA="true" if data_dir.resolve() == SEEDS_DIR else "false",
        )
    return env


def run_dbt(
    commands: list[list[str]],
    env: dict[str, str],
    work_dir: Path,
    log_name: str,
    watch: Callable[[str], None] | None = None,
) -> None:
    """Run dbt commands one after another in one process (dbt_command),
    relaying their progress lines (each model and test as it finishes, with
    its time) and showing every line to `watch`; on failure show the error
    lines and stop."""
    command = dbt_command(commands, work_dir / "target", work_dir / "logs")
    log_file = work_dir / f"{log_name}.log"
    started = 0  # commands dbt has started: the last one is the one that failed
    with open(log_file, "w") as out:
        process = subprocess.Popen(
            command, cwd=work_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            out.write(line)
            plain = ANSI_ESCAPE.sub("", line)
            started += bool(DBT_STARTED.search(plain))
            if watch is not None:
                watch(plain)
            progress = DBT_PROGRESS.search(plain)
            if progress:
                log(f"  dbt {progress.group(1)}")
        returncode = process.wait()
    if returncode != 0:
        lines = log_file.read_text(errors="replace").splitlines()
        errors = [line for line in lines if "ERROR" in line or "FAIL" in line or "Error" in line]
        for line in (errors or lines)[-15:]:
            print(f"    {line}", file=sys.stderr)
        reason = first_dbt_error(lines)
        failed = commands[min(max(started, 1), len(commands)) - 1]
        name = " ".join(failed[:2] if failed[0] == "docs" else failed[:1])
        raise BuildError(
            f"dbt {name} failed (exit {returncode}){': ' + reason if reason else ''}; full log: {log_file}"
        )


# dbt's saved parse of the last build, per command and published file name
# (the profile names the build file): shared by every build of this project,
# unless DBT_BUILD_PARSE_CACHE names another folder (make benchmark gives
# each size a new one, to time a build without a saved parse).
PARSE_CACHE_DIR = PROJECT_DIR / "target" / "build-parse"


def parse_cache_dir() -> Path:
    return Path(os.environ.get("DBT_BUILD_PARSE_CACHE") or PARSE_CACHE_DIR)


@contextmanager
def reuse_dbt_parse(published: Path, work_dir: Path, command: str) -> Iterator[None]:
    """Let dbt parse only what changed since the last build.

    dbt saves its parsed project as partial_parse.msgpack in the target
    folder and reuses it when nothing it checks differs: every project
    file's checksum (a changed model, YAML or macro is parsed again), the
    values of the env vars the files read (a new data folder: DBT_RAW_FILES
    and DBT_DATA_DIR make it parse the few files reading them, raw_files_env),
    the --vars (new user vars mean a full parse), the profile's connection
    settings (the build file's name and DuckDB's settings: dbt_env makes them
    the same for every build of a file of that name), the target and dbt's
    version. This copies the last successful run's file of the same command
    (build, build-spark) and published file name from parse_cache_dir() in
    before the command, and back out after it succeeds. The docs catalog
    needs none: it runs in the same process right after the build."""
    cached = parse_cache_dir() / f"{command}-{published.name}.msgpack"
    saved = work_dir / "target" / "partial_parse.msgpack"
    if cached.is_file():
        saved.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, saved)
    yield
    if saved.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}")  # builds may run side by side
        shutil.copyfile(saved, partial)
        os.replace(partial, cached)


def first_dbt_error(lines: list[str]) -> str | None:
    """The message of dbt's first '... Error in ...' block (the line after it),
    e.g. a var check's "var 'max_valid_age' must be a number ..."."""
    for i, line in enumerate(lines):
        if re.search(r"\b(Compilation|Runtime|Parsing|Database|Dependency) Error\b", line):
            for following in lines[i + 1 : i + 4]:
                text = ANSI_ESCAPE.sub("", following).strip()
                if text and not text.startswith(">"):
                    return text
            return ANSI_ESCAPE.sub("", line).strip()
    return None


ENGINES = ("duckdb", "spark")
# dbt-spark names a table's folder <warehouse>/<schema>.db/<table>/.
SPARK_TABLE_FOLDER = "{warehouse}/{schema}.db/{table}"


def spark_env(env: dict[str, str], warehouse: str) -> dict[str, str]:
    """dbt-spark's environment (profiles.yml): the warehouse a local session
    writes, and an in-memory catalog unless DBT_SPARK_CATALOG says otherwise
    (no metastore to start: one `dbt build` does everything and the Parquet
    files are its output)."""
    return {"DBT_SPARK_CATALOG": "in-memory", **env, "DBT_SPARK_WAREHOUSE_DIR": warehouse}


def spark_marts(work_dir: Path) -> list[tuple[str, str]]:
    """(schema, table) of every mart table of the dbt run, from its manifest."""
    manifest = json.loads((work_dir / "target" / "manifest.json").read_text())
    return sorted(
        (node["schema"], node["alias"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["schema"] == "marts"
        and node["config"]["materialized"] == "table"
    )


def load_spark_marts(build_db: Path, work_dir: Path, warehouse: str) -> int:
    """The build file from Spark's Parquet: one table per mart, same
    schema.table as a DuckDB build, columns in model order. The types are a
    DuckDB build's because the models cast wherever the engines' defaults
    differ (money sums decimal(38, 2), shares double, ranks bigint);
    tests/python/test_spark_equality.py compares them. Returns the number of
    tables."""
    marts = spark_marts(work_dir)
    if not marts:
        raise BuildError(f"{work_dir / 'target' / 'manifest.json'}: no mart tables in the dbt run")
    with duckdb.connect(str(build_db)) as con:
        for schema, table in marts:
            folder = SPARK_TABLE_FOLDER.format(warehouse=warehouse.rstrip("/"), schema=schema, table=table)
            parquet = quote_literal(folder + "/*.parquet")
            con.execute(f"create schema if not exists {quote_identifier(schema)}")
            try:
                con.execute(
                    f"create table {quote_identifier(schema)}.{quote_identifier(table)} "
                    f"as select * from read_parquet({parquet})"
                )
            except duckdb.Error as error:
                raise BuildError(
                    f"{folder}: Spark's Parquet for {schema}.{table} cannot be read ({error})"
                ) from None
    return len(marts)


def run_dbt_build(
    published: Path,
    work_dir: Path,
    build_db: Path,
    env: dict[str, str],
    vars_args: list[str],
    engine: str,
    spark_warehouse: str | None,
    with_docs_catalog: bool = True,
    watch: Callable[[str], None] | None = None,
) -> None:
    """`dbt build` of models and tests into the build file (no seeds: var
    DBT_RAW_FILES makes staging read the files in place), then dbt's docs catalog
    of the build file (docs_catalog_command); on Spark, the marts' Parquet is
    loaded into the build file (load_spark_marts) before the catalog."""
    build = ["build", "--exclude", "resource_type:seed", *vars_args]
    catalog = [docs_catalog_command(vars_args)] if with_docs_catalog else []
    if engine == "spark":
        warehouse = spark_warehouse or str(work_dir / "spark-warehouse")
        target = ["--target", os.environ.get("DBT_SPARK_TARGET") or "spark"]
        with reuse_dbt_parse(published, work_dir, "build-spark"):
            run_dbt([[*build, *target]], spark_env(env, warehouse), work_dir, "dbt_build", watch)
        log(f"dbt build on Spark passed; marts loaded from {warehouse}: "
            f"{load_spark_marts(build_db, work_dir, warehouse)} tables")  # fmt: skip
        if catalog:
            run_dbt(catalog, env, work_dir, "dbt_docs")
            log("dbt docs catalog written")
    else:
        with reuse_dbt_parse(published, work_dir, "build"):
            run_dbt([build, *catalog], env, work_dir, "dbt_build", watch)
        log(f"dbt build passed{'; docs catalog written' if catalog else ''}")


def docs_catalog_command(vars_args: list[str]) -> list[str]:
    """dbt's docs catalog, read from the build file itself (no copy), with
    the build's profile, vars and target folder, right after the build: on
    DuckDB in the same process (dbt's start-up paid once) and from the
    build's saved parse (nothing compiled again)."""
    return ["docs", "generate", "--static", "--no-compile", *vars_args]


def start_gx_checkpoint(
    build_db: Path,
    work_dir: Path,
    raw_files: dict[str, Path],
    dbt_vars: str | None = None,
    raw_rows: dict[str, int] | None = None,
) -> subprocess.Popen[str]:
    """Start the Great Expectations checkpoint (scripts/run_gx_checkpoint.py
    --wait-for-go) before dbt builds: it imports Great Expectations (about
    3 s) while dbt runs, prepares its suites and scans the raw files once
    told dbt has written the manifest (prepare_gx_checkpoint), then waits
    for finish_gx_checkpoint's go on its stdin. Stop it with
    stop_gx_checkpoint when the build fails before that."""
    raw_file_args = [f"--raw-file={source}={path}" for source, path in raw_files.items()]
    raw_file_args += [f"--raw-rows={source}={rows}" for source, rows in (raw_rows or {}).items()]
    command = step_command("run_gx_checkpoint", "--duckdb-path", str(build_db), "--context-dir",
                           str(work_dir / "gx"), "--manifest", str(work_dir / "target" / "manifest.json"),
                           "--wait-for-go", *(["--vars", dbt_vars] if dbt_vars else []),
                           *raw_file_args)  # fmt: skip
    return subprocess.Popen(
        command, cwd=PROJECT_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
    )


def tell_gx_checkpoint(checkpoint: subprocess.Popen[str], signal: str, last: bool = False) -> None:
    """One line to the waiting checkpoint; a checkpoint that has exited
    already (its status says why) is not an error here."""
    assert checkpoint.stdin is not None
    try:
        checkpoint.stdin.write(f"{signal}\n")
        checkpoint.stdin.flush()
        if last:
            checkpoint.stdin.close()
    except (BrokenPipeError, ValueError):
        pass


def prepare_gx_checkpoint(
    checkpoint: subprocess.Popen[str], scans_raw_files: bool = True
) -> Callable[[str], None]:
    """A watcher of dbt's output lines that tells the checkpoint to prepare
    its suites (they need dbt's manifest) and scan the raw files at dbt's
    "Found N models" line: dbt writes manifest.json before it prints that
    line. A remote folder (Spark) gives the checkpoint no raw file to scan:
    its log line says so."""
    told = False

    def watch(line: str) -> None:
        nonlocal told
        if not told and DBT_PARSED.search(line):
            tell_gx_checkpoint(checkpoint, "prepare")
            told = True
            log(GX_PREPARING if scans_raw_files else GX_PREPARING_SUITES)

    return watch


def stop_gx_checkpoint(checkpoint: subprocess.Popen[str]) -> None:
    """The build stopped before the checkpoint's turn: end it without a run."""
    try:
        checkpoint.communicate(timeout=30)  # end of input: it exits without validating
    except subprocess.TimeoutExpired:
        checkpoint.kill()
        checkpoint.communicate()


def relay_gx_checkpoint(checkpoint: subprocess.Popen[str], until_verdict: bool) -> str | None:
    """Print the checkpoint's output lines until its verdict line (returned:
    "passed" or "failed") or, with until_verdict False, until it ends."""
    assert checkpoint.stdout is not None
    for line in checkpoint.stdout:
        if until_verdict and line.startswith(GX_VERDICT):
            return line[len(GX_VERDICT) :].strip()
        print(line, end="", flush=True)
    return None


def finish_gx_checkpoint(
    checkpoint: subprocess.Popen[str], build_db: Path, alongside: Callable[[], None] | None = None
) -> None:
    """Let the started checkpoint validate the raw files as delivered and the
    build file, including row accounting at the boundary: the rows dbt read
    equal the rows the input check counted (raw_rows). It prints one line
    per failed expectation; any failure stops the build. Returns at its
    verdict, while it builds its Data Docs: gx_data_docs_meanwhile waits
    for those.

    `alongside` (the Parquet export) runs in this process while the
    checkpoint runs in its own: both only read the build file (DuckDB lets
    several processes open a file read-only), so on 2 cores they take about
    as long as the longer of the two (the export is published only if the
    checkpoint passes). The checkpoint's failure is reported first, then an
    error of `alongside`."""
    failed = BuildError(f"Great Expectations checkpoint failed on {build_db} (failed expectations above)")
    tell_gx_checkpoint(checkpoint, "go", last=True)
    try:
        if alongside is not None:
            alongside()
    except BaseException:
        if relay_gx_checkpoint(checkpoint, until_verdict=True) != "passed":
            checkpoint.wait()
            raise failed from None
        raise
    if relay_gx_checkpoint(checkpoint, until_verdict=True) != "passed":
        relay_gx_checkpoint(checkpoint, until_verdict=False)
        checkpoint.wait()
        raise failed


@contextmanager
def gx_data_docs_meanwhile(checkpoint: subprocess.Popen[str], published: Path) -> Iterator[None]:
    """The passed checkpoint builds its Data Docs (the docs site copies them)
    while the body runs (publish, report); then this waits for it, also
    when the body failed (its output comes before the build's error)."""
    try:
        yield
    finally:
        relay_gx_checkpoint(checkpoint, until_verdict=False)
        status = checkpoint.wait()
    if status != 0:
        raise BuildError(f"Great Expectations Data Docs failed (the database {published} is published)")


def build_docs_site(published: Path, work_dir: Path) -> None:
    """site/ next to the published file (scripts/build_site.py, in this
    process): dbt docs from this build's manifest, the checkpoint's Data
    Docs, a landing page."""
    data_docs = work_dir / "gx" / "uncommitted" / "data_docs" / "local_site"
    try:
        index = build_site(published, published.parent / "site", work_dir, data_docs)
    except SiteError as error:
        raise BuildError(f"docs site failed (the database {published} is published): {error}") from None
    log(f"docs site: {index}")


def parquet_link(published: Path) -> Path:
    """<stem>_parquet next to the published file (analytics_parquet/ for
    analytics.duckdb): a symlink to the current Parquet version folder."""
    return published.with_name(f"{published.stem}_parquet")


def parquet_version_prefix(published: Path) -> str:
    """Version folders are hidden siblings: .analytics_parquet.<UTC time>.<pid>."""
    return f".{parquet_link(published).name}."


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_parquet(build_db: Path, out_dir: Path, memory_limit: str) -> list[str]:
    """Every table of schema marts in the build file as out_dir/<table>.parquet
    (zstd), one DuckDB COPY each (no Python pass over rows), within
    `memory_limit` (dbt's: without it DuckDB takes up to 80 % of RAM, 9 GB
    for fct_interactions at 100M rows). DuckDB 1.x cannot open the 2.x
    database file; every Parquet reader can read these. Returns the table
    names."""
    out_dir.mkdir()
    config = {"memory_limit": memory_limit, "temp_directory": str(out_dir.parent / "duckdb_tmp")}
    with duckdb.connect(str(build_db), read_only=True, config=config) as con:
        tables = [
            name
            for (name,) in con.sql(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name"
            ).fetchall()
        ]
        for table in tables:
            target = out_dir / f"{table}.parquet"
            con.execute(
                f"copy marts.{quote_identifier(table)} to {quote_literal(str(target))} "
                "(format parquet, compression zstd)"
            )
    for path in out_dir.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    return tables


def check_parquet_link(published: Path) -> None:
    """The Parquet name must be free or the build's own symlink (to one of its
    version folders): never replace a folder, file or link someone put there."""
    link = parquet_link(published)
    ours = link.is_symlink() and os.readlink(link).startswith(parquet_version_prefix(published))
    if (link.exists() or link.is_symlink()) and not ours:
        raise BuildError(f"{link}: exists and is not the build's Parquet link; move it away and build again")


def swap_in_parquet(parquet_build: Path, published: Path) -> Path | None:
    """Move the work folder's Parquet export to a new hidden version folder
    beside the published file (same file system: a rename), then point the
    <stem>_parquet symlink at it by renaming a new symlink over the old one
    (atomic: a reader sees the old folder or the new one, never none).
    Returns the version the link pointed to before (None the first time)."""
    link = parquet_link(published)
    previous = link.parent / os.readlink(link) if link.is_symlink() else None
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S.%f}.{os.getpid()}"
    version = link.parent / f"{parquet_version_prefix(published)}{stamp}"
    os.rename(parquet_build, version)
    new_link = link.with_name(f".{link.name}.new")
    new_link.unlink(missing_ok=True)
    os.symlink(version.name, new_link)  # relative: the folder can be moved as a whole
    os.replace(new_link, link)
    return previous


def restore_parquet_link(published: Path, previous: Path | None) -> None:
    """Undo swap_in_parquet when the database could not be published."""
    link = parquet_link(published)
    if previous is None:
        link.unlink(missing_ok=True)
        return
    new_link = link.with_name(f".{link.name}.new")
    new_link.unlink(missing_ok=True)
    os.symlink(previous.name, new_link)
    os.replace(new_link, link)


def prune_parquet_versions(published: Path, keep: set[Path]) -> None:
    """Remove Parquet version folders other than the current one and the one
    before it (a reader that listed the old folder just before the swap can
    still open its files; the next build removes it)."""
    prefix = parquet_version_prefix(published)
    for entry in published.parent.iterdir():
        if entry.name.startswith(prefix) and entry.is_dir() and entry not in keep:
            shutil.rmtree(entry, ignore_errors=True)


def publish(build_db: Path, published: Path, parquet_build: Path | None = None) -> None:
    """Checkpoint and close the build file, then rename it over the published
    file. rename() is atomic: a reader holding the old file keeps reading it
    (its open file is the old one); a new connection opens the new one.
    Read-only readers never block this.

    The Parquet export (parquet_build, written from the checked build file
    before this) goes in in the same step, in this order: every check that
    can refuse the publish (checkpoint, an open writer, a foreign file at
    the Parquet name) runs first; then the Parquet symlink is swapped; then
    the database is renamed, which is the commit point. If that rename fails
    the symlink is put back, so a failed publish leaves both as they were.
    Only a process killed between the two renames (microseconds apart)
    leaves new Parquet files beside the old database; the next build
    replaces both. Two renames cannot be one atomic step: a reader needing
    the two to agree compares row_accounting (or key_findings) in both.

    The published file's write-ahead log is the hazard: DuckDB refuses to open
    a file next to another file's WAL ("WAL does not match database file").
    So a read-write connection on the published file (DuckDB allows one only
    when nobody else has the file open) stops the publish, and a WAL left by a
    writer that died belongs to the old file and is removed before the
    rename, never after it (a reader opening in between would fail).
    """
    with duckdb.connect(str(build_db)) as con:
        con.execute("checkpoint")
    wal = build_db.with_name(build_db.name + ".wal")
    if wal.exists():
        raise BuildError(f"{build_db}: write-ahead log still present after checkpoint")
    with open(build_db, "rb") as handle:
        os.fsync(handle.fileno())
    if published.exists():
        ensure_no_writer(published)
    if parquet_build is not None:
        check_parquet_link(published)
    published.with_name(published.name + ".wal").unlink(missing_ok=True)
    previous = swap_in_parquet(parquet_build, published) if parquet_build is not None else None
    try:
        os.replace(build_db, published)
    except OSError:
        if parquet_build is not None:
            restore_parquet_link(published, previous)
        raise
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the renames themselves durable
    finally:
        os.close(directory)
    if parquet_build is not None:
        current = parquet_link(published).resolve()
        prune_parquet_versions(published, {current, *([previous.resolve()] if previous else [])})


def ensure_no_writer(published: Path) -> None:
    """Stop when another process has the published file open read-write.

    DuckDB holds a POSIX record lock on its database file: shared for a
    read-only connection, exclusive for a read-write one. Probing for a
    shared lock fails only while a writer holds it."""
    with open(published, "rb") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            raise BuildError(
                f"{published}: open read-write by another process; close that connection "
                "(analysts: open the file read-only) and build again"
            ) from None
        fcntl.lockf(handle, fcntl.LOCK_UN)


def build(
    data_dir: Path | str,
    published: Path,
    keep_work_dir: bool,
    dbt_vars: str | None = None,
    with_site: bool = True,
    engine: str = "duckdb",
    spark_warehouse: str | None = None,
) -> None:
    started = time.monotonic()
    published.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(published):
        work_dir = published.with_name(published.name + ".building")
        shutil.rmtree(work_dir, ignore_errors=True)
        work_dir.mkdir(parents=True)
        # Named like the published file: DuckDB names the database after the
        # file, so compiled SQL and dbt docs name the published database.
        build_db = work_dir / published.name
        succeeded = False
        try:
            remote = isinstance(data_dir, str)  # a folder only Spark reads (main() decides)
            inputs = remote_inputs(data_dir) if remote else check_inputs(data_dir)
            for source, checked in inputs.files.items():
                single = ", quoted line breaks: read single-threaded" if checked.has_multiline_records else ""
                rows = "not counted" if checked.rows is None else f"{checked.rows:,} data rows{single}"
                log(f"input {source}: {checked.path} ({rows})")
            for note in inputs.notes:
                log(note)
            raw_bytes = 0 if remote else sum(checked.path.stat().st_size for checked in inputs.files.values())
            env = {**dbt_env(build_db, work_dir, raw_bytes), **raw_files_env(inputs, data_dir)}
            log(f"DuckDB memory_limit {env['DBT_DUCKDB_MEMORY_LIMIT']}")
            vars_args = ["--vars", dbt_vars_json(dbt_vars)]
            # a remote folder: no raw-file suites and no row counts to compare
            raw_files = {source: checked.path for source, checked in inputs.files.items() if not remote}
            raw_rows = {source: rows for source, rows in inputs.raw_rows.items() if rows is not None}
            checkpoint = start_gx_checkpoint(build_db, work_dir, raw_files, dbt_vars, raw_rows)
            try:
                run_dbt_build(published, work_dir, build_db, env, vars_args, engine, spark_warehouse,
                              with_site, prepare_gx_checkpoint(checkpoint, bool(raw_files)))  # fmt: skip
            except BaseException:
                stop_gx_checkpoint(checkpoint)
                raise
            parquet_build = work_dir / "parquet"
            tables: list[str] = []

            def export() -> None:
                tables.extend(export_parquet(build_db, parquet_build, env["DBT_DUCKDB_MEMORY_LIMIT"]))

            finish_gx_checkpoint(checkpoint, build_db, alongside=export)
            with gx_data_docs_meanwhile(checkpoint, published):
                log(f"exported {len(tables)} marts as Parquet")
                publish(build_db, published, parquet_build)
                log(f"published {published} and {parquet_link(published)}/ ({len(tables)} Parquet files)")
                if with_site:
                    write_report(published)
            if with_site:
                build_docs_site(published, work_dir)
            print_risk_summary(published)
            succeeded = True
        finally:
            if succeeded and not keep_work_dir:
                shutil.rmtree(work_dir, ignore_errors=True)
            elif not keep_work_dir:
                discard_all_but_logs(work_dir)
    log(f"done in {time.monotonic() - started:.1f} s")


def discard_all_but_logs(work_dir: Path) -> None:
    """After a failed build keep only the top-level *.log files the error
    message points to (the next build removes them too)."""
    for entry in work_dir.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.suffix != ".log":
            entry.unlink(missing_ok=True)
    if not any(work_dir.iterdir()):
        work_dir.rmdir()


def write_report(published: Path) -> None:
    """The concentration report, site/report.html next to the published file."""
    try:
        report = build_report(published, published.parent / "site" / "report.html")
    except ReportError as error:
        raise BuildError(str(error)) from None
    log(f"report: {report}")


def print_risk_summary(published: Path) -> None:
    """The last lines of a build: how many risk monitors breach, and which."""
    try:
        summary = summarize(published)
    except RiskSummaryError as error:
        raise BuildError(str(error)) from None
    for line in summary:
        log(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("DATA_DIR") or str(SEEDS_DIR),
        help="folder holding sales_data.csv (or 'E-commerece sales data 2024.csv'), "
        "customer_details.csv and product_details.csv (default: $DATA_DIR or seeds/); "
        "with --engine spark also any folder Spark reads, e.g. hdfs://... or s3a://...",
    )
    add_duckdb_path_argument(parser)
    parser.add_argument(
        "--keep-work-dir", action="store_true", help="keep <duckdb-path>.building/ for debugging"
    )
    parser.add_argument(
        "--vars",
        dest="dbt_vars",
        metavar="YAML",
        help='override project vars, passed to dbt build --vars, e.g. "{max_valid_age: 99}" '
        "(checked before anything runs)",
    )
    parser.add_argument(
        "--no-site",
        dest="with_site",
        action="store_false",
        help="publish the database only: skip the report and the docs site (for tests that check data)",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="duckdb",
        help="what runs the models: duckdb (default) or spark (dbt-spark, profiles.yml output "
        "$DBT_SPARK_TARGET or spark; the marts' Parquet is then loaded into the DuckDB file)",
    )
    parser.add_argument(
        "--spark-warehouse",
        metavar="PATH",
        help="with --engine spark: Spark's warehouse (a cluster's), where DuckDB reads the marts' "
        "Parquet (default: spark-warehouse/ in the build's work folder, for a local session)",
    )
    args = parser.parse_args(argv)
    if is_remote(args.data_dir) and args.engine != "spark":
        print(f"{PROG}: {args.data_dir}: not a local folder; only --engine spark reads one", file=sys.stderr)
        return 1
    data_dir = args.data_dir if is_remote(args.data_dir) else Path(args.data_dir)
    try:
        build(data_dir, args.duckdb_path.resolve(), args.keep_work_dir, args.dbt_vars, args.with_site,
              args.engine, args.spark_warehouse)  # fmt: skip
    except (InputError, BuildError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
