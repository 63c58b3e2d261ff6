"""Print a short summary of the risk monitors in a built database.

Reads marts.risk_flags over a read-only connection and prints how many
monitors were checked, then one line per breach and one naming the
monitors without data. scripts/build.py calls summarize() after publishing; run it alone to
look at a published database. Exit status 0 whether or not a monitor
breaches: a breach is a finding, not an error.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
from project_paths import add_duckdb_path_argument

PROG = "risk_summary"


class RiskSummaryError(Exception):
    """The database cannot be read; the message names it and the problem."""


@dataclass(frozen=True)
class RiskFlag:
    monitor_key: str
    metric: str
    metric_value: float | None
    threshold_var: str
    threshold: float
    comparison: str
    status: str
    description: str


def read_flags(duckdb_path: Path) -> list[RiskFlag]:
    """Every row of marts.risk_flags, breaches first."""
    if not duckdb_path.is_file():
        raise RiskSummaryError(f"{duckdb_path}: no such database")
    try:
        with duckdb.connect(str(duckdb_path), read_only=True) as con:
            rows = con.sql(
                """
                select monitor_key, metric, metric_value, threshold_var, threshold, comparison,
                    status, description
                from marts.risk_flags
                order by case status when 'breach' then 0 when 'no_data' then 1 else 2 end, monitor_key
                """
            ).fetchall()
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0]
        raise RiskSummaryError(f"{duckdb_path}: cannot read marts.risk_flags: {first_line}") from None
    return [RiskFlag(*row) for row in rows]


def format_number(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.4g}" if abs(value) < 10 else f"{value:,.2f}"


def summarize(duckdb_path: Path) -> list[str]:
    """The summary as lines of text: a count, one line per breach, then the
    monitors without data on one line."""
    flags = read_flags(duckdb_path)
    breaches = [flag for flag in flags if flag.status == "breach"]
    no_data = [flag for flag in flags if flag.status == "no_data"]
    lines = [
        f"risk monitors: {len(flags)} checked, {len(breaches)} breached, {len(no_data)} without data"
        " (marts.risk_flags)"
    ]
    for flag in breaches:
        lines.append(
            f"  BREACH {flag.monitor_key}: {flag.metric} = {format_number(flag.metric_value)} "
            f"{flag.comparison} {format_number(flag.threshold)} ({flag.threshold_var}). {flag.description}"
        )
    if no_data:
        lines.append(f"  no data: {', '.join(flag.monitor_key for flag in no_data)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_duckdb_path_argument(parser)
    args = parser.parse_args(argv)
    try:
        lines = summarize(args.duckdb_path)
    except RiskSummaryError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
