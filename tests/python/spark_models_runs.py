"""`dbt run --target spark` on several data folders in one Spark session.

Usage: spark_models_runs.py DATA_DIR WORK_DIR [DATA_DIR WORK_DIR ...]

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

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: package scripts

from dbt.cli.main import dbtRunner

from scripts.build import dbt_vars_json, load_spark_marts
from scripts.inputs import check_inputs
from scripts.project_paths import PROJECT_DIR


def run(data_dir: Path, work_dir: Path, warehouse: Path) -> None:
    """One folder's models on Spark, its marts loaded into work_dir/analytics.duckdb."""
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    args = [
        "run", "--target", "spark", "--vars", dbt_vars_json(check_inputs(data_dir), None, data_dir),
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
    pairs = [(Path(argv[i]), Path(argv[i + 1])) for i in range(0, len(argv), 2)]
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
