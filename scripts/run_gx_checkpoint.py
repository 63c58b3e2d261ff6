"""Run the Great Expectations checkpoint on a built DuckDB database.

Every suite of gx/suites.py validates a pandas frame read over a read-only
DuckDB connection (GX 1.x has no working DuckDB SQL datasource). All suites
run in one checkpoint; then the Data Docs are built from its results.

The GX context is made fresh in --context-dir from gx/great_expectations.yml;
everything GX writes (suites as JSON, results, Data Docs) goes there. With
--data-docs-dir the built Data Docs are copied to that folder too.

Prints one line per failed expectation (suite, expectation, column, observed
value) and exits 1 when any failed; exits 2 when the database cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Before GX is imported: no usage statistics, no progress bars.
os.environ["GX_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("TQDM_DISABLE", "1")

import duckdb
import great_expectations as gx
import pandas as pd
import yaml
from great_expectations.core.run_identifier import RunIdentifier
from pydantic.v1 import PrivateAttr

PROJECT_DIR = Path(__file__).resolve().parent.parent
GX_DIR = PROJECT_DIR / "gx"
sys.path.insert(0, str(GX_DIR))

from suites import Suite, all_suites, dbt_vars  # noqa: E402 - gx/ is put on the path above

PROG = "run_gx_checkpoint"
DATASOURCE = "build_database"
CHECKPOINT = "build"
DATA_DOCS_SITE = Path("uncommitted") / "data_docs" / "local_site"
EXAMPLES = 5  # unexpected values shown per failure


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


class FramesCheckpoint(gx.Checkpoint):
    """A checkpoint whose validation definitions each validate their own frame.

    A stock checkpoint passes one ``batch_parameters`` (one dataframe) to every
    validation definition; here each gets the frame of its suite."""

    _frames: dict[str, pd.DataFrame] = PrivateAttr(default_factory=dict)

    def run_frames(self, frames: dict[str, pd.DataFrame], run_id: RunIdentifier) -> Any:
        self._frames = frames
        try:
            return self.run(run_id=run_id)
        finally:
            self._frames = {}

    def _run_validation_definitions(
        self, batch_parameters: dict[str, Any], expectation_parameters: Any, result_format: Any, run_id: Any
    ) -> dict[Any, Any]:
        results = {}
        for definition in self.validation_definitions:
            result = definition.run(
                checkpoint_id=self.id,
                batch_parameters={"dataframe": self._frames[definition.name]},
                expectation_parameters=expectation_parameters,
                result_format=result_format,
                run_id=run_id,
            )
            key = self._build_result_key(
                validation_definition=definition, run_id=run_id, batch_identifier=result.batch_id
            )
            results[key] = result
        return results


def read_frames(duckdb_path: Path, suites: list[Suite]) -> dict[str, pd.DataFrame]:
    if not duckdb_path.is_file():
        raise CheckpointError(f"{duckdb_path}: database not found")
    frames = {}
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        for suite in suites:
            try:
                frames[suite.name] = con.sql(suite.query).df()
            except duckdb.Error as error:
                first_line = str(error).splitlines()[0]
                raise CheckpointError(
                    f"{duckdb_path}: cannot read the frame of {suite.name}: {first_line}"
                ) from None
    return frames


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
        return value.item()
    return value


def describe_observed(result: dict[str, Any], exception: dict[str, Any], frame: pd.DataFrame) -> str:
    if exception.get("raised_exception"):
        return f"error: {str(exception.get('exception_message')).splitlines()[0]}"
    if "unexpected_count" in result:
        examples = plain(result.get("partial_unexpected_list", [])[:EXAMPLES])
        rows = result.get("partial_unexpected_index_list") or []
        if "check_name" in frame.columns and rows:
            names = [str(frame["check_name"].iloc[row]) for row in rows[:EXAMPLES]]
            examples = [f"{name}={example}" for name, example in zip(names, examples, strict=False)]
        counts = f"{result['unexpected_count']} of {result.get('element_count')} rows"
        return f"{counts} unexpected, e.g. {examples}"
    if "observed_value" in result:
        return f"observed {plain(result['observed_value'])}"
    return "failed"


def failures_of(checkpoint_result: Any, frames: dict[str, pd.DataFrame]) -> list[Failure]:
    failures = []
    for validation in checkpoint_result.run_results.values():
        suite_name = validation.suite_name
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
                    suite=suite_name,
                    expectation=config.type,
                    column=column or "(table)",
                    observed=describe_observed(
                        dict(outcome.result or {}), dict(outcome.exception_info or {}), frames[suite_name]
                    ),
                )
            )
    return failures


@dataclass(frozen=True)
class CheckpointOutcome:
    suites: int
    expectations: int
    failures: list[Failure]
    data_docs: Path


def project_vars(overrides: str | None) -> dict[str, Any]:
    """dbt_project.yml's vars, with the build's --vars (YAML) on top."""
    merged = dbt_vars()
    if overrides:
        try:
            extra = yaml.safe_load(overrides)
        except yaml.YAMLError as error:
            raise CheckpointError(f"--vars is not YAML: {str(error).splitlines()[0]}") from None
        if not isinstance(extra, dict):
            raise CheckpointError("--vars must be a YAML mapping")
        merged.update(extra)
    return merged


def run_checkpoint(
    duckdb_path: Path, context_dir: Path, data_docs_dir: Path | None = None, overrides: str | None = None
) -> CheckpointOutcome:
    """Validate every suite on the database; build the Data Docs."""
    suites = all_suites(project_vars=project_vars(overrides))
    frames = read_frames(duckdb_path, suites)
    context = fresh_context(context_dir)
    datasource = context.data_sources.add_pandas(DATASOURCE)
    definitions = []
    for suite in suites:
        batch = datasource.add_dataframe_asset(name=suite.name).add_batch_definition_whole_dataframe("whole")
        expectation_suite = context.suites.add(
            gx.ExpectationSuite(
                name=suite.name,
                expectations=list(suite.expectations),
                meta={"notes": {"format": "markdown", "content": [suite.description]}},
            )
        )
        definitions.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(name=suite.name, data=batch, suite=expectation_suite)
            )
        )
    checkpoint = FramesCheckpoint(
        name=CHECKPOINT,
        validation_definitions=definitions,
        actions=[],  # Data Docs are built once below (the stock action rebuilds them per result)
        result_format="SUMMARY",
    )
    context.checkpoints.add(checkpoint)
    run_id = RunIdentifier(run_name=CHECKPOINT, run_time=dt.datetime.now(dt.UTC))
    result = checkpoint.run_frames(frames, run_id)
    context.build_data_docs()
    docs = context_dir / DATA_DOCS_SITE
    if data_docs_dir is not None:
        shutil.rmtree(data_docs_dir, ignore_errors=True)
        shutil.copytree(docs, data_docs_dir)
        docs = data_docs_dir
    return CheckpointOutcome(
        suites=len(suites),
        expectations=sum(len(suite.expectations) for suite in suites),
        failures=failures_of(result, frames),
        data_docs=docs,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duckdb-path", type=Path, required=True, help="the database to validate (read only)"
    )
    parser.add_argument(
        "--context-dir",
        type=Path,
        default=GX_DIR / "uncommitted" / "context",
        help="folder for this run's GX context, emptied first (default: gx/uncommitted/context)",
    )
    parser.add_argument("--data-docs-dir", type=Path, help="also copy the built Data Docs to this folder")
    parser.add_argument("--vars", dest="dbt_vars", metavar="YAML", help="the dbt vars the build overrode")
    args = parser.parse_args(argv)
    try:
        outcome = run_checkpoint(
            args.duckdb_path.resolve(), args.context_dir.resolve(), args.data_docs_dir, args.dbt_vars
        )
    except CheckpointError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    for failure in outcome.failures:
        print(f"{PROG}: FAILED {failure.line()}", file=sys.stderr)
    status = f"{len(outcome.failures)} failed" if outcome.failures else "all passed"
    print(
        f"[{PROG}] {outcome.suites} suites, {outcome.expectations} expectations: {status}; "
        f"Data Docs: {outcome.data_docs / 'index.html'}",
        flush=True,
    )
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
