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

from scripts.project_paths import add_duckdb_path_argument

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
    unit: str | None  # the unit of the metric in key_findings (share, index, ...)


def read_flags(duckdb_path: Path) -> list[RiskFlag]:
    """Every row of marts.risk_flags, breaches first."""
    if not duckdb_path.is_file():
        raise RiskSummaryError(f"{duckdb_path}: no such database")
    try:
        with duckdb.connect(str(duckdb_path), read_only=True) as con:
            rows = con.sql(
                """
                select flags.monitor_key, flags.metric, flags.metric_value, flags.threshold_var,
                    flags.threshold, flags.comparison, flags.status, flags.description, findings.unit
                from marts.risk_flags as flags
                left join marts.key_findings as findings on flags.metric = findings.metric
                order by case flags.status when 'breach' then 0 when 'no_data' then 1 else 2 end,
                    flags.monitor_key
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


def format_value(value: float | None, unit: str | None) -> str:
    """A value as its key_findings unit says: a share as a percentage, usd
    with a dollar sign, a count whole, a month as yyyy-mm; an index (or no
    unit) as a plain number."""
    if value is None:
        return "n/a"
    if unit == "share":
        return f"{value * 100:.2f} %"
    if unit == "usd":
        return f"${value:,.2f}"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "month":
        return f"{int(value) // 100}-{int(value) % 100:02d}"
    return format_number(value)


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
            f"  BREACH {flag.monitor_key}: {flag.metric} = {format_value(flag.metric_value, flag.unit)} "
            f"{flag.comparison} {format_value(flag.threshold, flag.unit)} ({flag.threshold_var}). "
            f"{flag.description}"
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
