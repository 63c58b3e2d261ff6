"""Benchmark the build against the floor of what the same work costs, at several sizes.

For each size (the committed sample, or a folder of N sales rows written by
generate_sample_data.py --sales-rows N, with the sample's 3,900 customers or,
with --customers scaled, the sample's ratio of customers to sales rows) it
measures, each step on its own:

* the full build: python -m scripts.build --data-dir <folder> --duckdb-path <tmp>;
* `dbt run` alone on the same inputs (prepared as the build prepares them, untimed);
* the original analysis in plain pandas, straight from the CSVs;
* the same analysis in bare DuckDB SQL, straight from the CSVs;

* at 1M and 10M (--spark-sizes), the full build on Spark: python -m
  scripts.build --engine spark, dbt-spark on a local pyspark session (Java 17), whose
  marts are then loaded into the DuckDB file (issue 12: where Spark pays);

and once per run dbt's floor: `dbt build` of a throwaway project with one
`select 1` model, full parse (no partial parse). Every step runs in its own
forked wrapper process, so its peak memory is the largest peak RSS of the
processes it started (getrusage(RUSAGE_CHILDREN).ru_maxrss). It prints a
Markdown table (seconds, peak RSS, the ratios build / (bare DuckDB + dbt
floor) and dbt run / (bare DuckDB + dbt floor), and whether the targets of
issue 8 are met) to paste into docs/benchmarks.md, and with --json the same
as JSON. Progress goes to stderr. Exit status 1 when a step fails or a
target is missed. The targets live here, never in a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scripts.project_paths import PROJECT_DIR, SEEDS_DIR, step_command

PROG = "benchmark.py"
DEFAULT_SIZES = "sample,1M,10M"
DEFAULT_SPARK_SIZES = "1M,10M"
HUNDRED_MILLION = 100_000_000
SALES_FILE_NAMES = ("sales_data.csv", "E-commerece sales data 2024.csv")
TIERS = ["Low", "Medium", "High", "VIP"]
AGE_BINS = [17, 25, 35, 50, 65, math.inf]
AGE_LABELS = ["18-25", "26-35", "36-50", "51-65", "66+"]
TOP_PERCENT = 10


@dataclass(frozen=True)
class Target:
    """Issue 8's targets for one size: the full build's seconds (absolute or as a
    multiple of bare DuckDB + dbt floor), its peak RSS, and dbt run's multiple."""

    build_seconds: float | None = None
    build_ratio: float | None = None
    peak_mb: float | None = None
    dbt_run_ratio: float | None = None


TARGETS: dict[str, Target] = {
    "sample": Target(build_seconds=15, peak_mb=500),
    "1M": Target(build_ratio=5, peak_mb=1536),
    "10M": Target(build_ratio=5, peak_mb=2048, dbt_run_ratio=1.5),
    "100M": Target(build_seconds=600, peak_mb=8192),
}

STEPS = {
    "generate": "generate the data folder (not in the ratios)",
    "build": "full build (`python -m scripts.build`), no saved dbt parse: dbt parses the whole project",
    "build_again": "the same full build again: dbt reuses its saved parse",
    "dbt_run": "`dbt run` alone",
    "spark_build": "full build on Spark (`python -m scripts.build --engine spark`, local pyspark)",
    "pandas": "the analysis in plain pandas from the CSVs",
    "duckdb": "the analysis in bare DuckDB SQL from the CSVs",
    "dbt_floor": "dbt's floor (`dbt build`, one `select 1` model, full parse)",
}


@dataclass
class Measurement:
    seconds: float | None = None
    peak_mb: float | None = None
    error: str | None = None  # why the step did not complete
    note: str | None = None  # why the step was not run (not a failure)
    figures: dict[str, float] | None = None  # the analysis steps' results

    def cell(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        if self.note:
            return self.note
        seconds = f"{self.seconds:.2f}" if self.seconds < 10 else f"{self.seconds:.1f}"
        return f"{seconds} s · {format_mb(self.peak_mb)}"


@dataclass
class SizeResult:
    label: str
    sales_rows: int
    customers: int
    steps: dict[str, Measurement] = field(default_factory=dict)
    ratios: dict[str, float | None] = field(default_factory=dict)
    figures_agree: bool | None = None
    within_target: bool | None = None  # None: no target for this size
    again_within_target: bool | None = None  # the same for the repeat build


def format_mb(mb: float | None) -> str:
    if mb is None:
        return "?"
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def progress(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


# --- measuring one step ------------------------------------------------------------


def measured(work: Callable[[], dict[str, Any] | None], timeout: float) -> Measurement:
    """Run work() in a forked wrapper process and measure it.

    work starts the processes to measure and waits for them; the wrapper then
    reads getrusage(RUSAGE_CHILDREN).ru_maxrss, the peak RSS of the largest of
    its descendants (its own memory is not counted). The wrapper leads its own
    process group: a step that outlives the timeout, or an interrupted run,
    kills the whole group."""
    handle, report_name = tempfile.mkstemp(prefix="benchmark-step-", suffix=".json")
    os.close(handle)
    report_file = Path(report_name)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the wrapper: never returns into the caller's code
        status = 1
        try:
            os.setpgid(0, 0)
            started = time.monotonic()
            report: dict[str, Any]
            try:
                report = {"seconds": None, **(work() or {})}
                report["seconds"] = time.monotonic() - started
            except Exception as error:  # reported to the parent as one line
                report = {"error": (str(error).splitlines() or [type(error).__name__])[0]}
            report["peak_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            report_file.write_text(json.dumps(report))
            status = 0
        finally:
            os._exit(status)
    try:
        deadline = time.monotonic() + timeout
        while not os.waitpid(pid, os.WNOHANG)[0]:
            if time.monotonic() > deadline:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Measurement(error=f"killed after {timeout:.0f} s")
            time.sleep(0.1)
        text = report_file.read_text()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        raise
    finally:
        report_file.unlink(missing_ok=True)
    if not text:
        return Measurement(error="the wrapper process died")
    report = json.loads(text)
    measurement = Measurement(
        seconds=report.get("seconds"),
        peak_mb=report["peak_kb"] / 1024,
        error=report.get("error"),
        figures=report.get("figures"),
    )
    if "analysis_seconds" in report:  # the analysis itself, without interpreter start-up and imports
        measurement.seconds = report["analysis_seconds"]
    return measurement


def run_command(argv: list[str], log_file: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one command, output to log_file; raise with its last line when it fails."""
    with open(log_file, "w") as out:
        result = subprocess.run(argv, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        lines = log_file.read_text(errors="replace").strip().splitlines() or ["no output"]
        raise RuntimeError(f"exit {result.returncode}: {lines[-1][:200]} (log: {log_file})")
    return {}


def run_analysis(engine: str, data_dir: Path, log_file: Path) -> dict[str, Any]:
    """The analysis in a fresh interpreter; its last stdout line is its JSON report."""
    argv = step_command("benchmark", "--analysis", engine, "--data-dir", str(data_dir))
    result = subprocess.run(argv, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)
    log_file.write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or ["no output"]
        raise RuntimeError(f"exit {result.returncode}: {lines[-1][:200]} (log: {log_file})")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the dbt run step: the one place coupled to build.py -----------------------------


def dbt_run_alone(data_dir: Path, work_dir: Path, timeout: float) -> Measurement:
    """Check data_dir as scripts/build.py does (untimed), then measure `dbt
    run` alone with build.py's own dbt environment and vars: staging reads
    the raw files in place, so nothing else is prepared.

    This is the only function that knows build.py's internals; adapt it when
    build.py changes how dbt gets its inputs."""
    from scripts import build  # only needed here

    inputs = build.check_inputs(data_dir)
    database = work_dir / "analytics.duckdb"
    raw_bytes = sum(checked.path.stat().st_size for checked in inputs.files.values())
    env = {**build.dbt_env(database, work_dir, raw_bytes), **build.raw_files_env(inputs, data_dir)}
    args = ["run", "--exclude", "resource_type:seed", "--vars", build.dbt_vars_json(None)]
    return measured(lambda: build.run_dbt([args], env, work_dir, "dbt_run"), timeout)


# --- the analysis, in pandas and in bare DuckDB SQL ----------------------------------


def sales_path(data_dir: Path) -> Path:
    for name in SALES_FILE_NAMES:
        if (data_dir / name).exists():
            return data_dir / name
    raise FileNotFoundError(f"{data_dir}: no sales file ({' or '.join(SALES_FILE_NAMES)})")


def pandas_analysis(data_dir: Path) -> dict[str, float]:
    """The original notebook's steps: read_csv, dropna, to_datetime, qcut, cut."""
    import numpy as np  # imported before the clock starts (analysis_main)
    import pandas as pd

    raw = pd.read_csv(sales_path(data_dir)).drop(columns=["Unnamed: 4"])
    filled = raw.dropna(how="all")
    valid = filled.dropna(subset=["Interaction type"]).copy()
    valid["Time stamp"] = pd.to_datetime(valid["Time stamp"], format="%d/%m/%Y %H:%M")
    customers = pd.read_csv(data_dir / "customer_details.csv")
    amount = customers["Purchase Amount (USD)"]
    tiers = pd.qcut(amount, 4, labels=TIERS)
    ages = pd.cut(customers["Age"], bins=AGE_BINS, labels=AGE_LABELS)
    figures: dict[str, float] = {
        "raw_sales_rows": len(raw),
        "empty_sales_rows": len(raw) - len(filled),
        "missing_interaction_type_rows": len(filled) - len(valid),
        "valid_interactions": len(valid),
        "customers": len(customers),
        "revenue_usd": amount.sum(),
    }
    for kind, count in valid["Interaction type"].value_counts().items():
        figures[f"interactions_{kind}"] = count
    stamps = valid["Time stamp"]
    for month, count in (stamps.dt.year * 100 + stamps.dt.month).value_counts().items():
        figures[f"interactions_{month}"] = count
    for tier, amounts in amount.groupby(tiers, observed=True):
        figures[f"tier_{tier}_customers"] = len(amounts)
        figures[f"tier_{tier}_revenue_usd"] = amounts.sum()
    for bracket, count in ages.value_counts().items():
        figures[f"age_{bracket}_customers"] = count
    ascending = np.sort(amount.to_numpy(dtype=float))
    n, total = len(ascending), ascending.sum()
    figures["gini"] = (n + 1 - 2 * np.cumsum(ascending).sum() / total) / n
    top = -(-n * TOP_PERCENT // 100)
    figures[f"top_{TOP_PERCENT}_percent_revenue_share"] = ascending[n - top :].sum() / total
    return {key: float(value) for key, value in figures.items()}


def duckdb_analysis(data_dir: Path) -> dict[str, float]:
    """The same figures in SQL, DuckDB reading each CSV once, straight from the file."""
    import duckdb

    sales = str(sales_path(data_dir)).replace("'", "''")
    customers = str(data_dir / "customer_details.csv").replace("'", "''")
    con = duckdb.connect()
    con.execute(f"""
        create temp table sales_counts as
        select
            "Interaction type" as interaction_type,
            strftime(
                case when "Interaction type" is not null then strptime("Time stamp", '%d/%m/%Y %H:%M') end,
                '%Y%m'
            ) as month,
            coalesce("user id", "product id", "Interaction type", "Time stamp") is null as is_empty,
            count(*) as rows
        from read_csv('{sales}', header = true, all_varchar = true)
        group by all;
        create temp table customers as
        select "Age" as age, "Purchase Amount (USD)" as amount
        from read_csv('{customers}', header = true);
    """)
    figures: dict[str, float] = {}

    def add(sql: str) -> None:
        figures.update({str(key): float(value) for key, value in con.sql(sql).fetchall()})

    add("""
        unpivot (
            select
                sum(rows) as raw_sales_rows,
                coalesce(sum(rows) filter (where is_empty), 0) as empty_sales_rows,
                coalesce(sum(rows) filter (where interaction_type is null and not is_empty), 0)
                    as missing_interaction_type_rows,
                coalesce(sum(rows) filter (where interaction_type is not null), 0) as valid_interactions
            from sales_counts
        ) on columns(*) into name metric value figure
    """)
    add("""
        select 'interactions_' || interaction_type, sum(rows) from sales_counts
        where interaction_type is not null group by all
    """)
    add("""
        select 'interactions_' || month, sum(rows) from sales_counts
        where interaction_type is not null group by all
    """)
    add("select 'customers', count(*) from customers")
    add("select 'revenue_usd', sum(amount) from customers")
    add(f"""
        with edges as (select quantile_cont(amount, [0.25, 0.5, 0.75]) as q from customers),
        tiered as (
            select amount, case
                when amount <= q[1] then '{TIERS[0]}' when amount <= q[2] then '{TIERS[1]}'
                when amount <= q[3] then '{TIERS[2]}' else '{TIERS[3]}' end as tier
            from customers, edges
        )
        select 'tier_' || tier || '_customers', count(*) from tiered group by tier
        union all
        select 'tier_' || tier || '_revenue_usd', sum(amount) from tiered group by tier
    """)
    add("""
        select 'age_' || case
            when age <= 25 then '18-25' when age <= 35 then '26-35' when age <= 50 then '36-50'
            when age <= 65 then '51-65' else '66+' end || '_customers', count(*)
        from customers where age > 17 group by all
    """)
    gini, top_share = con.execute(f"""
        with totals as (select count(*) as n, sum(amount)::double as total from customers),
        ranked as (select amount::double as amount, row_number() over (order by amount) as position
                   from customers)
        select
            (any_value(n) + 1 - 2 * sum(amount * (n - position + 1)) / any_value(total)) / any_value(n),
            sum(amount) filter (where position > n - ceil(n * {TOP_PERCENT} / 100)) / any_value(total)
        from ranked, totals
    """).fetchone() or (None, None)
    figures["gini"], figures[f"top_{TOP_PERCENT}_percent_revenue_share"] = gini, top_share
    con.close()
    return figures


def figures_agree(a: dict[str, float] | None, b: dict[str, float] | None) -> bool | None:
    if a is None or b is None:
        return None
    return a.keys() == b.keys() and all(math.isclose(a[k], b[k], rel_tol=1e-9, abs_tol=1e-9) for k in a)


def analysis_main(engine: str, data_dir: Path) -> int:
    """--analysis: time one engine's analysis (imports done before the clock starts)."""
    if engine == "pandas":
        import numpy  # noqa: F401
        import pandas  # noqa: F401
    else:
        import duckdb  # noqa: F401
    started = time.monotonic()
    figures = pandas_analysis(data_dir) if engine == "pandas" else duckdb_analysis(data_dir)
    print(json.dumps({"analysis_seconds": time.monotonic() - started, "figures": figures}))
    return 0


# --- the run -----------------------------------------------------------------------


def parse_size(text: str) -> tuple[str, int | None]:
    """'sample' -> ('sample', None); '1M' / '20k' / '2000' -> (label, rows)."""
    text = text.strip()
    if text.lower() == "sample":
        return "sample", None
    multiplier = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    digits = text[:-1] if multiplier > 1 else text
    if not digits.isdigit() or int(digits) < 1:
        raise ValueError(text)
    rows = int(digits) * multiplier
    return size_label(rows), rows


def size_label(rows: int) -> str:
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if rows % unit == 0:
            return f"{rows // unit}{name}"
    return f"{rows:,}"


def count_data_rows(path: Path) -> int:
    """Lines after the header (every generated and sample file ends with a newline)."""
    lines = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 24):
            lines += chunk.count(b"\n")
    return lines - 1


def dbt_floor_project(root: Path) -> Path:
    """A throwaway dbt project with one `select 1` model and its own DuckDB file."""
    project = root / "dbt_floor"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text(
        'name: dbt_floor\nversion: "1.0.0"\nprofile: dbt_floor\nmodel-paths: ["models"]\n'
    )
    (project / "profiles.yml").write_text(
        "dbt_floor:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        f"      path: {json.dumps(str(project / 'floor.duckdb'))}\n      threads: 1\n"
    )
    (project / "models" / "one.sql").write_text("select 1 as one\n")
    return project


def measure_dbt_floor(root: Path, timeout: float) -> Measurement:
    project = dbt_floor_project(root)
    dbt = str(Path(sys.executable).with_name("dbt"))
    argv = [dbt, "build", "--no-partial-parse", "--project-dir", str(project),
            "--profiles-dir", str(project), "--target-path", str(project / "target"),
            "--log-path", str(project / "logs")]  # fmt: skip
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    return measured(lambda: run_command(argv, root / "dbt_floor.log", env), timeout)


def measure_size(
    label: str,
    rows: int | None,
    root: Path,
    steps: list[str],
    timeout: float,
    spark_sizes: list[str],
    customers: str = "sample",
) -> SizeResult:
    work = root / label
    work.mkdir()
    measurements: dict[str, Measurement] = {}

    def step(name: str, measure: Callable[[], Measurement]) -> None:
        if name not in steps:
            measurements[name] = Measurement(note="skipped")
            return
        if name == "spark_build" and label not in spark_sizes:
            measurements[name] = Measurement(note=f"— (--spark-sizes {','.join(spark_sizes) or 'none'})")
            return
        progress(f"{label}: {STEPS[name]} ...")
        measurements[name] = result = measure()
        progress(f"{label}: {STEPS[name]}: {result.cell()}")

    if rows is None:
        data_dir = SEEDS_DIR
        measurements["generate"] = Measurement(note="— (the committed seeds/)")
    else:
        data_dir = work / "data"
        generator = step_command(
            "generate_sample_data", "--sales-rows", str(rows), "--out-dir", str(data_dir)
        )
        if customers == "scaled":
            generator += ["--customers", "scaled"]
        progress(f"{label}: {STEPS['generate']} ...")
        measurements["generate"] = measured(lambda: run_command(generator, work / "generate.log"), timeout)
        progress(f"{label}: {STEPS['generate']}: {measurements['generate'].cell()}")
        if measurements["generate"].error:
            raise SystemExit(f"{PROG}: {data_dir}: {measurements['generate'].error}")
    result = SizeResult(label, count_data_rows(sales_path(data_dir)),
                        count_data_rows(data_dir / "customer_details.csv"))  # fmt: skip
    step("pandas", lambda: measured(lambda: run_analysis("pandas", data_dir, work / "pandas.log"), timeout))
    step("duckdb", lambda: measured(lambda: run_analysis("duckdb", data_dir, work / "duckdb.log"), timeout))
    build_argv = step_command("build", "--data-dir", str(data_dir),
                              "--duckdb-path", str(work / "build" / "analytics.duckdb"))  # fmt: skip
    # a parse cache of its own: the first build parses the whole project, the second reuses it
    build_env = {**os.environ, "DBT_BUILD_PARSE_CACHE": str(work / "parse-cache")}
    for name in ("build", "build_again"):
        log = work / f"{name}.log"
        step(name, lambda log=log: measured(lambda: run_command(build_argv, log, build_env), timeout))
    step("dbt_run", lambda: dbt_run_in_child(data_dir, work / "dbt_run", timeout))
    spark_argv = step_command("build", "--engine", "spark", "--data-dir", str(data_dir),
                              "--duckdb-path", str(work / "spark" / "analytics.duckdb"))  # fmt: skip
    step("spark_build", lambda: measured(lambda: run_command(spark_argv, work / "spark_build.log"), timeout))
    result.steps = measurements
    return result


def dbt_run_in_child(data_dir: Path, work_dir: Path, timeout: float) -> Measurement:
    """dbt_run_alone in a fresh interpreter, so the preparation's memory stays out of this one."""
    work_dir.mkdir()
    argv = step_command("benchmark", "--dbt-run-alone", "--data-dir", str(data_dir),
                        "--work-dir", str(work_dir), "--timeout", str(timeout))  # fmt: skip
    child = subprocess.Popen(argv, cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)  # fmt: skip
    try:
        stdout, stderr = child.communicate(timeout=2 * timeout)  # preparation, then the run
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        return Measurement(error=f"killed after {2 * timeout:.0f} s (preparation and run)")
    except BaseException:
        os.killpg(child.pid, signal.SIGKILL)
        raise
    (work_dir / "benchmark.log").write_text(stdout + stderr)
    if child.returncode != 0:
        last = (stderr.strip().splitlines() or ["no output"])[-1]
        return Measurement(error=f"preparation failed: {last[:200]} (log: {work_dir / 'benchmark.log'})")
    return Measurement(**json.loads(stdout.strip().splitlines()[-1]))


def ratio(numerator: Measurement, parts: list[Measurement]) -> float | None:
    if numerator.seconds is None or any(part.seconds is None for part in parts):
        return None
    denominator = sum(part.seconds or 0.0 for part in parts)
    return numerator.seconds / denominator if denominator > 0 else None


def evaluate(result: SizeResult, floor: Measurement) -> None:
    steps = result.steps
    result.steps["dbt_floor"] = floor
    result.ratios = {
        "build": ratio(steps["build"], [steps["duckdb"], floor]),
        "build_again": ratio(steps["build_again"], [steps["duckdb"], floor]),
        "dbt_run": ratio(steps["dbt_run"], [steps["duckdb"], floor]),
    }
    result.figures_agree = figures_agree(steps["pandas"].figures, steps["duckdb"].figures)
    target = TARGETS.get(result.label)
    if target is not None:
        result.within_target = within(
            target, steps["build"], result.ratios["build"], result.ratios["dbt_run"]
        )
        result.again_within_target = within(
            target, steps["build_again"], result.ratios["build_again"], result.ratios["dbt_run"]
        )


def within(
    target: Target, build: Measurement, build_ratio: float | None, dbt_run_ratio: float | None
) -> bool | None:
    """Whether one full build (and dbt run) meets the size's target; None
    when the build was skipped (not judged, shown as —)."""
    if build.note == "skipped":
        return None
    checks = [build.error is None and build.note is None]
    if target.build_seconds is not None:
        checks.append(build.seconds is not None and build.seconds <= target.build_seconds)
    if target.build_ratio is not None:
        checks.append(build_ratio is not None and build_ratio <= target.build_ratio)
    if target.peak_mb is not None:
        checks.append(build.peak_mb is not None and build.peak_mb <= target.peak_mb)
    if target.dbt_run_ratio is not None:
        checks.append(dbt_run_ratio is not None and dbt_run_ratio <= target.dbt_run_ratio)
    return all(checks)


def target_text(label: str) -> str:
    target = TARGETS.get(label)
    if target is None:
        return "—"
    parts = []
    if target.build_seconds is not None:
        parts.append(f"build ≤ {target.build_seconds:.0f} s")
    if target.build_ratio is not None:
        parts.append(f"build ≤ {target.build_ratio:g}x")
    if target.peak_mb is not None:
        parts.append(f"≤ {format_mb(target.peak_mb)}")
    if target.dbt_run_ratio is not None:
        parts.append(f"dbt run ≤ {target.dbt_run_ratio:g}x")
    return ", ".join(parts)


def markdown(results: list[SizeResult], machine: str, load: str) -> str:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    def yes_no(value: bool | None) -> str:
        return "—" if value is None else ("yes" if value else "**NO**")

    def times(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}x"

    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}; {load}.",
        "",
        row(["", *(r.label for r in results)]),
        row(["---", *("---:" for _ in results)]),
        row(["sales rows · customers", *(f"{r.sales_rows:,} · {r.customers:,}" for r in results)]),
    ]
    lines += [row([text, *(r.steps[name].cell() for r in results)]) for name, text in STEPS.items()]
    lines += [
        row(["build / (bare DuckDB + dbt floor)", *(times(r.ratios["build"]) for r in results)]),
        row(["build again / (bare DuckDB + dbt floor)", *(times(r.ratios["build_again"]) for r in results)]),
        row(["dbt run / (bare DuckDB + dbt floor)", *(times(r.ratios["dbt_run"]) for r in results)]),
        row(
            [
                "Spark build / DuckDB build",
                *(times(ratio(r.steps["spark_build"], [r.steps["build"]])) for r in results),
            ]
        ),
        row(["pandas and DuckDB figures agree", *(yes_no(r.figures_agree) for r in results)]),
        row(["target (issue 8)", *(target_text(r.label) for r in results)]),
        row(["within target: build without saved parse", *(yes_no(r.within_target) for r in results)]),
        row(["within target: build again", *(yes_no(r.again_within_target) for r in results)]),
    ]
    return "\n".join(lines)


def machine_description() -> str:
    memory_kb = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    return f"{os.cpu_count()} cores, {memory_kb / 1024**2:.0f} GB, {platform.system()} {platform.machine()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help="comma-separated sizes: 'sample' (the committed seeds) or sales rows such as 2000, 20k, "
        f"1M (default: {DEFAULT_SIZES})",
    )
    parser.add_argument("--with-100m", action="store_true", help="add 100M sales rows (~20 GB of disk)")
    parser.add_argument(
        "--skip",
        default="",
        metavar="STEPS",
        help="comma-separated steps not to run (shown as skipped): "
        + ", ".join(name for name in STEPS if name != "generate"),
    )
    parser.add_argument(
        "--spark-sizes",
        default=DEFAULT_SPARK_SIZES,
        metavar="SIZES",
        help="sizes (as in --sizes) at which to also build on Spark; '' for none "
        f"(default: {DEFAULT_SPARK_SIZES}; needs Java 17 and requirements-spark.txt: make java)",
    )
    parser.add_argument(
        "--customers",
        choices=["sample", "scaled"],
        default="sample",
        help="customers in a generated folder: 'sample' (the sample's 3,900 at any size: more "
        "interactions of the same customers; default) or 'scaled' (the sample's ratio, 3,900 per "
        "3,294 sales rows, as issue 8 measured: 11.8M customers at 10M)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--work-dir", type=Path, help="where data and builds go (default: a temporary folder)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder (data, logs, databases)")
    parser.add_argument(
        "--timeout", type=float, default=1800.0, help="kill a step after this many seconds (default: 1800)"
    )
    parser.add_argument("--analysis", choices=["pandas", "duckdb"], help=argparse.SUPPRESS)
    parser.add_argument("--dbt-run-alone", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.analysis:  # internal: one analysis, in its own interpreter
        return analysis_main(args.analysis, args.data_dir)
    if args.dbt_run_alone:  # internal: the dbt run step, in its own interpreter
        print(json.dumps(asdict(dbt_run_alone(args.data_dir, args.work_dir, args.timeout))))
        return 0

    try:
        sizes = [parse_size(text) for text in args.sizes.split(",")]
    except ValueError as error:
        print(f"{PROG}: --sizes: not 'sample' or a number of sales rows: {error}", file=sys.stderr)
        return 2
    if args.with_100m and HUNDRED_MILLION not in [rows for _, rows in sizes]:
        sizes.append(parse_size("100M"))
    skipped = [name.strip() for name in args.skip.split(",") if name.strip()]
    unknown = [name for name in skipped if name not in STEPS or name == "generate"]
    if unknown:
        print(f"{PROG}: --skip: unknown step(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    steps = [name for name in STEPS if name not in skipped]
    try:
        spark_sizes = [parse_size(text)[0] for text in args.spark_sizes.split(",") if text.strip()]
    except ValueError as error:
        print(f"{PROG}: --spark-sizes: not 'sample' or a number of sales rows: {error}", file=sys.stderr)
        return 2

    if args.work_dir:
        args.work_dir.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="benchmark-", dir=args.work_dir))
    load_before = os.getloadavg()[0]
    try:
        if "dbt_floor" in steps:
            progress(f"{STEPS['dbt_floor']} ...")
            floor = measure_dbt_floor(root, args.timeout)
            progress(f"{STEPS['dbt_floor']}: {floor.cell()}")
        else:
            floor = Measurement(note="skipped")
        results = []
        for label, rows in sizes:
            result = measure_size(label, rows, root, steps, args.timeout, spark_sizes, args.customers)
            evaluate(result, floor)
            results.append(result)
            if not args.keep:
                shutil.rmtree(root / label, ignore_errors=True)
    finally:
        if args.keep:
            progress(f"work folder kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    machine = machine_description()
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (1 min)"
    print(markdown(results, machine, load))
    if args.json:
        payload = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine,
            "load": load,
            "sizes": [asdict(result) for result in results],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    failed = any(m.error for r in results for m in r.steps.values())
    return 1 if failed or any(r.within_target is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
