"""The hostile-input corpus, tests/fixtures/hostile/: every case's exact outcome.

Two kinds of fixture, so that one full build covers every row-level case:

- ``rows/``: one folder whose three files hold every bad row (sales, customers,
  products) between valid ones, in hostile layouts that must still parse (the
  sales file with a UTF-8 BOM and CRLF line endings, the customer file with its
  columns in reverse order and an unknown extra column, quoted commas, quotes
  and line breaks, a blank line, a short row); ``expected_<source>.csv`` says,
  per data row, the decided outcome (``valid``, ``empty`` or the reject reason)
  and, for a valid row, its parsed values. One build.
- ``stop/<case>/``: files laid over a copy of ``rows/`` that must stop the run
  before dbt with one line naming the file and the problem; ``stop/cases.csv``
  holds each case's exact line.

The expectations are decisions written by hand (docs/bad_input.md),
never read back from the pipeline. Raw row counts are cross-checked with
pandas, a parser independent of scripts/inputs.py.

Run this file directly (``python tests/python/test_hostile_inputs.py``) to
print the "Bad input" tables of docs/bad_input.md from the corpus.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import FIXTURES_DIR, PROJECT_DIR, BuildResult, run_build

from scripts.inputs import check_inputs

HOSTILE_DIR = FIXTURES_DIR / "hostile"
STOP_DIR = HOSTILE_DIR / "stop"
BUILT_FIXTURES = ("rows",)
BAD_INPUT_DOC = PROJECT_DIR / "docs" / "bad_input.md"


@dataclass(frozen=True)
class Source:
    name: str  # row_accounting.source and the expected_<name>.csv suffix
    file_names: tuple[str, ...]  # the raw file's accepted names
    valid_table: str  # mart holding the valid rows
    valid_key: str  # its column holding the raw data-row number
    rejected_table: str
    raw_columns: dict[str, str]  # rejected-table column -> raw CSV column it keeps


SOURCES = (
    Source(
        "sales_data",
        ("sales_data.csv", "E-commerece sales data 2024.csv"),
        "fct_interactions",
        "interaction_id",
        "rejected_sales_interactions",
        {
            "user_id_raw": "user id",
            "product_id_raw": "product id",
            "interaction_type_raw": "Interaction type",
            "interacted_at_raw": "Time stamp",
        },
    ),
    Source(
        "customer_details",
        ("customer_details.csv",),
        "dim_customers",
        "source_row_number",
        "rejected_customers",
        {
            "customer_id_raw": "Customer ID",
            "age_raw": "Age",
            "purchase_amount_usd_raw": "Purchase Amount (USD)",
            "subscription_status_raw": "Subscription Status",
            "review_rating_raw": "Review Rating",
        },
    ),
    Source(
        "product_details",
        ("product_details.csv",),
        "dim_products",
        "source_row_number",
        "rejected_products",
        {"product_id_raw": "Uniqe Id", "product_name": "Product Name", "selling_price_raw": "Selling Price"},
    ),
)
META_COLUMNS = ("source_row_number", "outcome", "case")


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected_rows(fixture: str, source: Source) -> list[dict[str, str]]:
    return read_csv_rows(HOSTILE_DIR / fixture / f"expected_{source.name}.csv")


def raw_file(fixture: str, source: Source) -> Path:
    (path,) = [
        HOSTILE_DIR / fixture / name for name in source.file_names if (HOSTILE_DIR / fixture / name).exists()
    ]
    return path


def raw_frame(fixture: str, source: Source) -> pd.DataFrame:
    """The raw file as pandas reads it: every value as text, blank lines skipped."""
    return pd.read_csv(
        raw_file(fixture, source), dtype=str, keep_default_na=False, encoding="utf-8-sig"
    ).fillna("")


def as_text(value: object) -> str:
    """A mart value as the expectation files write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, Decimal | int | str):
        return str(value)
    raise TypeError(f"unexpected value type {type(value).__name__}: {value!r}")


def cleaned(value: str) -> str | None:
    """What staging keeps of a raw text: trimmed, blank as null."""
    return value.strip() or None


@pytest.fixture(scope="module", params=BUILT_FIXTURES)
def corpus_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, BuildResult]:
    """The whole pipeline (GX checkpoint included) on one built fixture, once."""
    fixture = request.param
    published = tmp_path_factory.mktemp(f"hostile_{fixture}") / "analytics.duckdb"
    result = run_build(HOSTILE_DIR / fixture, published, "--no-site")
    assert result.returncode == 0, result.stdout + result.stderr
    return fixture, result


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.name)
def test_every_row_has_its_decided_outcome(corpus_build: tuple[str, BuildResult], source: Source) -> None:
    fixture, result = corpus_build
    expected = expected_rows(fixture, source)
    value_columns = [column for column in expected[0] if column not in META_COLUMNS]
    valid = {
        row[0]: [as_text(value) for value in row[1:]]
        for row in result.query(
            f"select {source.valid_key}, {', '.join(value_columns)} from marts.{source.valid_table}"
        )
    }
    rejected = dict(
        result.query(f"select source_row_number, reject_reason from marts.{source.rejected_table}")
    )
    assert not set(valid) & set(rejected), "a row is both valid and rejected"
    mismatches = []
    for row in expected:
        number = int(row["source_row_number"])
        outcome = "valid" if number in valid else rejected.get(number, "empty")
        if outcome != row["outcome"]:
            mismatches.append(f"row {number} ({row['case']}): {outcome}, expected {row['outcome']}")
        elif outcome == "valid":
            want = [row[column] for column in value_columns]
            if valid[number] != want:
                mismatches.append(f"row {number} ({row['case']}): {valid[number]}, expected {want}")
    assert not mismatches, "\n".join(mismatches)
    assert set(valid) | set(rejected) <= {int(row["source_row_number"]) for row in expected}


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.name)
def test_row_accounting_balances_and_counts_every_data_row(
    corpus_build: tuple[str, BuildResult], source: Source
) -> None:
    fixture, result = corpus_build
    expected = expected_rows(fixture, source)
    outcomes = Counter(
        "rejected" if row["outcome"] not in ("valid", "empty") else row["outcome"] for row in expected
    )
    ((raw, empty, rejected, valid),) = result.query(
        "select raw_rows, empty_rows, rejected_rows, valid_rows from marts.row_accounting "
        f"where source = '{source.name}'"
    )
    assert raw == len(expected) == len(raw_frame(fixture, source))
    assert (empty, rejected, valid) == (outcomes["empty"], outcomes["rejected"], outcomes["valid"])


def test_flagged_rows_are_kept_and_counted(corpus_build: tuple[str, BuildResult]) -> None:
    # A bad Review Rating never blocks the customer: kept (revenue included),
    # the rating nulled, the reason in flag_reason, the count in row_accounting.
    fixture, result = corpus_build
    source = next(source for source in SOURCES if source.name == "customer_details")
    decided = {
        int(row["source_row_number"]): row["flag_reason"]
        for row in expected_rows(fixture, source)
        if row["outcome"] == "valid" and row["flag_reason"]
    }
    assert decided, "the corpus must hold flagged rows"
    flagged = dict(
        result.query(
            "select source_row_number, flag_reason from marts.dim_customers where flag_reason is not null"
        )
    )
    assert flagged == decided
    [(flagged_rows,)] = result.query(
        "select flagged_rows from marts.row_accounting where source = 'customer_details'"
    )
    assert flagged_rows == len(decided)
    frame = raw_frame(fixture, source)
    for number, rating, raw in result.query(
        "select source_row_number, review_rating, review_rating_raw from marts.dim_customers "
        "where flag_reason is not null"
    ):
        assert rating is None, number
        assert raw == cleaned(frame.iloc[number - 1]["Review Rating"]), number


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.name)
def test_rejected_rows_keep_their_raw_values(corpus_build: tuple[str, BuildResult], source: Source) -> None:
    fixture, result = corpus_build
    frame = raw_frame(fixture, source)
    columns = list(source.raw_columns)
    rejected = result.query(
        f"select source_row_number, {', '.join(columns)} from marts.{source.rejected_table} order by 1"
    )
    for number, *values in rejected:
        raw = frame.iloc[number - 1]
        assert values == [cleaned(raw[source.raw_columns[column]]) for column in columns], f"row {number}"


def test_reject_reasons_are_the_documented_closed_list(corpus_build: tuple[str, BuildResult]) -> None:
    fixture, result = corpus_build
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    closed_list = project["vars"]["reject_reasons"]
    counts = result.query("select source, reject_reason, rejected_rows from marts.reject_reason_counts")
    assert sorted((source, reason) for source, reason, _ in counts) == sorted(
        (source, reason) for source, reasons in closed_list.items() for reason in reasons
    )
    for source in SOURCES:
        observed = {reason: rows for name, reason, rows in counts if name == source.name and rows}
        decided = Counter(
            row["outcome"]
            for row in expected_rows(fixture, source)
            if row["outcome"] not in ("valid", "empty")
        )
        assert observed == dict(decided), source.name


def test_rows_corpus_exercises_every_reject_reason() -> None:
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    for source in SOURCES:
        decided = {row["outcome"] for row in expected_rows("rows", source)}
        assert set(project["vars"]["reject_reasons"][source.name]) <= decided, source.name


def test_build_notes_name_what_was_ignored(corpus_build: tuple[str, BuildResult]) -> None:
    _, result = corpus_build
    # progress lines are "[build  1.2s] <message>"
    messages = [line.split("] ", 1)[-1] for line in result.stdout.splitlines()]
    assert "sales_data.csv: ignored column(s) <trailing unnamed> (1 non-empty value(s))" in messages
    assert "customer_details.csv: ignored column(s) Loyalty Notes (1 non-empty value(s))" in messages


def test_fixture_really_has_the_layouts_it_claims() -> None:
    """Guard the corpus itself: a fixture rewritten by an editor (BOM dropped,
    line endings converted) would make the layout cases prove nothing."""
    sales = (HOSTILE_DIR / "rows" / "sales_data.csv").read_bytes()
    assert sales.startswith(b"\xef\xbb\xbf")
    assert sales.count(b"\r\n") == sales.count(b"\n") > 0
    assert b"\r\n\r\n" in sales  # a blank line: not a row
    customers = (HOSTILE_DIR / "rows" / "customer_details.csv").read_bytes()
    assert b"\r" not in customers
    assert customers.startswith(b"Frequency of Purchases,")  # columns in reverse order
    products = (HOSTILE_DIR / "rows" / "product_details.csv").read_text(encoding="utf-8")
    assert '"Puzzle\nDeluxe edition"' in products


def test_public_download_name_is_accepted_for_the_sales_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(HOSTILE_DIR / "rows", data_dir, ignore=shutil.ignore_patterns("expected_*"))
    (data_dir / "sales_data.csv").rename(data_dir / "E-commerece sales data 2024.csv")
    prepared = check_inputs(data_dir)
    assert prepared.files["sales_data"].path == data_dir / "E-commerece sales data 2024.csv"
    assert prepared.raw_rows["sales_data"] == len(expected_rows("rows", SOURCES[0]))


# ---------------------------------------------------------------- file-level stops


def stop_cases() -> list[dict[str, str]]:
    return read_csv_rows(STOP_DIR / "cases.csv")


@pytest.mark.parametrize("case", stop_cases(), ids=lambda case: case["case"])
def test_file_problem_stops_the_run_with_one_line(case: dict[str, str], tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(HOSTILE_DIR / "rows", data_dir, ignore=shutil.ignore_patterns("expected_*"))
    overlay_dir = STOP_DIR / case["case"]  # absent when the case only removes a file
    for overlay in overlay_dir.iterdir() if overlay_dir.is_dir() else ():
        shutil.copy(overlay, data_dir / overlay.name)
    if case["remove"]:
        (data_dir / case["remove"]).unlink()
    published = tmp_path / "analytics.duckdb"

    result = run_build(data_dir, published, "--no-site")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [case["expected_stderr"].replace("{dir}", str(data_dir))]
    assert "dbt build" not in result.stdout  # stopped before dbt
    assert not published.exists()
    assert not published.with_name(published.name + ".building").exists()


def test_missing_data_folder_stops_the_run(tmp_path: Path) -> None:
    result = run_build(tmp_path / "nowhere", tmp_path / "analytics.duckdb")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"build: {tmp_path / 'nowhere'}: data folder not found"]


# ---------------------------------------------------------------- docs/bad_input.md table


def markdown_cell(text: str) -> str:
    return text.replace("\n", "\\n").replace("\t", "\\t").replace("|", "\\|")


def render_bad_input_tables() -> list[str]:
    """The "Bad input" tables of docs/bad_input.md, rendered from the corpus. Consecutive
    rows of one case (the filler) share a line."""
    lines = [
        "| fixture | file | rows | raw values | case | outcome |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for fixture in BUILT_FIXTURES:
        for source in SOURCES:
            file_name = raw_file(fixture, source).name
            frame = raw_frame(fixture, source)
            rows = expected_rows(fixture, source)
            groups: list[list[dict[str, str]]] = []
            for row in rows:
                if groups and (groups[-1][0]["case"], groups[-1][0]["outcome"]) == (
                    row["case"],
                    row["outcome"],
                ):
                    groups[-1].append(row)
                else:
                    groups.append([row])
            for group in groups:
                first, last = group[0], group[-1]
                if len(group) > 1:
                    numbers = f"{first['source_row_number']}-{last['source_row_number']}"
                    raw_values = "(see the file)"
                    outcome = f"{first['outcome']} (values in expected_{source.name}.csv)"
                else:
                    numbers = first["source_row_number"]
                    raw = frame.iloc[int(numbers) - 1]
                    raw_values = " · ".join(
                        f'`"{markdown_cell(raw[column])}"`' for column in source.raw_columns.values()
                    )
                    outcome = describe_outcome(first)
                lines.append(
                    f"| {fixture} | {file_name} | {numbers} | {raw_values} "
                    f"| {markdown_cell(first['case'])} | {outcome} |"
                )
    lines += [
        "",
        "| stop case | input | outcome: exit 1 and this one line on stderr |",
        "| --- | --- | --- |",
    ]
    for case in stop_cases():
        lines.append(f"| {case['case']} | {markdown_cell(case['what'])} | `{case['expected_stderr']}` |")
    return lines


def describe_outcome(row: dict[str, str]) -> str:
    if row["outcome"] == "valid":
        values = [
            f"{column} `{markdown_cell(row[column])}`"
            for column in row
            if column not in META_COLUMNS and row[column]
        ]
        return "parsed: " + ", ".join(values)
    if row["outcome"] == "empty":
        return "empty row: counted, not loaded"
    return f"rejected: `{row['outcome']}`"


def doc_section(name: str) -> list[str]:
    text = BAD_INPUT_DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- section: {name} -->\n(.*?)<!-- end section: {name} -->", text, re.DOTALL)
    assert match, f"{BAD_INPUT_DOC} has no section {name}"
    return match.group(1).splitlines()


def test_bad_input_doc_tables_document_the_corpus() -> None:
    section = doc_section("bad-input")
    table = render_bad_input_tables()
    start = section.index(table[0]) if table[0] in section else -1
    assert start >= 0, "docs/bad_input.md lacks the corpus table; print it with this file's main"
    assert section[start : start + len(table)] == table


if __name__ == "__main__":
    print("\n".join(render_bad_input_tables()))
