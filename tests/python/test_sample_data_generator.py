"""scripts/generate_sample_data.py: deterministic, and its output is what seeds/ holds.

Regenerating into a temporary folder and finding the committed seeds byte for
byte proves that rerunning the generator leaves `git status` clean. The shape
checks hold the committed sample to issue 2's description of the raw files.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, SEEDS_DIR

GENERATOR = PROJECT_DIR / "scripts" / "generate_sample_data.py"
SEED_FILES = ("sales_data.csv", "customer_details.csv", "product_details.csv")


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), *args],
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
