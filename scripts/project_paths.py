"""The project folder and the published database's default path, shared by the scripts."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def add_duckdb_path_argument(parser: argparse.ArgumentParser) -> None:
    """--duckdb-path: the published database, $DUCKDB_PATH or analytics.duckdb at the repo root."""
    parser.add_argument(
        "--duckdb-path",
        type=Path,
        default=Path(os.environ.get("DUCKDB_PATH") or PROJECT_DIR / "analytics.duckdb"),
        help="the published database (default: $DUCKDB_PATH or analytics.duckdb)",
    )
