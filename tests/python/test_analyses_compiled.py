"""`make analyses` turns the example queries of analyses/ into plain SQL that
runs, read-only, on the published database (small fixture build): one file
per analysis, naming the published database, piped into `make query`'s
script as an analyst would, with the columns analyses/_analyses.yml
documents."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import OUTER_MAKE_VARIABLES, PROJECT_DIR, BuildResult

from scripts.project_paths import step_command

ANALYSES = PROJECT_DIR / "analyses"


def documented_columns() -> dict[str, list[str]]:
    spec = yaml.safe_load((ANALYSES / "_analyses.yml").read_text())
    return {item["name"]: [column["name"] for column in item["columns"]] for item in spec["analyses"]}


@pytest.fixture(scope="module")
def compiled(small_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("analyses")
    env = {key: value for key, value in os.environ.items() if key not in OUTER_MAKE_VARIABLES}
    result = subprocess.run(
        ["make", "--no-print-directory", "analyses", f"ANALYSES_DIR={out}",
         f"DUCKDB_PATH={small_build.duckdb_path}"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(result.stdout.split()) == sorted(str(out / path.name) for path in ANALYSES.glob("*.sql"))
    return out


def test_every_analysis_is_compiled_naming_the_published_database(compiled: Path) -> None:
    assert sorted(path.name for path in compiled.glob("*.sql")) == sorted(
        path.name for path in ANALYSES.glob("*.sql")
    )
    for path in compiled.glob("*.sql"):
        text = path.read_text()
        assert "{{" not in text, path.name
        assert "{%" not in text, path.name
        assert '"analytics"."marts".' in text, path.name


@pytest.mark.parametrize("name", sorted(documented_columns()))
def test_compiled_analysis_runs_read_only_with_its_documented_columns(
    compiled: Path, small_build: BuildResult, name: str
) -> None:
    sql = (compiled / f"{name}.sql").read_text()
    # as an analyst pipes it into the read-only prompt
    piped = subprocess.run(
        step_command("query", "--duckdb-path", str(small_build.duckdb_path)),
        cwd=PROJECT_DIR, input=sql, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert piped.returncode == 0, piped.stdout + piped.stderr
    with duckdb.connect(str(small_build.duckdb_path), read_only=True) as con:
        relation = con.sql(sql.rstrip().rstrip(";"))
        assert relation.columns == documented_columns()[name]
        assert relation.fetchall(), f"{name} returns no rows on the small fixture"
