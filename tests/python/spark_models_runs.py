"""`dbt run --target spark` on several data folders in one Spark session.

Usage: spark_models_runs.py DATA_DIR WORK_DIR [DATA_DIR WORK_DIR ...]
(run with the project on PYTHONPATH; a DATA_DIR may be a file:// URI, read
as a remote folder is: headers only, no local checks)

For each folder, in order: the inputs checked and the vars built as
scripts/build.py does, every model run on Spark by dbt (dbtRunner, in this
process), then the marts' Parquet loaded into WORK_DIR/analytics.duckdb by
the build's own load_spark_marts. The runs share one local Spark session
(dbt-spark's session method reuses the process's session), so the JVM and
metastore start once: a local session costs 20-60 s to start on a 2-core
machine. They also share the first WORK_DIR's warehouse, which is why each
run's marts are loaded before the next run replaces them. Prints one line
per run; exits 1 with the failing run's last dbt lines.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from dbt.cli.main import dbtRunner

from scripts.build import dbt_vars_json, load_spark_marts, raw_files_env
from scripts.inputs import CheckedInputs, check_inputs
from scripts.project_paths import PROJECT_DIR
from scripts.remote_inputs import is_remote, remote_inputs


def local_first_lines(uri: str) -> list[str] | None:
    """A file:// URI's first lines, read here: the session is dbt's, and a
    Spark session started first (scripts.remote_inputs.spark_first_lines)
    would set its static configs (warehouse, catalog) instead."""
    path = Path(uri.removeprefix("file://"))
    if not path.is_file():
        return None
    with open(path, encoding="utf-8") as handle:
        return [line for line, _ in zip(handle, range(20), strict=False)]


def inputs_of(data_dir: str) -> CheckedInputs:
    """As scripts/build.py: a local folder checked, a URI's headers read."""
    return remote_inputs(data_dir, local_first_lines) if is_remote(data_dir) else check_inputs(Path(data_dir))


def run(data_dir: str, work_dir: Path, warehouse: Path) -> None:
    """One folder's models on Spark, its marts loaded into work_dir/analytics.duckdb."""
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    folder: Path | str = data_dir if is_remote(data_dir) else Path(data_dir)
    os.environ.update(raw_files_env(inputs_of(data_dir), folder))  # as scripts/build.py's dbt_env
    args = [
        "run", "--target", "spark", "--vars", dbt_vars_json(None),
        "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"),
    ]  # fmt: skip
    result = dbtRunner().invoke(args)
    if not result.success:
        raise SystemExit(
            f"spark_models_runs: dbt run on {data_dir} failed; log: {work_dir / 'logs' / 'dbt.log'}"
        )
    tables = load_spark_marts(work_dir / "analytics.duckdb", work_dir, str(warehouse))
    print(f"spark_models_runs: {data_dir}: {tables} marts in {time.monotonic() - started:.1f} s", flush=True)


def main(argv: list[str]) -> int:
    if not argv or len(argv) % 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    pairs = [(argv[i], Path(argv[i + 1])) for i in range(0, len(argv), 2)]
    warehouse = pairs[0][1] / "spark-warehouse"
    os.environ["DBT_SPARK_WAREHOUSE_DIR"] = str(warehouse)  # read once, when the session starts
    os.environ.setdefault("DBT_SPARK_CATALOG", "in-memory")  # as scripts/build.py: no metastore to start
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    os.chdir(PROJECT_DIR)
    for data_dir, work_dir in pairs:
        run(data_dir, work_dir, warehouse)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
