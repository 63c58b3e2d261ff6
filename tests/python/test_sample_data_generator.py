"""scripts/generate_sample_data.py: deterministic, and its output is what seeds/ holds.

Regenerating into a temporary folder and finding the committed seeds byte for
byte proves that rerunning the generator leaves `git status` clean. The shape
checks hold the committed sample to issue 2's description of the raw files.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, SEEDS_DIR

from scripts.project_paths import step_command

SEED_FILES = ("sales_data.csv", "customer_details.csv", "product_details.csv")
SALES_HEADER_NAMES = ["user id", "product id", "Interaction type", "Time stamp", ""]


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        step_command("generate_sample_data", *args),
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("generated")
    result = run_generator("--out-dir", str(out_dir))
    assert result.returncode == 0, result.stderr
    return out_dir


def test_generator_writes_exactly_the_three_seed_files(regenerated: Path) -> None:
    assert sorted(path.name for path in regenerated.iterdir()) == sorted(SEED_FILES)


@pytest.mark.parametrize("name", SEED_FILES)
def test_regenerated_file_is_byte_identical_to_committed_seed(regenerated: Path, name: str) -> None:
    generated, committed = (regenerated / name).read_bytes(), (SEEDS_DIR / name).read_bytes()
    assert len(generated) == len(committed)
    assert generated == committed, f"{name}: rerunning the generator changes the committed seed"


def test_another_seed_gives_other_data(regenerated: Path, tmp_path: Path) -> None:
    result = run_generator("--out-dir", str(tmp_path), "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sales_data.csv").read_bytes() != (regenerated / "sales_data.csv").read_bytes()


def test_help() -> None:
    result = run_generator("--help")
    assert result.returncode == 0
    assert "--out-dir" in result.stdout
    assert "--seed" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("kind", ["out-dir is a file", "parent is a file"])
def test_bad_out_dir_fails_with_one_line_naming_it(tmp_path: Path, kind: str) -> None:
    a_file = tmp_path / "not_a_folder"
    a_file.write_text("x")
    out_dir = a_file if kind == "out-dir is a file" else a_file / "seeds"
    result = run_generator("--out-dir", str(out_dir))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(out_dir) in lines[0]
    assert "Traceback" not in result.stderr
    assert a_file.read_text() == "x"


# --- the committed sample has the raw files' shapes (issue 2, item 1) ------------


def test_sales_shape() -> None:
    raw = (SEEDS_DIR / "sales_data.csv").read_bytes()
    assert raw.startswith(b"user id,product id,Interaction type,Time stamp,\r\n")
    header, rows = read_rows(SEEDS_DIR / "sales_data.csv")
    assert header == ["user id", "product id", "Interaction type", "Time stamp", ""]
    assert len(rows) == 3294
    assert {len(row) for row in rows} == {5}
    empty = [i for i, row in enumerate(rows) if not any(field.strip() for field in row)]
    assert empty == list(range(3294 - 295, 3294)), "295 empty rows, all trailing"
    filled = rows[: 3294 - 295]
    assert sum(1 for row in filled if not row[2]) == 128
    assert {row[2] for row in filled} == {"", "like", "view", "purchase"}
    assert all(row[4] == "" for row in rows)


def test_sales_time_stamps_span_december_to_december_unevenly() -> None:
    _, rows = read_rows(SEEDS_DIR / "sales_data.csv")
    stamps = [dt.datetime.strptime(row[3], "%d/%m/%Y %H:%M") for row in rows[: 3294 - 295]]
    assert (min(stamps).year, min(stamps).month) == (2022, 12)
    assert (max(stamps).year, max(stamps).month) == (2023, 12)
    for counts in (
        Counter((s.year, s.month) for s in stamps),
        Counter(s.weekday() for s in stamps),
        Counter(s.hour for s in stamps),
    ):
        assert max(counts.values()) > 1.1 * min(counts.values()), "patterns are uneven"


def test_sales_ids_match_customers_and_catalog_except_a_few_products() -> None:
    _, sales = read_rows(SEEDS_DIR / "sales_data.csv")
    _, customers = read_rows(SEEDS_DIR / "customer_details.csv")
    _, products = read_rows(SEEDS_DIR / "product_details.csv")
    customer_ids = {row[0] for row in customers}
    product_ids = {row[0] for row in products}
    filled = [row for row in sales if row[0]]
    assert all(row[0] in customer_ids for row in filled)
    unknown = [row[1] for row in filled if row[1] not in product_ids]
    assert 0 < len(unknown) <= 20


def test_customers_shape() -> None:
    header, rows = read_rows(SEEDS_DIR / "customer_details.csv")
    assert len(header) == 18
    assert header[:6] == [
        "Customer ID",
        "Age",
        "Gender",
        "Item Purchased",
        "Category",
        "Purchase Amount (USD)",
    ]
    assert len(rows) == 3900
    assert len({row[0] for row in rows}) == 3900
    amounts = [int(row[5]) for row in rows]  # integer amounts
    ages = [int(row[1]) for row in rows]
    assert (min(amounts), max(amounts)) == (20, 100)
    assert 18 <= min(ages) <= max(ages) <= 70
    subscribed = Counter(row[header.index("Subscription Status")] for row in rows)
    assert set(subscribed) == {"Yes", "No"}
    assert 0.24 < subscribed["Yes"] / len(rows) < 0.30  # "about 27 %"


def test_products_shape() -> None:
    header, rows = read_rows(SEEDS_DIR / "product_details.csv")
    assert len(header) == 28
    assert header[:5] == ["Uniqe Id", "Product Name", "Brand Name", "Asin", "Category"]
    assert len(rows) == 10002
    assert len({row[0] for row in rows}) == 10002
    categories = [row[4] for row in rows if row[4]]
    assert any(" | " in category for category in categories)
    prices = [row[header.index("Selling Price")] for row in rows]
    assert any(price.startswith("$") and price.endswith(" ") for price in prices)
    assert any(" - " in price for price in prices)
    assert any("," in field for row in rows for field in row), "some quoted fields hold commas"
    assert (SEEDS_DIR / "product_details.csv").stat().st_size < 5_000_000


# --- a data folder of any size (--sales-rows; issue 8, item 1) --------------------

SIZED_ROWS, SIZED_CUSTOMERS = 20_000, 5_000


def sample_share(predicate_on_filled: str) -> tuple[float, float]:
    """(share of empty rows in all rows, share of filled rows matching) in the committed sample."""
    _, rows = read_rows(SEEDS_DIR / "sales_data.csv")
    filled = [row for row in rows if any(row)]
    _, products = read_rows(SEEDS_DIR / "product_details.csv")
    catalog = {row[0] for row in products}
    matching = {
        "untyped": lambda row: not row[2],
        "unknown product": lambda row: row[1] not in catalog,
    }[predicate_on_filled]
    return 1 - len(filled) / len(rows), sum(map(matching, filled)) / len(filled)


@pytest.fixture(scope="module")
def sized(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out_dir = tmp_path_factory.mktemp("sized")
    result = run_generator(
        "--sales-rows", str(SIZED_ROWS), "--customers", str(SIZED_CUSTOMERS), "--out-dir", str(out_dir)
    )
    assert result.returncode == 0, result.stderr
    return out_dir, result


def test_sized_folder_is_a_complete_data_dir_with_progress_on_stderr(sized) -> None:
    out_dir, result = sized
    assert sorted(path.name for path in out_dir.iterdir()) == sorted(SEED_FILES)
    assert result.stdout == ""
    for name in SEED_FILES:
        assert name in result.stderr, f"no progress line for {name}"


def test_sized_folder_is_deterministic(sized, tmp_path: Path) -> None:
    out_dir, _ = sized
    again = run_generator(
        "--sales-rows", str(SIZED_ROWS), "--customers", str(SIZED_CUSTOMERS), "--out-dir", str(tmp_path)
    )
    assert again.returncode == 0, again.stderr
    for name in SEED_FILES:
        assert (tmp_path / name).read_bytes() == (out_dir / name).read_bytes(), name


def test_sized_folder_other_seed_gives_other_data(sized, tmp_path: Path) -> None:
    out_dir, _ = sized
    other = run_generator("--sales-rows", str(SIZED_ROWS), "--out-dir", str(tmp_path), "--seed", "7")
    assert other.returncode == 0, other.stderr
    for name in ("sales_data.csv", "customer_details.csv"):
        assert (tmp_path / name).read_bytes() != (out_dir / name).read_bytes(), name


def test_sized_sales_have_the_raw_quirks(sized) -> None:
    out_dir, _ = sized
    raw = (out_dir / "sales_data.csv").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[0] == b"user id,product id,Interaction type,Time stamp,"
    assert lines[-1] == b"", "the file ends with CRLF"
    assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends with CRLF"
    header, rows = read_rows(out_dir / "sales_data.csv")
    assert header == SALES_HEADER_NAMES
    assert len(rows) == SIZED_ROWS
    assert {len(row) for row in rows} == {5}
    assert all(row[4] == "" for row in rows), "the trailing unnamed column is empty"
    empty = [i for i, row in enumerate(rows) if row == ["", "", "", "", ""]]
    assert empty == list(range(SIZED_ROWS - len(empty), SIZED_ROWS)), "empty rows are all trailing"
    filled = rows[: SIZED_ROWS - len(empty)]
    empty_share, untyped_share = sample_share("untyped")
    assert abs(len(empty) - empty_share * SIZED_ROWS) <= 1
    untyped = sum(1 for row in filled if not row[2])
    assert abs(untyped - untyped_share * len(filled)) <= 1
    assert {row[2] for row in filled} == {"", "like", "view", "purchase"}
    stamps = [dt.datetime.strptime(row[3], "%d/%m/%Y %H:%M") for row in filled]
    assert any(stamp.day > 12 for stamp in stamps), "day-first: some days cannot be months"
    assert (min(stamps).year, min(stamps).month) == (2022, 12)
    assert (max(stamps).year, max(stamps).month) == (2023, 12)


def test_sized_ids_resolve_to_the_files_written_alongside(sized) -> None:
    out_dir, _ = sized
    _, sales = read_rows(out_dir / "sales_data.csv")
    _, customers = read_rows(out_dir / "customer_details.csv")
    _, products = read_rows(out_dir / "product_details.csv")
    assert [row[0] for row in customers] == [str(i) for i in range(1, SIZED_CUSTOMERS + 1)]
    customer_ids, catalog = {row[0] for row in customers}, {row[0] for row in products}
    filled = [row for row in sales if row[0]]
    assert all(row[0] in customer_ids for row in filled), "every user id is a customer"
    assert len({row[0] for row in filled}) > SIZED_CUSTOMERS / 10, "many customers interact"
    _, unknown_share = sample_share("unknown product")
    unknown = sum(1 for row in filled if row[1] not in catalog)
    assert abs(unknown - unknown_share * len(filled)) <= 1, "the sample's share of unknown products"
    assert (out_dir / "product_details.csv").read_bytes() == (SEEDS_DIR / "product_details.csv").read_bytes()


def test_sized_customers_have_the_sample_columns_and_domains(sized) -> None:
    out_dir, _ = sized
    header, rows = read_rows(out_dir / "customer_details.csv")
    sample_header, sample_rows = read_rows(SEEDS_DIR / "customer_details.csv")
    assert header == sample_header
    for column, name in enumerate(header[1:], start=1):
        values, sample_values = {row[column] for row in rows}, {row[column] for row in sample_rows}
        assert values == sample_values, f"{name}: the sample's value domain"
    amounts = [int(row[5]) for row in rows]
    ages = [int(row[1]) for row in rows]
    assert (min(amounts), max(amounts)) == (20, 100)
    assert (min(ages), max(ages)) == (18, 70)


def test_sized_at_the_sample_size_has_the_sample_counts(tmp_path: Path) -> None:
    """--sales-rows 3294 with the default --customers: the sample's row counts (issue 2)."""
    result = run_generator("--sales-rows", "3294", "--out-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    _, sales = read_rows(tmp_path / "sales_data.csv")
    _, customers = read_rows(tmp_path / "customer_details.csv")
    filled = [row for row in sales if any(row)]
    assert (len(sales), len(filled), len(customers)) == (3294, 2999, 3900)
    assert sum(1 for row in filled if not row[2]) == 128


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--sales-rows", "100"], "--out-dir"),
        (["--sales-rows", "100", "--out-dir", str(SEEDS_DIR)], "seeds"),
        (["--sales-rows", "0", "--out-dir", "{tmp}"], "--sales-rows"),
        (["--sales-rows", "100", "--customers", "0", "--out-dir", "{tmp}"], "--customers"),
        (["--customers", "100", "--out-dir", "{tmp}"], "--customers"),
    ],
)
def test_sized_bad_arguments_fail_with_one_line(tmp_path: Path, args: list[str], named: str) -> None:
    result = run_generator(*(arg.replace("{tmp}", str(tmp_path / "out")) for arg in args))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]
    assert not (tmp_path / "out").exists()
    assert (SEEDS_DIR / "sales_data.csv").stat().st_size < 1_000_000, "seeds/ untouched"


def test_build_runs_on_a_sized_folder_and_accounts_for_every_row(sized, build, tmp_path: Path) -> None:
    out_dir, _ = sized
    result = build(out_dir, tmp_path / "analytics.duckdb", "--no-site")
    assert result.returncode == 0, result.stdout + result.stderr
    _, sales = read_rows(out_dir / "sales_data.csv")
    _, customers = read_rows(out_dir / "customer_details.csv")
    _, products = read_rows(out_dir / "product_details.csv")
    catalog = {row[0] for row in products}
    filled = [row for row in sales if any(row)]
    accounting = {
        source: (raw, empty, rejected, valid)
        for source, raw, empty, rejected, valid in result.query(
            "select source, raw_rows, empty_rows, rejected_rows, valid_rows from marts.row_accounting"
        )
    }
    assert accounting["sales_data"][:2] == (len(sales), len(sales) - len(filled))
    assert accounting["customer_details"] == (len(customers), 0, 0, len(customers))
    assert accounting["product_details"][0] == len(products)
    reasons = dict(
        result.query(
            "select reject_reason, rejected_rows from marts.reject_reason_counts "
            "where source = 'sales_data' and rejected_rows > 0"
        )
    )
    assert reasons.get("missing_interaction_type") == sum(1 for row in filled if not row[2])
    assert set(reasons) <= {"missing_interaction_type", "duplicate_row"}
    findings = result.key_findings()
    assert findings["interactions_with_unknown_customer"] == 0
    unknown = sum(1 for row in filled if row[2] and row[1] not in catalog)
    assert unknown > 0
    assert findings["interactions_with_unknown_product"] == unknown, "kept, flagged as unknown product"
