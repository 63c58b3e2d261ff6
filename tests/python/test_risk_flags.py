"""Risk monitors: risk_flags lists every monitor, its statuses follow the
thresholds in dbt_project.yml, each monitor family is a warn-level dbt test,
`make build` prints the breaches, changing a threshold var flips a status,
and an even spread is never a segment breach (season is ok on the sample and
the reference; constructed spreads for N = 2, 4, 8 are the dbt unit tests in
models/marts/concentration/_concentration__models.yml).

The var changes run dbt directly on a copy of the sample build (only
risk_flags and its tests are rebuilt), not a whole new build; one build of
the small fixture proves `make build VARS=...` reaches the monitors.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_DIR, SMALL_FIXTURE_DIR, BuildResult, run_dbt, run_make_build

MODELS_YAML = PROJECT_DIR / "models" / "marts" / "concentration" / "_concentration__models.yml"
# Monitors outside segment_concentration: (family, subject).
SINGLE_MONITORS = {
    ("top_customers_revenue_share", "customers"),
    ("largest_customer_revenue_share", "customers"),
    ("weekday_hour_cell_share", "interactions"),
}
SEGMENT_FAMILIES = ("segment_normalized_hhi", "segment_top_share")


def project_vars() -> dict:
    return yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]


def risk_flags(build: BuildResult) -> list[dict]:
    with build.connect() as con:
        relation = con.sql("select * from marts.risk_flags")
        return [dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall()]


def status_for(value: float | None, threshold: float) -> str:
    if value is None:
        return "no_data"
    return "breach" if value > threshold else "ok"


@pytest.fixture(scope="module", params=["sample", "reference"])
def any_build(request: pytest.FixtureRequest) -> BuildResult:
    return request.getfixturevalue(f"{request.param}_build")


def test_risk_flags_lists_every_monitor(any_build: BuildResult) -> None:
    segment_keys = [
        key for (key,) in any_build.query("select concentration_key from marts.segment_concentration")
    ]
    expected = {f"{family}:{key}" for family in SEGMENT_FAMILIES for key in segment_keys} | {
        f"{family}:{subject}" for family, subject in SINGLE_MONITORS
    }
    flags = risk_flags(any_build)
    assert sorted(flag["monitor_key"] for flag in flags) == sorted(expected)
    assert all(flag["monitor_key"] == f"{flag['risk_monitor']}:{flag['subject']}" for flag in flags)


def test_statuses_follow_values_and_the_project_thresholds(any_build: BuildResult) -> None:
    variables = project_vars()
    findings = any_build.key_findings()
    segments = dict(any_build.query("select concentration_key, segments from marts.segment_concentration"))
    for flag in risk_flags(any_build):
        key = flag["monitor_key"]
        threshold = float(variables[flag["threshold_var"]])
        if flag["risk_monitor"] == "segment_top_share" and segments[flag["subject"]]:
            # never below an even share: the largest of N equal segments holds 1 / N
            threshold = max(threshold, 1 / segments[flag["subject"]])
        assert flag["threshold"] == pytest.approx(threshold, rel=1e-12), key
        assert flag["comparison"] == ">", key
        assert flag["status"] == status_for(flag["metric_value"], flag["threshold"]), key
        if flag["metric_value"] is not None:
            # the monitored value is the published key finding of the same name
            assert findings[flag["metric"]] == pytest.approx(flag["metric_value"], rel=1e-12), key


def test_every_monitor_family_is_a_warn_level_dbt_test(sample_build: BuildResult) -> None:
    models = {model["name"]: model for model in yaml.safe_load(MODELS_YAML.read_text())["models"]}
    tests = {
        test["arguments"]["monitor"]: test
        for test in models["risk_flags"]["data_tests"]
        if test.get("test_name") == "risk_monitor_not_breached"
    }
    families = {flag["risk_monitor"] for flag in risk_flags(sample_build)}
    assert sorted(tests) == sorted(families)
    for family, test in tests.items():
        assert test["name"] == f"risk_{family}"
        assert test["config"]["severity"] == "warn"


def test_build_prints_a_summary_of_the_breaches(sample_build: BuildResult) -> None:
    flags = risk_flags(sample_build)
    breaches = [flag["monitor_key"] for flag in flags if flag["status"] == "breach"]
    assert breaches, "the sample should breach at least one monitor (docs/concentration_and_risk.md)"
    summary = [line for line in sample_build.stdout.splitlines() if "risk monitors:" in line]
    assert len(summary) == 1
    assert f"{len(flags)} checked, {len(breaches)} breached" in summary[0]
    breach_lines = [line for line in sample_build.stdout.splitlines() if "BREACH " in line]
    assert sorted(line.split("BREACH ")[1].split(":", 2)[0:2] for line in breach_lines) == sorted(
        key.split(":") for key in breaches
    )
    # shares are printed as percentages (key_findings' unit), e.g. "= 12.34 % > 10.00 %"
    share_breaches = [
        flag for flag in flags if flag["status"] == "breach" and flag["metric"].endswith("_share")
    ]
    assert share_breaches
    for flag in share_breaches:
        [line] = [line for line in breach_lines if f"BREACH {flag['monitor_key']}:" in line]
        value, threshold = flag["metric_value"] * 100, flag["threshold"] * 100
        assert f"{flag['metric']} = {value:.2f} % > {threshold:.2f} % ({flag['threshold_var']})" in line


def test_changing_a_threshold_var_flips_statuses(sample_build: BuildResult, tmp_path: Path) -> None:
    database = tmp_path / sample_build.duckdb_path.name  # views name the database after the file
    shutil.copy(sample_build.duckdb_path, database)
    before = {flag["monitor_key"]: flag for flag in risk_flags(sample_build)}
    cell = before["weekday_hour_cell_share:interactions"]
    assert cell["status"] == "ok"
    breached_shares = [
        key
        for key, flag in before.items()
        if key.startswith("segment_top_share:") and flag["status"] == "breach"
    ]
    assert breached_shares
    # below the busiest cell's share: must breach; a share of 1 cannot be exceeded: every share is ok
    new_vars = {"risk_max_weekday_hour_cell_share": cell["metric_value"] / 2, "risk_max_segment_share": 1}
    result = run_dbt(
        # the YAML-vs-relations check also checks the raw seeds, absent from a build file
        [
            "build",
            "--select",
            "risk_flags",
            "--exclude",
            "assert_yaml_documents_every_column",
            "--vars",
            yaml.safe_dump(new_vars),
        ],
        database,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    after = {flag["monitor_key"]: flag for flag in risk_flags(BuildResult(0, "", "", database))}
    assert after["weekday_hour_cell_share:interactions"]["status"] == "breach"
    assert after["weekday_hour_cell_share:interactions"]["threshold"] == pytest.approx(
        cell["metric_value"] / 2
    )
    assert {key: after[key]["status"] for key in breached_shares} == dict.fromkeys(breached_shares, "ok")
    unchanged = set(before) - {"weekday_hour_cell_share:interactions", *breached_shares}
    assert {key: after[key]["status"] for key in unchanged} == {
        key: before[key]["status"] for key in unchanged
    }
    # the dbt test of the family now warns, and a warning does not fail the run
    warned = [
        line
        for line in result.stdout.splitlines()
        if "WARN" in line and "risk_weekday_hour_cell_share" in line
    ]
    assert warned, result.stdout


def test_make_build_passes_vars_through_to_the_monitors(tmp_path: Path) -> None:
    # The README's command with VARS (one value quoted, so the quoting must
    # survive the Makefile): a threshold above the project's default.
    default = float(project_vars()["risk_max_segment_share"])
    raised = default + 0.1
    result = run_make_build(
        SMALL_FIXTURE_DIR,
        tmp_path / "analytics.duckdb",
        f"VARS={{risk_max_segment_share: {raised}, spending_tier_method: 'ntile'}}",
        "BUILD_ARGS=--no-site",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    segments = dict(result.query("select concentration_key, segments from marts.segment_concentration"))
    shares = [flag for flag in risk_flags(result) if flag["risk_monitor"] == "segment_top_share"]
    assert shares
    for flag in shares:
        assert flag["threshold"] == pytest.approx(max(raised, 1 / segments[flag["subject"]])), flag
        assert flag["status"] == status_for(flag["metric_value"], flag["threshold"]), flag
    # a monitor the project's default would breach is ok with the raised threshold
    assert [flag for flag in shares if default < flag["metric_value"] <= raised and flag["status"] == "ok"]
    [(method,)] = result.query("select distinct spending_tier_method from marts.spending_tiers")
    assert method == "ntile"
    assert not (tmp_path / "site").exists()  # BUILD_ARGS=--no-site reached the build too


def test_a_threshold_that_is_not_a_number_stops_dbt_naming_the_var(
    sample_build: BuildResult, tmp_path: Path
) -> None:
    database = tmp_path / sample_build.duckdb_path.name  # views name the database after the file
    shutil.copy(sample_build.duckdb_path, database)
    result = run_dbt(
        ["compile", "--select", "risk_flags", "--vars", "{risk_max_segment_share: forty percent}"],
        database,
        tmp_path,
    )
    assert result.returncode != 0
    assert "var 'risk_max_segment_share' must be a number" in result.stdout + result.stderr


def test_season_is_not_a_segment_breach(any_build: BuildResult) -> None:
    # Season's four segments are nearly even (raw HHI ~2,500.6, the even floor
    # of four segments is 2,500): the normalised HHI is close to 0.
    flags = {flag["monitor_key"]: flag for flag in risk_flags(any_build)}
    season = flags["segment_normalized_hhi:season_revenue"]
    assert season["status"] == "ok"
    [(segments, hhi, normalized)] = any_build.query(
        "select segments, hhi, normalized_hhi from marts.segment_concentration "
        "where concentration_key = 'season_revenue'"
    )
    assert segments == 4
    assert hhi > 2500
    assert normalized == pytest.approx((hhi - 10000 / segments) / (1 - 1 / segments), rel=1e-12)
    assert flags["segment_top_share:season_revenue"]["status"] == "ok"
