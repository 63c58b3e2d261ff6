"""The marts are also published as Parquet, which clients without DuckDB 2 read.

- every table of schema marts is <stem>_parquet/<table>.parquet beside the
  published file, with the same rows (small fixture build);
- a DuckDB 1.x client, installed from the package registry into a throwaway
  venv, cannot open the published DuckDB 2 file (the README says so) but
  reads the Parquet key_findings with the same values;
- publish() swaps the Parquet folder in with the database: the symlink
  moves atomically, older versions are pruned to the current one and the one
  before, a failed database rename puts the link back, and a folder someone
  put at the Parquet name stops the publish before anything moves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from conftest import BuildResult

from scripts import build as build_script

# A DuckDB 1.x client: prints key_findings read from the Parquet file, and the
# error it gets opening the DuckDB file, as JSON.
OLD_CLIENT = textwrap.dedent(
    """
    import json, sys
    import duckdb
    parquet, database = sys.argv[1], sys.argv[2]
    rows = duckdb.sql(
        f"select metric, value, unit from read_parquet('{parquet}') order by metric"
    ).fetchall()
    try:
        duckdb.connect(database, read_only=True).close()
        error = None
    except Exception as exc:  # the expected outcome
        error = str(exc)
    print(json.dumps({"version": duckdb.__version__, "rows": rows, "error": error}))
    """
)


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        name
        for (name,) in con.sql(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name"
        ).fetchall()
    ]


def parquet_dir(result: BuildResult) -> Path:
    return result.duckdb_path.with_name(f"{result.duckdb_path.stem}_parquet")


def test_every_mart_is_a_parquet_file_with_the_same_rows(small_build: BuildResult) -> None:
    folder = parquet_dir(small_build)
    assert folder.is_symlink()
    assert folder.is_dir()
    with small_build.connect() as con:
        tables = mart_tables(con)
        assert sorted(path.stem for path in folder.glob("*.parquet")) == tables
        for table in tables:
            path = str(folder / f"{table}.parquet")
            published = f"select * from marts.{table}"
            exported = f"select * from read_parquet('{path}')"
            assert con.sql(exported).columns == con.sql(published).columns, table
            assert con.sql(exported).types == con.sql(published).types, table
            # the same rows, each as many times: no row left over either way
            for left, right in ((published, exported), (exported, published)):
                difference = con.sql(f"select count(*) from ({left} except all {right})")
                assert difference.fetchall() == [(0,)], table


@pytest.fixture(scope="module")
def old_duckdb_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway venv with the newest DuckDB 1.x from the package registry."""
    venv = tmp_path_factory.mktemp("duckdb1") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "duckdb<2"],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode != 0:
        lines = (install.stderr or install.stdout).strip().splitlines() or ["no output"]
        message = f"cannot install duckdb<2 from the package registry: {lines[-1]}"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI is set: the DuckDB 1.x client must be checked)")
        pytest.skip(message)
    return python


def test_a_duckdb_1_client_reads_the_parquet_key_findings(
    small_build: BuildResult, old_duckdb_python: Path
) -> None:
    parquet = parquet_dir(small_build) / "key_findings.parquet"
    result = subprocess.run(
        [str(old_duckdb_python), "-c", OLD_CLIENT, str(parquet), str(small_build.duckdb_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["version"].startswith("1."), seen["version"]
    # the README's claim: a 1.x client cannot open the DuckDB 2 file
    assert seen["error"] is not None
    assert "version number" in seen["error"], seen["error"]
    expected = small_build.query("select metric, value, unit from marts.key_findings order by metric")
    assert [tuple(row) for row in seen["rows"]] == expected


# -- publish(): the swap, unit level (tiny files, no dbt) ---------------------


def make_build(work: Path, marker: int) -> tuple[Path, Path]:
    """A build file and its Parquet export holding `marker`."""
    work.mkdir()
    build_db = work / "analytics.duckdb"
    with duckdb.connect(str(build_db)) as con:
        con.execute(f"create table marker as select {marker} as value")
    parquet = work / "parquet"
    parquet.mkdir()
    (parquet / "marker.parquet").write_text(str(marker))
    return build_db, parquet


def published_markers(published: Path) -> tuple[int, str]:
    with duckdb.connect(str(published), read_only=True) as con:
        (database,) = con.execute("select value from marker").fetchone()
    link = published.with_name("analytics_parquet")
    return database, (link / "marker.parquet").read_text()


def versions(directory: Path) -> list[str]:
    return sorted(entry.name for entry in directory.iterdir() if entry.name.startswith(".analytics_parquet."))


def test_publish_swaps_the_parquet_link_and_keeps_two_versions(tmp_path: Path) -> None:
    published = tmp_path / "out" / "analytics.duckdb"
    published.parent.mkdir()
    seen_versions = []
    for marker in (1, 2, 3):
        build_db, parquet = make_build(tmp_path / f"work{marker}", marker)
        build_script.publish(build_db, published, parquet)
        assert published_markers(published) == (marker, str(marker))
        link = published.with_name("analytics_parquet")
        assert link.is_symlink()
        assert not os.readlink(link).startswith("/")
        seen_versions.append(os.readlink(link))
    # the first version is pruned; the current one and the one before stay
    assert versions(published.parent) == sorted(seen_versions[1:])


def test_a_failed_database_rename_puts_the_parquet_link_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = tmp_path / "out" / "analytics.duckdb"
    published.parent.mkdir()
    first_db, first_parquet = make_build(tmp_path / "work1", 1)
    build_script.publish(first_db, published, first_parquet)
    build_db, parquet = make_build(tmp_path / "work2", 2)
    real_replace = os.replace

    def failing_replace(source: os.PathLike[str], target: os.PathLike[str]) -> None:
        if Path(target) == published:
            raise OSError("disk on fire")
        real_replace(source, target)

    monkeypatch.setattr(build_script.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk on fire"):
        build_script.publish(build_db, published, parquet)
    assert published_markers(published) == (1, "1")


def test_a_folder_at_the_parquet_name_stops_the_publish(tmp_path: Path) -> None:
    published = tmp_path / "out" / "analytics.duckdb"
    published.parent.mkdir()
    build_db, _ = make_build(tmp_path / "work1", 1)
    build_script.publish(build_db, published)  # no Parquet: the name stays free
    foreign = published.with_name("analytics_parquet")
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    build_db, parquet = make_build(tmp_path / "work2", 2)
    with pytest.raises(build_script.BuildError, match="is not the build's Parquet link"):
        build_script.publish(build_db, published, parquet)
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select value from marker").fetchone() == (1,)
    assert (foreign / "notes.txt").read_text() == "mine"
    assert parquet.is_dir()
    assert build_db.is_file()
