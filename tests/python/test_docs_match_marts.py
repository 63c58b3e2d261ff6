"""The documents that list the marts name every one of them, and only them.

- README.md's table of marts is checked against the built database (small
  fixture): it lists exactly the tables of schema marts, and every
  backticked word in a row is a column of that row's tables, a value found
  in them, a value their YAML accepts (accepted_values), or another mart.
  So a wrong column name (`grain` for `time_grain`) or value
  (`category` for `purchase_category`) fails here.
- The dbt docs' project overview (models/overview.md, the `__overview__`
  docs block that replaces dbt's welcome page) names every model of
  models/marts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from conftest import PROJECT_DIR, BuildResult

README = PROJECT_DIR / "README.md"
OVERVIEW = PROJECT_DIR / "models" / "overview.md"
MARTS_DIR = PROJECT_DIR / "models" / "marts"
BACKTICKED = re.compile(r"`([^`]+)`")


def mart_models() -> set[str]:
    return {path.stem for path in MARTS_DIR.rglob("*.sql")}


def readme_marts_rows() -> list[tuple[list[str], list[str]]]:
    """(tables, backticked words of the other cells) per row of the table
    that follows '**The marts**' in the README."""
    text = README.read_text()
    lines = text[text.index("**The marts**") :].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:  # past the header and its rule
        if not line.startswith("|"):
            break
        first, *rest = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append((BACKTICKED.findall(first), BACKTICKED.findall(" ".join(rest))))
    assert rows, "README.md: no table of marts after '**The marts**'"
    return rows


def accepted_values() -> dict[str, set[str]]:
    """Model name -> every value its YAML's accepted_values tests accept."""
    accepted: dict[str, set[str]] = {}
    for path in MARTS_DIR.rglob("_*.yml"):
        for model in yaml.safe_load(path.read_text()).get("models", []):
            values = accepted.setdefault(model["name"], set())
            for column in model.get("columns", []):
                for test in column.get("data_tests", []):
                    values.update(str(value) for value in accepted_values_of(test))
    return accepted


def accepted_values_of(test: Any) -> Iterator[Any]:
    if isinstance(test, dict) and "accepted_values" in test:
        yield from test["accepted_values"]["arguments"]["values"]


def test_the_readme_lists_exactly_the_marts(small_build: BuildResult) -> None:
    listed = [table for tables, _ in readme_marts_rows() for table in tables]
    built = {name for (name,) in small_build.query(
        "select table_name from information_schema.tables where table_schema = 'marts'"
    )}  # fmt: skip
    assert sorted(listed) == sorted(set(listed)), "a mart is listed twice"
    assert set(listed) - built == set(), "listed in README.md but not in schema marts"
    assert built - set(listed) == set(), "in schema marts but not listed in README.md"


@pytest.mark.parametrize(
    ("tables", "words"),
    [pytest.param(tables, words, id=",".join(tables)) for tables, words in readme_marts_rows()],
)
def test_every_readme_word_is_a_column_or_value_of_its_marts(
    small_build: BuildResult, tables: list[str], words: list[str]
) -> None:
    known = mart_models() | {value for table in tables for value in accepted_values().get(table, set())}
    with small_build.connect() as con:
        for table in tables:
            columns = con.sql(f"select * from marts.{table} limit 0")
            known |= set(columns.columns)
            text_columns = [name for name, kind in zip(columns.columns, columns.types, strict=True)
                            if str(kind) == "VARCHAR"]  # fmt: skip
            for word in set(words) - known:
                if text_columns:
                    found = con.execute(
                        f"select count(*) from marts.{table} where ? in ({', '.join(text_columns)})", [word]
                    ).fetchone()
                    if found != (0,):
                        known.add(word)
    assert sorted(set(words) - known) == [], f"README.md row {tables}: neither a column nor a value"


def test_the_overview_is_the_project_docs_block_and_names_every_mart() -> None:
    text = OVERVIEW.read_text()
    assert text.startswith("{% docs __overview__ %}")
    assert text.rstrip().endswith("{% enddocs %}")
    named = set(re.findall(r"`([a-z_]+)`", text))
    # rejected_* stands for the three rejected_<source> tables
    named |= {name for name in mart_models() if name.startswith("rejected_") and "rejected_*" in text}
    missing = mart_models() - named
    assert not missing, f"{OVERVIEW.name} does not name {sorted(missing)}"
