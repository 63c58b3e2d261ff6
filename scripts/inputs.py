"""Check the three raw CSVs of a data folder and write normalised copies for dbt.

The copies are what dbt loads as seeds: UTF-8 without BOM, LF line endings,
the canonical column set in the canonical order. Values are never changed and
no row is dropped (blank lines, which hold no fields at all, are not rows).
Anything that would make a row or a column disappear silently stops the run
with one line naming the file and the problem instead.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

csv.field_size_limit(sys.maxsize)


class InputError(Exception):
    """A raw file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class RawFile:
    source: str
    names: tuple[str, ...]  # accepted file names, first is canonical
    required: tuple[str, ...]  # columns that must be in the header
    optional: tuple[str, ...] = ()  # columns added empty when absent
    trailing_unnamed: bool = False  # the raw export ends every line with a comma


SALES = RawFile(
    source="sales_data",
    names=("sales_data.csv", "E-commerece sales data 2024.csv"),
    required=("user id", "product id", "Interaction type", "Time stamp"),
    trailing_unnamed=True,
)
CUSTOMERS = RawFile(
    source="customer_details",
    names=("customer_details.csv",),
    required=(
        "Customer ID", "Age", "Gender", "Item Purchased", "Category", "Purchase Amount (USD)",
        "Location", "Size", "Color", "Season", "Review Rating", "Subscription Status",
        "Shipping Type", "Discount Applied", "Promo Code Used", "Previous Purchases",
        "Payment Method", "Frequency of Purchases",
    ),
)  # fmt: skip
PRODUCTS = RawFile(
    source="product_details",
    names=("product_details.csv",),
    required=("Uniqe Id", "Product Name", "Category", "Selling Price"),
    optional=(
        "Brand Name", "Asin", "Upc Ean Code", "List Price", "Quantity", "Model Number",
        "About Product", "Product Specification", "Technical Details", "Shipping Weight",
        "Product Dimensions", "Image", "Variants", "Sku", "Product Url", "Stock",
        "Product Details", "Dimensions", "Color", "Ingredients", "Direction To Use",
        "Is Amazon Seller", "Size Quantity Variant", "Product Description",
    ),
)  # fmt: skip
RAW_FILES = (SALES, CUSTOMERS, PRODUCTS)


@dataclass
class PreparedInputs:
    files: dict[str, Path] = field(default_factory=dict)  # source -> original file
    raw_rows: dict[str, int] = field(default_factory=dict)  # source -> data rows
    notes: list[str] = field(default_factory=list)  # what normalisation did


def find_file(data_dir: Path, raw: RawFile) -> Path:
    present = [data_dir / name for name in raw.names if (data_dir / name).exists()]
    if not present:
        raise InputError(f"{data_dir / raw.names[0]}: file not found")
    if len(present) > 1:
        raise InputError(f"{present[1]}: both {present[0].name!r} and {present[1].name!r} exist; keep one")
    return present[0]


def read_text(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty (no header)")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"{path}: NUL byte on line {line}: a binary or UTF-16 file? Save it as UTF-8 CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}: not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}); save it as UTF-8"
        ) from None


def normalise(path: Path, raw: RawFile, out_path: Path, notes: list[str]) -> int:
    """Write the canonical copy of one raw file; return its number of data rows."""
    # strict: a quote that is never closed raises instead of swallowing the
    # rest of the file into one field.
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as error:
        raise InputError(f"{path}: header is not valid CSV ({error})") from None
    missing = [name for name in raw.required if name not in header]
    if missing:
        raise InputError(f"{path}: missing required column(s): {', '.join(missing)}")
    named = [name for name in header if name]
    duplicated = sorted({name for name in named if named.count(name) > 1})
    if duplicated:
        raise InputError(f"{path}: column(s) appear more than once: {', '.join(duplicated)}")
    columns = [*raw.required, *raw.optional]
    absent = [name for name in raw.optional if name not in header]
    if absent:
        notes.append(
            f"{path.name}: {len(absent)} optional column(s) absent, loaded empty: {', '.join(absent)}"
        )
    ignored = [
        name or f"<unnamed column {i + 1}>"
        for i, name in enumerate(header)
        if name not in columns and not (raw.trailing_unnamed and not name and i == len(header) - 1)
    ]
    positions = [header.index(name) if name in header else None for name in columns]
    ignored_values = 0
    out_header = columns + ([""] if raw.trailing_unnamed else [])
    rows = 0
    with open(out_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(out_header)
        while True:
            line = reader.line_num + 1  # where the next record starts
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise InputError(f"{path}: line {line} is not valid CSV ({error})") from None
            if not record:
                continue  # a blank line holds no fields: not a row
            rows += 1
            if len(record) > len(header):
                raise InputError(
                    f"{path}: data row {rows} (line {line}) has {len(record)} fields, "
                    f"the header has {len(header)}"
                )
            record = record + [""] * (len(header) - len(record))
            ignored_values += sum(
                1 for i, value in enumerate(record) if header[i] not in columns and value.strip()
            )
            out = [record[i] if i is not None else "" for i in positions]
            writer.writerow(out + ([""] if raw.trailing_unnamed else []))
    if rows == 0:
        raise InputError(f"{path}: header only, no data rows")
    if ignored or ignored_values:
        notes.append(
            f"{path.name}: ignored column(s) {', '.join(ignored) or '<trailing unnamed>'} "
            f"({ignored_values} non-empty value(s))"
        )
    return rows


def prepare_inputs(data_dir: Path, out_dir: Path) -> PreparedInputs:
    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: data folder not found")
    out_dir.mkdir(parents=True, exist_ok=True)
    prepared = PreparedInputs()
    for raw in RAW_FILES:
        path = find_file(data_dir, raw)
        prepared.files[raw.source] = path
        prepared.raw_rows[raw.source] = normalise(path, raw, out_dir / f"{raw.source}.csv", prepared.notes)
    return prepared
