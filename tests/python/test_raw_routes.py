"""The two ways raw data reaches staging give the same result.

- seeds: a plain `dbt seed` + `dbt run` loads the files as dbt seeds (agate),
  as the design card has it for the committed sample;
- files in place: `make build` (scripts/build.py) has DuckDB read the files
  where they lie through the dbt-duckdb source raw_files.

One staging SQL serves both (macro raw_source). Every mart must be equal,
row for row, on the sample and on the hostile rows fixture (whose one short
row the seed loader cannot take: see copy_padding_short_rows). And the file
route must number rows in file order even when DuckDB reads a large file
with several threads.
"""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES_DIR, PROJECT_DIR, SEEDS_DIR, run_build, run_dbt

from scripts.build import raw_files_env
from scripts.inputs import check_inputs

# What a copy of the project needs to run dbt (the seeds are replaced).
PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "analyses", "tests/generic")


def seed_route_build(data_dir: Path, work_dir: Path) -> Path:
    """`dbt seed` + `dbt run` in a copy of the project whose seeds/ holds the
    data folder's three files; returns the database."""
    project = work_dir / "project"
    for part in PROJECT_PARTS:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            (project / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, project / part)
    (project / "seeds").mkdir()
    for source in check_inputs(data_dir).files.values():
        canonical = "sales_data.csv" if source.path.name.startswith("E-commerece") else source.path.name
        copy_padding_short_rows(source.path, project / "seeds" / canonical)
    database = work_dir / "analytics.duckdb"
    for command in (["seed"], ["run"]):
        result = run_dbt(command, database, work_dir, project_dir=project)
        assert result.returncode == 0, result.stdout[-3000:]
    return database


def copy_padding_short_rows(source: Path, target: Path) -> None:
    """Copy a raw file, byte for byte unless a row has fewer fields than the
    header: dbt-duckdb's seed loader rejects such a file outright, where the
    file route pads the row with nulls. Padding it with empty fields (which
    load as null) gives the seed route the same data to compare."""
    with open(source, newline="", encoding="utf-8-sig") as handle:
        records = list(csv.reader(handle))
    width = len(records[0])
    if all(len(record) in (0, width) for record in records):
        shutil.copy(source, target)
        return
    with open(target, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(record + [""] * (width - len(record)) for record in records if record)


def mart_rows(database: Path) -> dict[str, list[tuple]]:
    """Every marts table, rows sorted."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        return {
            table: sorted(con.execute(f"select * from marts.{table}").fetchall(), key=sort_key)
            for table in tables
        }


def sort_key(row: tuple) -> tuple:
    return tuple((value is None, str(value)) for value in row)


def same_value(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12)
    return left == right


@pytest.mark.parametrize(
    "data_dir", [SEEDS_DIR, FIXTURES_DIR / "hostile" / "rows"], ids=["sample", "hostile"]
)
def test_seed_route_and_file_route_give_the_same_marts(data_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir, data, ignore=shutil.ignore_patterns("expected_*"))
    files = run_build(data, tmp_path / "files" / "analytics.duckdb", "--no-site")
    assert files.returncode == 0, files.stdout[-3000:] + files.stderr
    from_seeds = mart_rows(seed_route_build(data, tmp_path / "seeds"))
    from_files = mart_rows(files.duckdb_path)
    # build_info says which route built the marts (data folder, sample flag);
    # the period covered is data, the same on both routes
    [(seed_dir, seed_is_sample, *seed_period)] = from_seeds.pop("build_info")
    [(file_dir, file_is_sample, *file_period)] = from_files.pop("build_info")
    assert (seed_dir, seed_is_sample) == ("seeds", True)
    assert (file_dir, file_is_sample) == (str(data), False)
    assert seed_period == file_period

    assert sorted(from_seeds) == sorted(from_files)
    assert len(from_files) > 20
    for table, rows in from_files.items():
        assert len(from_seeds[table]) == len(rows), table
        for seed_row, file_row in zip(from_seeds[table], rows, strict=True):
            assert all(map(same_value, seed_row, file_row)), (table, seed_row, file_row)


def test_file_route_numbers_rows_in_file_order(tmp_path: Path) -> None:
    """A 1M-row sales file (about 60 MB, so DuckDB reads it in parallel
    chunks) whose user id is its own data-row number: staging's
    source_row_number must equal it on every row."""
    data = tmp_path / "data"
    data.mkdir()
    rows = 1_000_000
    with duckdb.connect() as con:
        con.execute(
            f"""copy (
                select i::varchar as "user id", md5(i::varchar) as "product id", 'view' as "Interaction type",
                    '05/03/2023 08:07' as "Time stamp", null::varchar as "note"
                from range(1, {rows + 1}) as t(i)
            ) to '{data / "sales_data.csv"}' (header, delimiter ',')"""
        )
    for name in ("customer_details.csv", "product_details.csv"):
        shutil.copy(SEEDS_DIR / name, data / name)
    database = tmp_path / "analytics.duckdb"
    inputs = check_inputs(data)
    assert inputs.raw_rows["sales_data"] == rows
    result = run_dbt(
        ["run", "--select", "stg_ecommerce__sales_interactions"],
        database,
        tmp_path,
        env=raw_files_env(inputs),
    )
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        ((checked, out_of_order),) = con.execute(
            "select count(*), count(case when source_row_number != user_id then 1 end) "
            "from staging.stg_ecommerce__sales_interactions"
        ).fetchall()
    assert (checked, out_of_order) == (rows, 0)
