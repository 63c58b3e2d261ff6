"""Check the three raw CSVs of a data folder where they lie, in bounded memory.

Nothing is copied or rewritten: dbt reads each file in place through a
dbt-duckdb source (models/staging/_staging__sources.yml) with the column
names and reader options decided here. Anything that would make a row or a
column disappear silently stops the run with one line naming the file and
the problem instead.

Per file, at most three streaming passes, none of which holds the file:

1. a byte scan in fixed-size chunks: not empty, no NUL byte, valid UTF-8
   (C-speed, no rows parsed), and whether the file has any quote character;
2. the header (first record only): required columns present, none twice;
3. the records: a file with quotes goes through Python's strict CSV reader
   (an unclosed or stray quote stops the run with its line; the only way to
   tell those apart reliably), a file without quotes through DuckDB's CSV
   reader in strict mode, whose rejects table names any line with more
   fields than the header. Both count the data rows, which the build then
   compares with the rows dbt loaded.
"""

from __future__ import annotations

import codecs
import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

csv.field_size_limit(sys.maxsize)

CHUNK_BYTES = 8 * 1024 * 1024
UTF8_BOM = codecs.BOM_UTF8
WHITESPACE = b" \t\r\n"


class InputError(Exception):
    """A raw file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class RawFile:
    source: str
    names: tuple[str, ...]  # accepted file names, first is canonical
    required: tuple[str, ...]  # columns that must be in the header
    optional: tuple[str, ...] = ()  # columns loaded empty when absent (staging pads them)
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


@dataclass(frozen=True)
class CheckedFile:
    """One raw file as dbt will read it."""

    path: Path
    columns: tuple[str, ...]  # header names as read (trimmed; unnamed ones named column_<n>)
    rows: int  # data rows (blank lines hold no fields and are not rows)
    has_multiline_records: bool  # a quoted field spans lines: DuckDB must read it single-threaded

    def source_var(self) -> dict[str, str]:
        """The source's entry in DBT_RAW_FILES (SQL text for read_csv)."""
        return source_var(str(self.path), self.columns, parallel=not self.has_multiline_records)


def source_var(path: str, columns: tuple[str, ...], parallel: bool) -> dict[str, str]:
    """A raw file's entry in DBT_RAW_FILES: its path and column names
    as SQL text, and whether it may be read in parallel."""
    return {
        "path": sql_string(path),
        "columns": "[" + ", ".join(sql_string(name) for name in columns) + "]",
        "parallel": "true" if parallel else "false",
    }


@dataclass
class CheckedInputs:
    files: dict[str, CheckedFile] = field(default_factory=dict)  # source -> checked file
    notes: list[str] = field(default_factory=list)  # what will be ignored or padded

    @property
    def raw_rows(self) -> dict[str, int]:
        return {source: checked.rows for source, checked in self.files.items()}

    def dbt_var(self) -> dict[str, dict[str, str]]:
        """DBT_RAW_FILES (build.raw_files_env): makes staging read these files in place."""
        return {source: checked.source_var() for source, checked in self.files.items()}


def sql_string(text: str) -> str:
    """A SQL string literal. Braces would be taken for placeholders by
    dbt-duckdb's external_location formatting, so they are refused."""
    if "{" in text or "}" in text:
        raise InputError(f"{text}: braces in a file or column name are not supported; rename it")
    return "'" + text.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def find_file(data_dir: Path, raw: RawFile) -> Path:
    present = [data_dir / name for name in raw.names if (data_dir / name).exists()]
    if not present:
        raise InputError(f"{data_dir / raw.names[0]}: file not found")
    if len(present) > 1:
        raise InputError(f"{present[1]}: both {present[0].name!r} and {present[1].name!r} exist; keep one")
    return present[0]


def read_chunks(path: Path) -> Iterator[bytes]:
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None


def scan_bytes(path: Path) -> bool:
    """Pass 1: stop on an empty file, a NUL byte or bytes that are not UTF-8;
    return whether the file holds a quote character."""
    lines_before = 0  # newlines in the bytes already scanned
    has_text = has_quote = False
    pending = b""  # an incomplete UTF-8 sequence cut by the chunk boundary
    for chunk in read_chunks(path):
        nul = chunk.find(b"\x00")
        if nul >= 0:
            line = lines_before + chunk.count(b"\n", 0, nul) + 1
            raise InputError(
                f"{path}: NUL byte on line {line}: a binary or UTF-16 file? Save it as UTF-8 CSV"
            )
        data = pending + chunk
        try:
            data.decode("utf-8")
            pending = b""
        except UnicodeDecodeError as error:
            if error.reason == "unexpected end of data" and len(data) - error.start < 4:
                pending = data[error.start :]
            else:
                offset = error.start - len(pending)  # position in this chunk (may be < 0)
                line = lines_before + (chunk.count(b"\n", 0, offset) if offset > 0 else 0) + 1
                byte = data[error.start]
                message = f"not UTF-8 text (byte 0x{byte:02x} on line {line}); save it as UTF-8"
                raise InputError(f"{path}: {message}") from None
        has_text = has_text or bool(chunk.strip(WHITESPACE))
        has_quote = has_quote or b'"' in chunk
        lines_before += chunk.count(b"\n")
    if pending:
        raise InputError(
            f"{path}: not UTF-8 text (byte 0x{pending[0]:02x} on line {lines_before + 1}); save it as UTF-8"
        )
    if not has_text:
        raise InputError(f"{path}: file is empty (no header)")
    return has_quote


def read_header(path: Path) -> list[str]:
    """Pass 2: the first record, names trimmed."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, [])
            while not header:  # blank lines before the header
                header = next(reader)
        except StopIteration:
            raise InputError(f"{path}: file is empty (no header)") from None
        except csv.Error as error:
            raise InputError(f"{path}: header is not valid CSV ({error})") from None
    return [name.strip() for name in header]


def check_header(path: Path | str, raw: RawFile, header: list[str], notes: list[str]) -> tuple[str, ...]:
    """Stop on a missing or repeated column; note what will be padded or
    ignored. Returns the names dbt reads the columns under. `path` is a
    local path or a remote file's URI (scripts/remote_inputs.py)."""
    file_name = path.name if isinstance(path, Path) else path.rsplit("/", 1)[-1]
    missing = [name for name in raw.required if name not in header]
    if missing:
        raise InputError(f"{path}: missing required column(s): {', '.join(missing)}")
    named = [name for name in header if name]
    duplicated = sorted({name for name in named if named.count(name) > 1})
    if duplicated:
        raise InputError(f"{path}: column(s) appear more than once: {', '.join(duplicated)}")
    absent = [name for name in raw.optional if name not in header]
    if absent:
        notes.append(
            f"{file_name}: {len(absent)} optional column(s) absent, loaded empty: {', '.join(absent)}"
        )
    return tuple(name or f"column_{position}" for position, name in enumerate(header, start=1))


def ignored_columns(raw: RawFile, columns: tuple[str, ...]) -> list[int]:
    """Positions (0-based) of the columns staging does not read."""
    known = {*raw.required, *raw.optional}
    return [position for position, name in enumerate(columns) if name not in known]


def column_label(raw: RawFile, columns: tuple[str, ...], position: int) -> str:
    if raw.trailing_unnamed and position == len(columns) - 1 and columns[position].startswith("column_"):
        return "<trailing unnamed>"
    name = columns[position]
    return f"<unnamed column {position + 1}>" if name.startswith("column_") else name


def count_with_python(path: Path, columns: tuple[str, ...], ignored: list[int]) -> tuple[int, bool, int]:
    """Pass 3 for a file with quotes: Python's strict CSV reader, streaming.
    Returns (data rows, whether a record spans lines, non-empty ignored values)."""
    rows = ignored_values = 0
    multiline = False
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, strict=True)
        next(reader)
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
            multiline = multiline or reader.line_num > line
            if len(record) > len(columns):
                raise InputError(
                    f"{path}: data row {rows} (line {line}) has {len(record)} fields, "
                    f"the header has {len(columns)}"
                )
            ignored_values += sum(1 for i in ignored if i < len(record) and record[i].strip())
    return rows, multiline, ignored_values


def count_with_duckdb(path: Path, columns: tuple[str, ...], ignored: list[int]) -> tuple[int, int]:
    """Pass 3 for a file without quotes (one record per line): DuckDB's
    parallel CSV reader in strict mode; a line with more fields than the
    header lands in its rejects table. Returns (data rows, non-empty ignored
    values)."""
    names = CheckedFile(path, columns, 0, False).source_var()
    relation = (
        f"read_csv({names['path']}, header = true, names = {names['columns']}, all_varchar = true, "
        "delim = ',', quote = '\"', escape = '\"', strict_mode = true, store_rejects = true)"
    )
    ignored_counts = "".join(f", count(nullif(trim({sql_identifier(columns[i])}), ''))" for i in ignored)
    with duckdb.connect() as con:
        # fetchall: the rejects table is complete only once the result is
        (counted,) = con.execute(f"select count(*){ignored_counts} from {relation}").fetchall()
        try:  # DuckDB creates the rejects table only when a line was rejected
            rejects = con.execute(
                "select line, error_type from reject_errors group by all order by line"
            ).fetchall()
        except duckdb.CatalogException:
            rejects = []
    too_many = [line for line, error in rejects if error == "TOO MANY COLUMNS"]
    short_rows = [line for line, error in rejects if error == "MISSING COLUMNS"]
    other = [(line, error) for line, error in rejects if error not in ("TOO MANY COLUMNS", "MISSING COLUMNS")]
    if too_many:
        report_too_many_fields(path, int(too_many[0]), len(columns))
    if other:
        raise InputError(f"{path}: line {other[0][0]} is not valid CSV ({str(other[0][1]).lower()})")
    return int(counted[0]) + len(short_rows), sum(int(value) for value in counted[1:])


def report_too_many_fields(path: Path, line_number: int, header_fields: int) -> None:
    """The one-line message for a line of a quote-free file with surplus
    fields (only on the error path: counts the data rows before it)."""
    rows = 0
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1:
                continue
            if line.strip("\r\n"):
                rows += 1
            if number == line_number:
                fields = line.rstrip("\r\n").count(",") + 1
                raise InputError(
                    f"{path}: data row {rows} (line {line_number}) has {fields} fields, "
                    f"the header has {header_fields}"
                )
    raise InputError(f"{path}: line {line_number} has more fields than the header")


def check_file(path: Path, raw: RawFile, notes: list[str]) -> CheckedFile:
    has_quote = scan_bytes(path)
    columns = check_header(path, raw, read_header(path), notes)
    ignored = ignored_columns(raw, columns)
    if has_quote:
        rows, multiline, ignored_values = count_with_python(path, columns, ignored)
    else:
        (rows, ignored_values), multiline = count_with_duckdb(path, columns, ignored), False
    if rows == 0:
        raise InputError(f"{path}: header only, no data rows")
    if ignored and (ignored_values or not raw.trailing_unnamed or ignored != [len(columns) - 1]):
        labels = ", ".join(column_label(raw, columns, position) for position in ignored)
        notes.append(f"{path.name}: ignored column(s) {labels} ({ignored_values} non-empty value(s))")
    return CheckedFile(path.absolute(), columns, rows, multiline)


def check_inputs(data_dir: Path) -> CheckedInputs:
    """Check the three raw files of a data folder; stop on the first problem."""
    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: data folder not found")
    checked = CheckedInputs()
    for raw in RAW_FILES:
        path = find_file(data_dir, raw)
        checked.files[raw.source] = check_file(path, raw, checked.notes)
    return checked
