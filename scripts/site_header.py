"""The header every page of the site shows: what the figures were built from
and links to every part.

    [generated sample data: not real figures]          (the committed sample only)
    Data folder /path · period 2023-01-02 to 2023-12-30 · database analytics.duckdb
    Overview · Concentration report · dbt docs · Data Docs (Great Expectations)

The landing page and the report put it at the top; scripts/build_site.py
injects it into the dbt docs page (as a bar fixed at the bottom of the window,
over dbt's full-window layout) and at the top of every Data Docs page. The
facts come from marts.build_info, written by dbt from the vars
scripts/build.py sets from --data-dir.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

# (part, label, path under the site folder)
PARTS = (
    ("index", "Overview", "index.html"),
    ("report", "Concentration report", "report.html"),
    ("dbt", "dbt docs", "dbt/index.html"),
    ("gx", "Data Docs (Great Expectations)", "gx/index.html"),
)

CSS = """
.site-header { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2733;
  background: #f6f8fa; border-bottom: 1px solid #dfe3e8; padding: 6px 16px; text-align: left; }
.site-header.fixed { position: fixed; left: 0; right: 0; bottom: 0; z-index: 100000;
  border-top: 1px solid #dfe3e8; border-bottom: 0; box-shadow: 0 -2px 6px rgba(0, 0, 0, .08); }
.site-header .site-sample { display: inline-block; background: #8a4b00; color: #fff; font-weight: 700;
  border-radius: 4px; padding: 0 8px; margin-right: 8px; }
.site-header .site-facts { color: #5b6775; }
.site-header .site-facts code { font-size: 12px; color: #1d2733; background: none; padding: 0;
  overflow-wrap: anywhere; }
.site-header nav { display: flex; flex-wrap: wrap; gap: 2px 16px; margin-top: 2px; }
.site-header nav a { color: #1f5f8b; font-weight: 600; text-decoration: none; }
.site-header nav a:hover { text-decoration: underline; }
.site-header nav a[aria-current="page"] { color: #1d2733; text-decoration: underline; }
"""


@dataclass(frozen=True)
class BuildInfo:
    """One row of marts.build_info; data_dir is None for a database built
    before that table existed."""

    data_dir: str | None
    is_sample_data: bool
    first_interaction_date: date | None
    last_interaction_date: date | None

    @property
    def period(self) -> str:
        if self.first_interaction_date is None or self.last_interaction_date is None:
            return "no valid interactions"
        return f"{self.first_interaction_date:%Y-%m-%d} to {self.last_interaction_date:%Y-%m-%d}"


def read_build_info(con: duckdb.DuckDBPyConnection) -> BuildInfo:
    try:
        rows = con.sql(
            "select data_dir, is_sample_data, first_interaction_date, last_interaction_date"
            " from marts.build_info"
        ).fetchall()
    except duckdb.CatalogException:
        return BuildInfo(None, False, None, None)
    if len(rows) != 1:
        return BuildInfo(None, False, None, None)
    data_dir, is_sample, first, last = rows[0]
    return BuildInfo(data_dir, bool(is_sample), first, last)


def header_html(
    info: BuildInfo,
    database: Path,
    site_dir: Path,
    page: Path,
    current: str,
    has_report: bool = True,
    fixed: bool = False,
) -> str:
    """The header for ``page`` (a file under ``site_dir``), links relative to it."""
    links = []
    for part, label, path in PARTS:
        if part == "report" and not has_report:
            continue
        href = os.path.relpath(site_dir / path, page.parent).replace(os.sep, "/")
        mark = ' aria-current="page"' if part == current else ""
        links.append(f'<a href="{html.escape(href)}" data-part="{part}"{mark}>{html.escape(label)}</a>')
    sample = (
        '<span class="site-sample">Generated sample data: not real figures</span>'
        if info.is_sample_data
        else ""
    )
    folder = html.escape(info.data_dir) if info.data_dir is not None else "unknown (no marts.build_info)"
    return (
        f"<style>{CSS}</style>"
        f'<header class="site-header{" fixed" if fixed else ""}" id="site-header"'
        f' data-sample="{str(info.is_sample_data).lower()}">'
        f'<div>{sample}<span class="site-facts">Data folder <code class="site-data-dir">{folder}</code>'
        f' &middot; period covered <span class="site-period">{html.escape(info.period)}</span>'
        f" (first to last valid interaction) &middot; database <code>{html.escape(database.name)}</code>"
        f"</span></div>"
        f'<nav aria-label="site">{"".join(links)}</nav></header>'
    )
