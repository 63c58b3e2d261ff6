"""The raw files of a folder only Spark reads (hdfs://, s3a://, file://...).

The build cannot scan such files byte by byte or count their rows (that is
scripts/inputs.py's job for a local folder): Spark's read, row_accounting
and dbt's tests check the rows. What it still does, through Spark's own
file system layer (a small local pyspark session, so any scheme the Spark
installation reads works): find each file under its canonical names and
read its header line, checked exactly as a local header is (missing or
repeated columns stop the build with the same one-line messages), so the
DBT_RAW_FILES names the columns as for a local folder.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass

from scripts.inputs import RAW_FILES, CheckedInputs, InputError, RawFile, check_header, source_var

# first lines of a file, or None when the file does not exist
HeaderReader = Callable[[str], list[str] | None]
HEADER_LINES = 20  # blank lines may precede the header (as inputs.read_header allows)


def is_remote(data_dir: str) -> bool:
    """A folder named by URI (hdfs://, s3a://, file://): not a local path."""
    return "://" in data_dir


@dataclass(frozen=True)
class RemoteFile:
    """A raw file named by URI: header checked, rows not counted here."""

    path: str
    columns: tuple[str, ...]  # header names as read (trimmed; unnamed ones named column_<n>)
    rows: None = None
    has_multiline_records: bool = False

    def source_var(self) -> dict[str, str]:
        """Its entry in DBT_RAW_FILES, as inputs.CheckedFile's. Not
        scanned, the file may hold a quoted field that spans lines, so Spark
        reads it whole (multiLine: one task per file) rather than split at
        line breaks, which would cut such a record in two."""
        return source_var(self.path, self.columns, parallel=False)


def spark_first_lines(uri: str) -> list[str] | None:
    """The first lines of a file through a local Spark session's file system
    (Hadoop's: hdfs://, s3a://, file://, whatever is configured), or None
    when there is no such file."""
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[1]")
        .appName("raw-file headers")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    jvm = spark.sparkContext._jvm  # Hadoop's FileSystem has no Python API
    path = jvm.org.apache.hadoop.fs.Path(uri)
    if not path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(path):
        return None
    return [row.value for row in spark.read.text(uri).take(HEADER_LINES)]


def parse_header(uri: str, lines: list[str]) -> list[str]:
    """The header record of a file's first lines, names trimmed."""
    for line in lines:
        if line.strip():
            try:
                record = next(csv.reader([line.lstrip("\ufeff")], strict=True))
            except csv.Error as error:
                raise InputError(f"{uri}: header is not valid CSV ({error})") from None
            return [name.strip() for name in record]
    raise InputError(f"{uri}: file is empty (no header)")


def find_remote_file(data_dir: str, raw: RawFile, first_lines: HeaderReader) -> tuple[str, list[str]]:
    for name in raw.names:
        uri = f"{data_dir.rstrip('/')}/{name}"
        lines = first_lines(uri)
        if lines is not None:
            return uri, lines
    raise InputError(f"{data_dir}: no {' or '.join(raw.names)} in the data folder")


def remote_inputs(data_dir: str, first_lines: HeaderReader = spark_first_lines) -> CheckedInputs:
    """The three raw files of a remote folder, their headers checked."""
    inputs = CheckedInputs()
    for raw in RAW_FILES:
        uri, lines = find_remote_file(data_dir, raw, first_lines)
        columns = check_header(uri, raw, parse_header(uri, lines), inputs.notes)
        inputs.files[raw.source] = RemoteFile(uri, columns)  # type: ignore[assignment]
    inputs.notes.append(
        f"{data_dir}: not a local folder: headers checked through Spark; the byte and row-count "
        "checks of scripts/inputs.py are skipped (Spark reads the rows; row_accounting and dbt's "
        "tests check them)"
    )
    return inputs
