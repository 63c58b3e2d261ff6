"""scripts/benchmark.py: every row of its table at a tiny size, and how it measures a step.

No timing is asserted here (the targets live in the benchmark itself). The
full build is skipped at the tiny size (other tests build); `dbt run` alone is
not, because it is the step coupled to build.py's internals.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import PROJECT_DIR

from scripts import benchmark, generate_sample_data
from scripts.project_paths import step_command


def run_benchmark(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        step_command("benchmark", *args), cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict]:
    json_path = tmp_path_factory.mktemp("benchmark") / "benchmark.json"
    result = run_benchmark("--sizes", "2000", "--skip", "build,build_again", "--json", str(json_path))
    assert result.returncode == 0, result.stdout + result.stderr
    return result, json.loads(json_path.read_text())


def table_rows(markdown: str) -> dict[str, list[str]]:
    rows = [line.strip("|").split(" | ") for line in markdown.splitlines() if line.startswith("|")]
    return {cells[0].strip(): [cell.strip() for cell in cells[1:]] for cells in rows}


def test_table_has_every_row(tiny) -> None:
    result, _ = tiny
    rows = table_rows(result.stdout)
    assert rows[""] == ["2k"]
    assert rows["sales rows · customers"][0].startswith("2,000 · ")
    for label in benchmark.STEPS.values():
        assert label in rows, f"no row for {label}"
    for label in (
        "build / (bare DuckDB + dbt floor)",
        "dbt run / (bare DuckDB + dbt floor)",
        "pandas and DuckDB figures agree",
        "build again / (bare DuckDB + dbt floor)",
        "target (issue 8)",
        "within target: build without saved parse",
        "within target: build again",
    ):
        assert label in rows, f"no row for {label}"
    assert rows[benchmark.STEPS["build"]] == rows[benchmark.STEPS["build_again"]] == ["skipped"]
    assert rows["build / (bare DuckDB + dbt floor)"] == ["—"]
    for step in ("generate", "dbt_run", "pandas", "duckdb", "dbt_floor"):
        assert rows[benchmark.STEPS[step]][0].endswith("MB"), rows[benchmark.STEPS[step]]
    assert rows["dbt run / (bare DuckDB + dbt floor)"][0].endswith("x")
    assert rows["pandas and DuckDB figures agree"] == ["yes"]


def test_json_holds_the_same_measurements(tiny) -> None:
    _, report = tiny
    (size,) = report["sizes"]
    assert (size["label"], size["sales_rows"]) == ("2k", 2000)
    for step in ("generate", "dbt_run", "pandas", "duckdb", "dbt_floor"):
        measurement = size["steps"][step]
        assert measurement["error"] is None, (step, measurement)
        assert measurement["seconds"] > 0
        assert measurement["peak_mb"] > 10, "a Python or dbt process has more than 10 MB resident"
    assert size["steps"]["pandas"]["figures"]["raw_sales_rows"] == 2000
    assert size["ratios"]["dbt_run"] > 0


# Run in a fresh interpreter: a child's peak RSS includes its parent's
# resident size at exec, and this test process (pytest with duckdb, pandas and
# GX loaded) is far larger than scripts/benchmark.py ever is.
MEASURE_STEPS = """
import json, sys
from pathlib import Path
from scripts import benchmark

def quiet(argv):
    return benchmark.run_command(argv, Path("/dev/null"))

allocate = "b = bytearray(300 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"
grandchild = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {allocate!r}], check=True)"
big = benchmark.measured(lambda: quiet([sys.executable, "-c", grandchild]), timeout=60)
small = benchmark.measured(lambda: quiet([sys.executable, "-c", "pass"]), timeout=60)
slow = benchmark.measured(lambda: quiet(["sleep", "30"]), timeout=1)
print(json.dumps({name: [step.error, step.peak_mb] for name, step in
                  (("big", big), ("small", small), ("slow", slow))}))
"""


def test_a_step_peak_is_its_largest_descendant_and_a_slow_step_is_killed() -> None:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE_STEPS],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    steps = json.loads(result.stdout.splitlines()[-1])
    big_error, big_peak = steps["big"]
    assert big_error is None
    assert big_peak >= 300, "the grandchild's 300 MB is the step's peak"
    small_error, small_peak = steps["small"]
    assert small_error is None
    assert small_peak < 150, "measurements do not leak between steps"
    slow_error, _ = steps["slow"]
    assert slow_error is not None
    assert "killed" in slow_error


@pytest.mark.parametrize(
    ("args", "named"),
    [(["--sizes", "0"], "--sizes"), (["--sizes", "huge"], "--sizes"), (["--skip", "nope"], "--skip")],
)
def test_bad_arguments_fail_with_one_line(args: list[str], named: str) -> None:
    result = run_benchmark(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]


def test_scaled_customers_keep_the_samples_ratio() -> None:
    """--customers scaled: the generated folder has the sample's 3,900 customers per 3,294 sales rows."""
    assert generate_sample_data.sample_ratio_customers(3294) == generate_sample_data.N_CUSTOMERS
    customers = generate_sample_data.sample_ratio_customers(2000)
    assert customers != generate_sample_data.N_CUSTOMERS
    every_step_but_generating = ",".join(name for name in benchmark.STEPS if name != "generate")
    result = run_benchmark("--sizes", "2000", "--customers", "scaled", "--skip", every_step_but_generating)
    assert result.returncode == 0, result.stdout + result.stderr
    assert table_rows(result.stdout)["sales rows · customers"] == [f"2,000 · {customers:,}"]


def test_help() -> None:
    result = run_benchmark("--help")
    assert result.returncode == 0
    for option in ("--sizes", "--with-100m", "--json", "--skip", "--customers"):
        assert option in result.stdout


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("sample", ("sample", None)),
        ("1M", ("1M", 1_000_000)),
        ("20k", ("20k", 20_000)),
        ("2000", ("2k", 2000)),
        ("1234", ("1,234", 1234)),
    ],
)
def test_sizes_parse_to_labels_that_find_their_target(text: str, parsed: tuple[str, int | None]) -> None:
    assert benchmark.parse_size(text) == parsed


def size_with(
    label: str, build: float, dbt_run: float, peak_mb: float, again: float | None = None
) -> benchmark.SizeResult:
    result = benchmark.SizeResult(label, 0, 0)
    result.steps = {
        "build": benchmark.Measurement(seconds=build, peak_mb=peak_mb),
        "build_again": benchmark.Measurement(seconds=build if again is None else again, peak_mb=peak_mb),
        "dbt_run": benchmark.Measurement(seconds=dbt_run, peak_mb=100),
        "pandas": benchmark.Measurement(seconds=20, peak_mb=100, figures={"a": 1.0}),
        "duckdb": benchmark.Measurement(seconds=6, peak_mb=100, figures={"a": 1.0}),
    }
    benchmark.evaluate(result, benchmark.Measurement(seconds=4, peak_mb=100))
    return result


def test_targets_use_the_ratio_to_bare_duckdb_plus_dbt_floor() -> None:
    within = size_with("10M", build=49, dbt_run=14, peak_mb=1900)
    assert within.ratios == {"build": 4.9, "build_again": 4.9, "dbt_run": 1.4}
    assert within.figures_agree is True
    assert within.within_target is True
    assert size_with("10M", build=51, dbt_run=14, peak_mb=1900).within_target is False
    assert size_with("10M", build=49, dbt_run=16, peak_mb=1900).within_target is False
    assert size_with("10M", build=49, dbt_run=14, peak_mb=2100).within_target is False
    assert size_with("20k", build=490, dbt_run=140, peak_mb=21000).within_target is None, "no target"
    # the first build (a full dbt parse) and the repeat build are judged apart
    first_slow = size_with("sample", build=17, dbt_run=8, peak_mb=300, again=12)
    assert (first_slow.within_target, first_slow.again_within_target) == (False, True)
    both_slow = size_with("sample", build=17, dbt_run=8, peak_mb=300, again=16)
    assert (both_slow.within_target, both_slow.again_within_target) == (False, False)
    # a skipped build is not judged (—), whatever the other build did
    skipped_again = size_with("sample", build=17, dbt_run=8, peak_mb=300)
    skipped_again.steps["build_again"] = benchmark.Measurement(note="skipped")
    benchmark.evaluate(skipped_again, benchmark.Measurement(seconds=4, peak_mb=100))
    assert (skipped_again.within_target, skipped_again.again_within_target) == (False, None)
