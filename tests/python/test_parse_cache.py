"""A build reuses dbt's parse of the last build, and a stale parse never
gives a stale result.

scripts/build.py keeps dbt's partial_parse.msgpack of the last build in the
project (target/build-parse/, per published file name) and copies it into
the new work folder, so dbt parses only the files that changed. dbt decides
what is stale; these tests show that its decision reaches the built
database: an edited model and an edited YAML description are picked up; a
new data folder (its file paths are env vars) makes dbt parse only the
files reading them, also for another published file, and is honoured; new
vars mean a full parse and are honoured.

The builds run in a copy of the project (a model is edited there), one
after the other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
from conftest import PROJECT_DIR, SEEDS_DIR, SMALL_FIXTURE_DIR

# What a copy of the project needs to build (python -m scripts.build, run in
# the copy, takes the project folder from its own place).
PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "analyses", "tests/generic",
                 "tests/singular", "scripts", "gx", "seeds")  # fmt: skip


def copy_project(target: Path) -> Path:
    for part in PROJECT_PARTS:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(
                source, target / part, ignore=shutil.ignore_patterns("uncommitted", "__pycache__")
            )
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / part)
    return target


def build(project: Path, data_dir: Path, published: Path, *args: str) -> str:
    """One build of the copy, work folder kept; returns its dbt debug log
    (DBT_LOG_LEVEL_FILE=debug: a build logs at info level otherwise)."""
    result = subprocess.run(
        [sys.executable, "-m", "scripts.build", "--data-dir", str(data_dir),
         "--duckdb-path", str(published), "--keep-work-dir", "--no-site", *args],
        cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "DBT_LOG_LEVEL_FILE": "debug"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return (published.with_name(published.name + ".building") / "logs" / "dbt.log").read_text()


def query(published: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_a_rebuild_parses_only_what_changed_and_honours_vars_and_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    published = tmp_path / "out" / "analytics.duckdb"

    first = build(project, SMALL_FIXTURE_DIR, published)
    assert "Unable to do partial parsing because saved manifest not found" in first
    assert (project / "target" / "build-parse" / "build-analytics.duckdb.msgpack").is_file()

    # an edited model SQL and an edited YAML description
    model = project / "models" / "marts" / "build_info.sql"
    model.write_text(model.read_text().replace("""as data_dir,""", """|| ' (edited)' as data_dir,""", 1))
    properties = project / "models" / "marts" / "_marts__models.yml"
    text = properties.read_text()
    assert "What this database was built from: the data folder" in text
    properties.write_text(
        text.replace("What this database was built from: the data folder", "Edited: the data folder")
    )
    second = build(project, SMALL_FIXTURE_DIR, published)
    assert "Unable to do partial parsing" not in second
    assert "Partial parsing enabled: 0 files deleted, 0 files added, 2 files changed." in second
    assert query(published, "select data_dir from marts.build_info") == [(f"{SMALL_FIXTURE_DIR} (edited)",)]
    [(comment,)] = query(
        published,
        "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'build_info'",
    )
    assert comment.startswith("Edited: the data folder")

    # another data folder (its file paths are env vars), published elsewhere:
    # dbt parses only the files reading them, and reads the new files
    elsewhere = tmp_path / "elsewhere" / "analytics.duckdb"
    third = build(project, SEEDS_DIR, elsewhere)
    assert "Unable to do partial parsing" not in third
    assert (
        "Partial parsing: updated file: ecommerce_concentration://models/staging/_staging__sources.yml"
        in third
    )
    assert query(elsewhere, "select data_dir from marts.build_info") == [(f"{SEEDS_DIR} (edited)",)]
    [(raw_rows,)] = query(elsewhere, "select raw_rows from marts.row_accounting where source = 'sales_data'")
    with open(SEEDS_DIR / "sales_data.csv", "rb") as handle:
        assert raw_rows == sum(1 for _ in handle) - 1  # the sample has no quoted line breaks

    # new vars: dbt parses again in full and follows them
    fourth = build(project, SEEDS_DIR, published, "--vars", "{risk_max_segment_share: 0.55}")
    assert "Unable to do partial parsing because config vars" in fourth
    assert query(published, "select data_dir from marts.build_info") == [(f"{SEEDS_DIR} (edited)",)]
    thresholds = query(
        published,
        "select distinct threshold from marts.risk_flags where monitor_key like 'segment_top_share:%'",
    )
    assert thresholds == [(0.55,)]
