"""Run the Great Expectations suites on the raw files and the built database.

Every suite of gx/suites.py validates one small frame: an aggregate or
column-pruned query over a read-only DuckDB connection, which also reads the
raw files in place (--raw-file). Frames are read one at a time and released
after their suite, so memory does not grow with the data. Each suite is a
ValidationDefinition run with its frame as the batch parameter (GX's public
API); the Data Docs are built from all the results at the end.

The GX context is made fresh in --context-dir from gx/great_expectations.yml;
everything GX writes (suites as JSON, results, Data Docs) goes there. With
--data-docs-dir the built Data Docs are copied to that folder too. Without
--raw-file the raw-file suites are skipped (e.g. `make docs` on a published
database). The headline metrics key_findings must hold come from dbt's
manifest (--manifest, the build's; without it `dbt parse` writes one in the
context folder): dbt expands var key_findings once, in Jinja.

Prints one line per failed expectation (suite | expectation | column |
observed value) and exits 1 when any failed; exits 2 when a file or the
database cannot be read.

With --wait-for-go (scripts/build.py) it starts before dbt builds, so that
importing Great Expectations overlaps dbt, and takes lines on stdin:
"prepare" (dbt has written its manifest: make the context, suites and
validation definitions now, and scan the raw files), then "go" (the build
file is ready: validate).
Input that ends before the go (the build stopped) ends it with exit 3 and
nothing validated. Once validated it prints "verdict: passed" or "verdict:
failed" on stdout before building the Data Docs, so the build can publish
meanwhile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Before GX is imported: no usage statistics, no progress bars.
os.environ["GX_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("TQDM_DISABLE", "1")
# GX imports pyspark when it is installed (the Spark engine's packages), and
# pyspark 4.3 warns on import that it does not fully support pandas 3: GX does
# not use pyspark here, and the checkpoint's stderr is its one-line report.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

import duckdb
import great_expectations as gx
import pandas as pd
from great_expectations.core.run_identifier import RunIdentifier

# gx.suites is this project's gx/ package (`gx` above is great_expectations).
from gx.suites import (
    PARALLEL_READ,
    PARALLEL_READ_REFUSED,
    RAW_SCAN,
    RAW_SOURCES,
    SINGLE_THREADED_READ,
    Suite,
    dbt_vars,
    mart_suites,
    raw_header_query,
    raw_suite,
)
from scripts.project_paths import GX_DIR, GX_VERDICT, PROJECT_DIR, dbt_command, vars_mapping

PROG = "run_gx_checkpoint"
DATASOURCE = "build_database"
KEY_FINDINGS_NODE = "model.ecommerce_concentration.key_findings"
RUN_NAME = "build"
DATA_DOCS_SITE = Path("uncommitted") / "data_docs" / "local_site"
# Where build_site.py publishes the Data Docs, next to the database.
PUBLISHED_DATA_DOCS = Path("site") / "gx" / "index.html"
EXAMPLES = 5  # unexpected values shown per failure
# Every frame is an aggregate, so the queries need little memory; without a
# cap DuckDB's buffer cache keeps the raw file it scans (about 600 MB at 10M
# sales rows, growing with the file) up to 80 % of RAM.
DUCKDB_MEMORY_LIMIT = "500MB"


class CheckpointError(Exception):
    """The checkpoint could not run; the message is one line."""


@dataclass(frozen=True)
class Failure:
    suite: str
    expectation: str
    column: str
    observed: str

    def line(self) -> str:
        return f"{self.suite} | {self.expectation} | {self.column} | {self.observed}"


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def execute(con: duckdb.DuckDBPyConnection, query: str) -> duckdb.DuckDBPyConnection:
    """Run a query; a raw file whose quoted fields span lines is read again
    single-threaded (see gx.suites.read_raw_csv)."""
    try:
        return con.execute(query)
    except duckdb.Error as error:
        if PARALLEL_READ_REFUSED not in str(error):
            raise
        return con.execute(query.replace(PARALLEL_READ, SINGLE_THREADED_READ))


def raw_suites(
    con: duckdb.DuckDBPyConnection, raw_files: dict[str, Path], raw_rows: dict[str, int]
) -> list[Suite]:
    """One suite per raw file, built from the file's header (read by DuckDB)
    and the input check's count of its data rows when given (--raw-rows)."""
    suites = []
    for source, path in raw_files.items():
        if not path.is_file():
            raise CheckpointError(f"{path}: raw file not found")
        try:
            header = [name for (name,) in execute(con, raw_header_query(path)).fetchall()]
        except duckdb.Error as error:
            raise CheckpointError(f"{path}: cannot read the header: {first_line(error)}") from None
        suites.append(raw_suite(source, path, header, raw_rows.get(source)))
    return suites


def scan_frame(con: duckdb.DuckDBPyConnection, suite: Suite, where: Path) -> pd.DataFrame:
    """The one-row result of the suite's raw-file scan (Suite.scan)."""
    assert suite.scan is not None
    try:
        return execute(con, suite.scan).df()
    except duckdb.Error as error:
        raise CheckpointError(
            f"{where}: cannot scan the raw file for {suite.name}: {first_line(error)}"
        ) from None


def read_frame(
    con: duckdb.DuckDBPyConnection, suite: Suite, where: Path, scanned: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The suite's frame; for a suite with a raw-file scan, from its result
    (`scanned`, or scanned now). Nullable integer columns (DuckDB gives
    pandas' Int64 when a column holds a null) become plain objects: GX's
    pandas metrics cannot compare pd.NA."""
    if suite.scan is not None:
        con.register(RAW_SCAN, scan_frame(con, suite, where) if scanned is None else scanned)
    try:
        frame = execute(con, suite.query).df()
    except duckdb.Error as error:
        raise CheckpointError(
            f"{where}: cannot read the frame of {suite.name}: {first_line(error)}"
        ) from None
    finally:
        if suite.scan is not None:
            con.unregister(RAW_SCAN)
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.api.extensions.ExtensionDtype) and frame[column].hasnans:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def fresh_context(context_dir: Path) -> Any:
    """A file-backed GX context in an emptied folder, configured by gx/great_expectations.yml."""
    shutil.rmtree(context_dir, ignore_errors=True)
    context_dir.mkdir(parents=True)
    shutil.copy(GX_DIR / "great_expectations.yml", context_dir / "great_expectations.yml")
    return gx.get_context(mode="file", context_root_dir=str(context_dir))


def plain(value: Any) -> Any:
    """Numpy and pandas scalars as plain Python values, for readable output."""
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN: a null in a float column
        return None
    return value


def exception_message(exception: dict[str, Any]) -> str | None:
    """The first line of an expectation's error (GX nests it per metric)."""
    if exception.get("raised_exception"):
        return str(exception.get("exception_message")).splitlines()[0]
    for value in exception.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message")).splitlines()[0]
    return None


def describe_observed(
    result: dict[str, Any], exception: dict[str, Any], frame: pd.DataFrame, label: str | None
) -> str:
    error = exception_message(exception)
    if error is not None:
        return f"error: {error}"
    if "partial_missing_list" in result:  # a distinct-values set expectation
        missing = sorted(plain(result["partial_missing_list"]), key=str)
        extra = sorted(plain(result.get("partial_unexpected_list") or []), key=str)
        return f"missing {missing}" + (f", unexpected {extra}" if extra else "")
    if "unexpected_count" in result:
        examples = plain(result.get("partial_unexpected_list", [])[:EXAMPLES])
        rows = result.get("partial_unexpected_index_list") or []
        if label is not None and rows:
            names = [str(frame[label].iloc[row]) for row in rows[:EXAMPLES]]
            examples = [f"{name}={example}" for name, example in zip(names, examples, strict=False)]
        counts = f"{result['unexpected_count']} of {result.get('element_count')} rows"
        return f"{counts} unexpected, e.g. {examples}"
    if "observed_value" in result:
        return f"observed {plain(result['observed_value'])}"
    return "failed"


def failures_of(validation: Any, suite: Suite, frame: pd.DataFrame) -> list[Failure]:
    failures = []
    for outcome in validation.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        kwargs = config.kwargs
        column = kwargs.get("column") or ", ".join(
            str(kwargs[key]) for key in ("column_A", "column_B") if key in kwargs
        )
        failures.append(
            Failure(
                suite=suite.name,
                expectation=config.type,
                column=column or "(table)",
                observed=describe_observed(
                    dict(outcome.result or {}),
                    dict(outcome.exception_info or {}),
                    frame,
                    suite.label,
                ),
            )
        )
    return failures


def project_vars(overrides: str | None) -> dict[str, Any]:
    """dbt_project.yml's vars, with the build's --vars (YAML) on top."""
    merged = dbt_vars()
    if overrides:
        try:
            merged.update(vars_mapping(overrides))
        except ValueError as error:
            raise CheckpointError(str(error)) from None
    return merged


def parsed_manifest(context_dir: Path, overrides: str | None) -> Path:
    """dbt's manifest of the project with the build's vars, from `dbt parse`
    into the context folder (when no build manifest is given)."""
    target = context_dir / "dbt_target"
    parse = ["parse", *(["--vars", overrides] if overrides else [])]
    command = dbt_command([parse], target, context_dir / "dbt_logs")
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    parsed = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False)
    if parsed.returncode != 0:
        lines = (parsed.stdout + parsed.stderr).strip().splitlines()
        raise CheckpointError(f"dbt parse failed: {lines[-1] if lines else parsed.returncode}")
    return target / "manifest.json"


def required_metrics(manifest: Path) -> list[str]:
    """The key_findings metrics known before the data is, as dbt expanded
    them from var key_findings (macro key_findings_required_metrics, kept in
    the model's meta): the expansion rule has one home, in Jinja."""
    try:
        nodes = json.loads(manifest.read_text())["nodes"]
    except (OSError, ValueError, KeyError) as error:
        raise CheckpointError(f"{manifest}: not a readable dbt manifest ({first_line(error)})") from None
    metrics = nodes.get(KEY_FINDINGS_NODE, {}).get("config", {}).get("meta", {}).get("required_metrics")
    if not isinstance(metrics, list) or not metrics:
        raise CheckpointError(f"{manifest}: model key_findings has no meta.required_metrics")
    return [str(metric) for metric in metrics]


def validation_definition(context: Any, datasource: Any, suite: Suite) -> Any:
    """The suite, its dataframe asset and its validation definition, saved in the context."""
    batch = datasource.add_dataframe_asset(name=suite.name).add_batch_definition_whole_dataframe("frame")
    expectation_suite = context.suites.add(
        gx.ExpectationSuite(
            name=suite.name,
            expectations=list(suite.expectations),
            meta={"notes": {"format": "markdown", "content": [suite.description]}},
        )
    )
    return context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=batch, suite=expectation_suite)
    )


class Checkpoint:
    """One run of the checkpoint in steps, so that a build can do the first
    two while dbt still runs: prepare (the GX context, every suite and its
    validation definition: needs dbt's manifest and the raw files' headers,
    not the database), scan_raw_files (the raw-file suites' scans: the
    costly part, a pass over each raw file, needing no database either),
    validate (one frame at a time from the database and the scans),
    build_docs (the Data Docs of the results)."""

    def __init__(
        self,
        duckdb_path: Path,
        context_dir: Path,
        overrides: str | None = None,
        raw_files: dict[str, Path] | None = None,
        raw_rows: dict[str, int] | None = None,
        manifest: Path | None = None,
    ) -> None:
        self.duckdb_path = duckdb_path
        self.context_dir = context_dir
        self.overrides = overrides
        self.raw_files = raw_files or {}
        self.raw_rows = raw_rows or {}
        self.manifest = manifest
        self.context: Any = None
        self.definitions: list[tuple[Suite, Any]] = []
        self.scans: dict[str, pd.DataFrame] = {}  # suite name -> its raw-file scan (one row)

    def prepare(self) -> None:
        """The context and every suite's validation definition (once)."""
        if self.context is not None:
            return
        context = fresh_context(self.context_dir)
        metrics = required_metrics(self.manifest or parsed_manifest(self.context_dir, self.overrides))
        marts = mart_suites(project_vars(self.overrides), metrics, dt.datetime.now())
        with duckdb.connect(config={"memory_limit": DUCKDB_MEMORY_LIMIT}) as con:  # headers only
            suites = raw_suites(con, self.raw_files, self.raw_rows) + marts
        datasource = context.data_sources.add_pandas(DATASOURCE)
        self.definitions = [(suite, validation_definition(context, datasource, suite)) for suite in suites]
        self.context = context

    def scan_raw_files(self) -> None:
        """Prepare, then run every raw-file suite's scan not run yet, on a
        connection of its own (the database need not exist yet) with one
        thread: during a build it shares the machine with dbt, whose one
        parse of the sales file runs on one thread (int_sales_interactions_checked)."""
        self.prepare()
        with duckdb.connect(config={"memory_limit": DUCKDB_MEMORY_LIMIT, "threads": 1}) as con:
            for suite, _ in self.definitions:
                if suite.scan is not None and suite.name not in self.scans:
                    self.scans[suite.name] = scan_frame(con, suite, suite.file or self.duckdb_path)

    def validate(self) -> list[Failure]:
        """Every suite on its frame, read one at a time; the failed expectations.
        A missing database stops it before any preparing (dbt parse); a raw
        file not scanned yet is scanned now."""
        if not self.duckdb_path.is_file():
            raise CheckpointError(f"{self.duckdb_path}: database not found")
        self.prepare()
        run_id = RunIdentifier(run_name=RUN_NAME, run_time=dt.datetime.now(dt.UTC))
        failures: list[Failure] = []
        with duckdb.connect(
            str(self.duckdb_path), read_only=True, config={"memory_limit": DUCKDB_MEMORY_LIMIT}
        ) as con:
            for suite, definition in self.definitions:
                scanned = self.scans.pop(suite.name, None)
                frame = read_frame(con, suite, suite.file or self.duckdb_path, scanned)
                result = definition.run(
                    batch_parameters={"dataframe": frame}, result_format="SUMMARY", run_id=run_id
                )
                failures += failures_of(result, suite, frame)
                del frame, result  # one frame at a time
        return failures

    def build_docs(self, data_docs_dir: Path | None = None) -> Path:
        """The Data Docs of the validation results (copied to data_docs_dir if given)."""
        self.context.build_data_docs()
        docs = self.context_dir / DATA_DOCS_SITE
        if data_docs_dir is not None:
            shutil.rmtree(data_docs_dir, ignore_errors=True)
            shutil.copytree(docs, data_docs_dir)
            docs = data_docs_dir
        return docs

    @property
    def expectations(self) -> int:
        return sum(len(suite.expectations) for suite, _ in self.definitions)


def raw_file_argument(text: str) -> tuple[str, Path]:
    source, separator, path = text.partition("=")
    if not separator or source not in RAW_SOURCES or not path:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected SOURCE=PATH, SOURCE one of {', '.join(RAW_SOURCES)}"
        )
    return source, Path(path)


def raw_rows_argument(text: str) -> tuple[str, int]:
    source, separator, rows = text.partition("=")
    if not separator or source not in RAW_SOURCES or not rows.isdigit():
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected SOURCE=ROWS, SOURCE one of {', '.join(RAW_SOURCES)}, ROWS a whole number"
        )
    return source, int(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duckdb-path", type=Path, required=True, help="the database to validate (read only)"
    )
    parser.add_argument(
        "--raw-file",
        dest="raw_files",
        type=raw_file_argument,
        action="append",
        default=[],
        metavar="SOURCE=PATH",
        help=f"a raw file as delivered, validated in place (repeat; SOURCE: {', '.join(RAW_SOURCES)})",
    )
    parser.add_argument(
        "--raw-rows",
        type=raw_rows_argument,
        action="append",
        default=[],
        metavar="SOURCE=ROWS",
        help="the data rows the build's input check counted in that raw file: row_accounting must match",
    )
    parser.add_argument(
        "--context-dir",
        type=Path,
        default=GX_DIR / "uncommitted" / "context",
        help="folder for this run's GX context, emptied first (default: gx/uncommitted/context)",
    )
    parser.add_argument("--data-docs-dir", type=Path, help="also copy the built Data Docs to this folder")
    parser.add_argument("--vars", dest="dbt_vars", metavar="YAML", help="the dbt vars the build overrode")
    parser.add_argument(
        "--wait-for-go",
        action="store_true",
        help="start (import Great Expectations) now; on stdin 'prepare' prepares and scans the raw "
        "files, 'go' validates, then 'verdict: passed|failed' is printed before the Data Docs are built; "
        "end of input before 'go': exit 3 without validating (scripts/build.py starts it while dbt builds)",
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        help="the build's dbt manifest.json (default: `dbt parse` with --vars into the context folder)",
    )
    args = parser.parse_args(argv)
    raw_files = dict(args.raw_files)
    if len(raw_files) != len(args.raw_files):
        parser.error("--raw-file: each SOURCE at most once")
    checkpoint = Checkpoint(
        args.duckdb_path.resolve(),
        args.context_dir.resolve(),
        args.dbt_vars,
        {source: path.resolve() for source, path in raw_files.items()},
        dict(args.raw_rows),
        args.manifest.resolve() if args.manifest else None,
    )
    try:
        if args.wait_for_go and not wait_for_go(checkpoint):
            return 3
        failures = checkpoint.validate()
    except CheckpointError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    for failure in failures:
        print(f"{PROG}: FAILED {failure.line()}", file=sys.stderr)
    if args.wait_for_go:
        print(f"{GX_VERDICT}{'failed' if failures else 'passed'}", flush=True)
    data_docs = checkpoint.build_docs(args.data_docs_dir)
    status = f"{len(failures)} failed" if failures else "all passed"
    skipped = "" if raw_files else " (no --raw-file: raw-file suites skipped)"
    docs = (
        f"{data_docs / 'index.html'}"
        if args.data_docs_dir
        else f"{PUBLISHED_DATA_DOCS} once published (built in {data_docs})"
    )
    print(
        f"[{PROG}] {len(checkpoint.definitions)} suites, {checkpoint.expectations} expectations: "
        f"{status}{skipped}; Data Docs: {docs}",
        flush=True,
    )
    return 1 if failures else 0


def wait_for_go(checkpoint: Checkpoint) -> bool:
    """--wait-for-go: read stdin until "go" (True) or its end (False). A
    "prepare" line before it (the build sends one once dbt has written its
    manifest) prepares the checkpoint and scans the raw files while dbt
    still runs; an error of that step is raised after the go, when the
    build is ready to report it."""
    error: CheckpointError | None = None
    for line in sys.stdin:
        signal = line.strip()
        if signal == "prepare" and error is None:
            try:
                checkpoint.scan_raw_files()
            except CheckpointError as raised:
                error = raised
        elif signal == "go":
            if error is not None:
                raise error
            return True
    return False


if __name__ == "__main__":
    sys.exit(main())
