"""Build the offline docs site from a published database.

    <site-dir>/index.html   landing page: links to the three parts below
    <site-dir>/dbt/         dbt docs (`dbt docs generate --static`: one page)
    <site-dir>/gx/          Great Expectations Data Docs (suites, validation results)
    <site-dir>/report.html  the concentration report (written by build_report.py;
                            the landing page says "report not built" without it)

Everything opens from file:// with no network: the CDN files GX Data Docs load
(Bootstrap, jQuery, bootstrap-table, Font Awesome, Vega) are replaced by the
copies vendored from npm in site_assets/vendor/ (see site_assets/assets.json);
a page still pointing off the machine stops the run.

The database is never copied nor opened for writing. `make build` passes its
work folder (dbt docs generated from the build file before it was published)
and its Data Docs; run alone (`make docs`) this script runs dbt docs generate
with the `docs` target (the published file attached read-only) and the GX
checkpoint itself.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from scripts.build_report import format_metric
from scripts.project_paths import (
    PROJECT_DIR,
    SITE_ASSETS_DIR,
    add_duckdb_path_argument,
    dbt_command,
    step_command,
)
from scripts.site_header import BuildInfo, header_html, read_build_info

ASSETS_DIR = SITE_ASSETS_DIR
VENDOR_DIR = ASSETS_DIR / "vendor"
PROG = "build_site"

GX_WEB_ASSETS = re.compile(r"https://great-expectations-web-assets\.s3[^\"')\s]*?/([\w.-]+\.png)[^\"')\s]*")
SRI_ATTRIBUTES = re.compile(r"\s(?:integrity|crossorigin)=\"[^\"]*\"")
# What a page loads by itself (not what a reader may click): src=, <link href=,
# CSS url() and @import.
LOADED_URL = re.compile(
    r"""(?:\ssrc=["']|<link\b[^>]*\bhref=["']|url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]+)""",
    re.IGNORECASE,
)


# Two template slips in dbt's static page make the browser request URLs that
# do not exist: SVG icons whose href is an un-interpolated Angular expression
# (ng-attr- sets it once interpolated) and a favicon left as a webpack
# placeholder (an empty data: icon instead).
DBT_PAGE_FIXES = (
    ('<use xlink:href="{{ getIcon', '<use ng-attr-xlink:href="{{ getIcon'),
    ("href=\"${require('./assets/favicons/favicon.ico')}\"", 'href="data:,"'),
)
# GX links the favicon of validation pages one folder too high.
GX_FAVICON = re.compile(r'href="(?:\.\./)*static/images/favicon\.ico"')
# GX's "Home" breadcrumb (to the Data Docs index): Home becomes the site's
# landing page, followed by a "Data Docs" crumb to the GX index.
GX_HOME_CRUMB = re.compile(
    r'(<li class="[^"]*breadcrumb-item[^"]*">)<a href="((?:\.\./)*index\.html)">Home</a></li>'
)
BODY_TAG = re.compile(r"<body\b[^>]*>")


class SiteError(Exception):
    """The site could not be built; the message is one line."""


@dataclass(frozen=True)
class Asset:
    url: str
    path: str  # under the vendor folder: <package>/<file>


def load_assets() -> list[Asset]:
    manifest = json.loads((ASSETS_DIR / "assets.json").read_text())
    return [Asset(item["url"], f"{item['package']}/{item['file']}") for item in manifest["assets"]]


def run(command: list[str], env: dict[str, str], log_file: Path, what: str) -> int:
    with open(log_file, "w") as out:
        result = subprocess.run(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0 and what:
        lines = log_file.read_text(errors="replace").strip().splitlines()
        raise SiteError(
            f"{what} failed (exit {result.returncode}): {lines[-1] if lines else ''}; log: {log_file}"
        )
    return result.returncode


def dbt_docs(duckdb_path: Path, work_dir: Path, build_work_dir: Path | None) -> Path:
    """dbt's static docs page.

    After a build (scripts/build.py), the page the build generated from its
    own build file before publishing it: no dbt run, no copy. On its own
    (make docs), `dbt docs generate --static` with the profile's `docs`
    target, which attaches the published file read-only under its own
    database name: the file is neither copied nor locked against readers."""
    if build_work_dir is not None:
        page = build_work_dir / "target" / "static_index.html"
        if not page.is_file():
            raise SiteError(f"{page}: the build wrote no dbt docs page")
        return page
    target = work_dir / "target"
    env = {
        **os.environ,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
        "DBT_DOCS_DUCKDB_PATH": str(duckdb_path),
        "DBT_DOCS_DATABASE": duckdb_path.stem,
    }
    command = dbt_command([["docs", "generate", "--static", "--target", "docs"]], target, work_dir / "logs")
    run(command, env, work_dir / "dbt_docs.log", "dbt docs generate")
    page = target / "static_index.html"
    if not page.is_file():
        raise SiteError(f"{page}: dbt docs generate wrote no static page")
    return page


def gx_data_docs(duckdb_path: Path, work_dir: Path, manifest: Path) -> Path:
    """Run the checkpoint on the database for its Data Docs (failures are
    shown in the Data Docs, and here, but do not stop the site), with the
    manifest dbt docs just wrote (no second parse)."""
    context_dir = work_dir / "gx"
    command = step_command("run_gx_checkpoint", "--duckdb-path", str(duckdb_path),
                           "--context-dir", str(context_dir), "--manifest", str(manifest))  # fmt: skip
    code = run(
        command,
        dict(os.environ),
        work_dir / "gx_checkpoint.log",
        "",
    )
    if code not in (0, 1):
        log_text = (work_dir / "gx_checkpoint.log").read_text(errors="replace").strip().splitlines()
        raise SiteError(f"Great Expectations checkpoint failed: {log_text[-1] if log_text else code}")
    if code == 1:
        print(f"[{PROG}] warning: failed expectations, see {work_dir / 'gx_checkpoint.log'}", file=sys.stderr)
    return context_dir / "uncommitted" / "data_docs" / "local_site"


def relative(target: Path, page: Path) -> str:
    return os.path.relpath(target, page.parent).replace(os.sep, "/")


def inject_header(page: Path, header: str) -> None:
    """Put the site header right after the page's <body> tag."""
    text = page.read_text()
    body = BODY_TAG.search(text)
    if body is None:
        raise SiteError(f"{page}: no <body> tag to put the site header after")
    page.write_text(text[: body.end()] + header + text[body.end() :])


def link_gx_home_to_site(page: Path, site_index: Path) -> None:
    """GX's Home breadcrumb leads to the site's landing page; the GX index
    stays one crumb further as "Data Docs"."""
    home = relative(site_index, page)
    text = GX_HOME_CRUMB.sub(
        lambda m: (
            f'{m[1]}<a href="{home}" data-part="index">Home</a></li>{m[1]}<a href="{m[2]}">Data Docs</a></li>'
        ),
        page.read_text(),
    )
    page.write_text(text)


def localise_gx_docs(gx_dir: Path, assets: list[Asset]) -> int:
    """Point every GX page at vendored copies of its CDN files; return the
    number of pages. Raises if anything would still load from off the machine."""
    vendor = gx_dir / "static" / "vendor"
    shutil.rmtree(vendor, ignore_errors=True)
    shutil.copytree(VENDOR_DIR, vendor)
    images = gx_dir / "static" / "images"
    pages = sorted([*gx_dir.rglob("*.html"), *gx_dir.rglob("*.css")])
    by_length = sorted(assets, key=lambda asset: len(asset.url), reverse=True)
    for page in pages:
        if vendor in page.parents:
            continue
        text = page.read_text()
        text = SRI_ATTRIBUTES.sub("", text)
        for asset in by_length:
            text = text.replace(asset.url, relative(vendor / asset.path, page))
        # The logo GX fetches from its web assets bucket (with the context id
        # in the query) is shipped in static/images/ too.
        text = GX_WEB_ASSETS.sub(relative(images / "logo-long.png", page), text)
        text = GX_FAVICON.sub(f'href="{relative(images / "favicon.ico", page)}"', text)
        remaining = LOADED_URL.findall(text)
        if remaining:
            raise SiteError(f"{page}: still loads {remaining[0]} (add it to site_assets/assets.json)")
        page.write_text(text)
    return len(pages)


def gx_pages(gx_dir: Path) -> list[Path]:
    """The Data Docs' own HTML pages (not the vendored files)."""
    vendor = gx_dir / "static" / "vendor"
    return sorted(page for page in gx_dir.rglob("*.html") if vendor not in page.parents)


def read_info(duckdb_path: Path) -> BuildInfo:
    """marts.build_info of the published database (read-only)."""
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        return read_build_info(con)


def count_validation_results(gx_dir: Path) -> int:
    return (
        sum(1 for _ in (gx_dir / "validations").rglob("*.html")) if (gx_dir / "validations").is_dir() else 0
    )


INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>E-commerce concentration: data docs</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
         color: #1d2430; line-height: 1.5; }}
  h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }}
  .meta {{ color: #5b6575; font-size: .9rem; margin-top: 0; }}
  ul {{ list-style: none; padding: 0; }}
  li {{ border: 1px solid #d5dae1; border-radius: 6px; padding: .8rem 1rem; margin: .8rem 0; }}
  li a {{ font-weight: 600; font-size: 1.1rem; }}
  .missing {{ color: #8a4b00; font-weight: 600; }}
  p.part {{ margin: .3rem 0 0; }}
  table.glance {{ border-collapse: collapse; margin: 1rem 0; width: 100%; }}
  table.glance td {{ padding: .25rem .5rem; border-bottom: 1px solid #e6e9ee; }}
  table.glance td.value {{ text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }}
  .breach {{ color: #a4161a; }}
  ul.breaches li {{ border: 0; border-left: 3px solid #a4161a; border-radius: 0; padding: .2rem .8rem;
                   margin: .4rem 0; }}
  .why {{ color: #5b6575; font-size: .9rem; }}
  code.monitor-key {{ color: #5b6575; font-size: .75rem; overflow-wrap: anywhere; }}
</style>
</head>
<body>
{header}
<h1>E-commerce concentration: data docs</h1>
<p class="meta">Database <code>{database}</code> &middot; site built {built}</p>
{glance}
<ul>
  <li id="report">{report}
    <p class="part">Where revenue and activity are concentrated: key findings, Lorenz and Pareto
    curves, tiers, brackets, categories, time patterns and risk flags.</p></li>
  <li id="dbt"><a href="dbt/index.html">dbt docs</a>
    <p class="part">Lineage from the raw files to the marts; every model and column described;
    exposures for the analysts' database and the report.</p></li>
  <li id="gx"><a href="gx/index.html">Great Expectations Data Docs</a>
    <p class="part">{suites} expectation suites (raw, staging, marts) and {results} validation
    results of the build's checkpoint.</p></li>
</ul>
</body>
</html>
"""


def glance(duckdb_path: Path) -> str:
    """The headline figures marked landing_page in var key_findings and the
    risk monitors in breach (plain-language name, why it matters, id for
    SQL), read from the published database, so a risk owner sees the state
    before any click."""
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        findings = con.sql(
            "select metric, value, headline_label from marts.key_findings"
            " where on_landing_page order by figure_order, metric"
        ).fetchall()
        breaches = con.sql(
            "select monitor_key, monitor_name, why_it_matters from marts.risk_flags"
            " where status = 'breach' order by monitor_key"
        ).fetchall()
        [(total,)] = con.sql("select count(*) from marts.risk_flags").fetchall()
    rows = [
        f'<tr><td>{html.escape(label)}</td><td class="value">{html.escape(format_metric(metric, value))}'
        "</td></tr>"
        for metric, value, label in findings
    ]
    state = (
        f'<span class="breach">{len(breaches)} in breach</span> of {total}'
        if breaches
        else f"none in breach of {total}"
    )
    rows.append(f'<tr><td>Risk monitors (marts.risk_flags)</td><td class="value">{state}</td></tr>')
    items = "".join(
        f'<li data-monitor="{html.escape(key)}"><strong>{html.escape(name)}</strong>'
        f' <code class="monitor-key">{html.escape(key)}</code><br>'
        f'<span class="why">{html.escape(why)}</span></li>'
        for key, name, why in breaches
    )
    breach_list = f'<ul class="breaches">{items}</ul>' if breaches else ""
    return '<div id="glance"><table class="glance">\n' + "\n".join(rows) + f"\n</table>\n{breach_list}</div>"


def write_index(site_dir: Path, duckdb_path: Path, info: BuildInfo, suites: int, results: int) -> Path:
    has_report = (site_dir / "report.html").is_file()
    report = (
        '<a href="report.html">Concentration report</a>'
        if has_report
        else 'Concentration report: <span class="missing">report not built</span>'
    )
    page = site_dir / "index.html"
    page.write_text(
        INDEX_TEMPLATE.format(
            header=header_html(info, duckdb_path, site_dir, page, "index", has_report),
            database=html.escape(str(duckdb_path)),
            built=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            report=report,
            glance=glance(duckdb_path),
            suites=suites,
            results=results,
        )
    )
    return page


def replace_dir(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)


def build_site(
    duckdb_path: Path,
    site_dir: Path,
    build_work_dir: Path | None = None,
    gx_docs_dir: Path | None = None,
) -> Path:
    if not duckdb_path.is_file():
        raise SiteError(f"{duckdb_path}: database not found")
    assets = load_assets()
    missing = [asset.path for asset in assets if not (VENDOR_DIR / asset.path).is_file()]
    if missing:
        raise SiteError(f"{VENDOR_DIR / missing[0]}: vendored file missing (run make site-assets)")
    site_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="site-", dir=site_dir.parent) as tmp:
        work_dir = Path(tmp)
        static_page = dbt_docs(duckdb_path, work_dir, build_work_dir)
        manifest = static_page.with_name("manifest.json")
        gx_source = gx_docs_dir if gx_docs_dir is not None else gx_data_docs(duckdb_path, work_dir, manifest)
        if not (gx_source / "index.html").is_file():
            raise SiteError(f"{gx_source}: no GX Data Docs index.html")
        info = read_info(duckdb_path)
        has_report = (site_dir / "report.html").is_file()
        staged = work_dir / "site"
        (staged / "dbt").mkdir(parents=True)
        text = static_page.read_text()
        for old, new in DBT_PAGE_FIXES:
            text = text.replace(old, new)
        dbt_page = staged / "dbt" / "index.html"
        dbt_page.write_text(text)
        inject_header(
            dbt_page, header_html(info, duckdb_path, staged, dbt_page, "dbt", has_report, fixed=True)
        )
        shutil.copytree(gx_source, staged / "gx")
        localise_gx_docs(staged / "gx", assets)
        for page in gx_pages(staged / "gx"):
            inject_header(page, header_html(info, duckdb_path, staged, page, "gx", has_report))
            link_gx_home_to_site(page, staged / "index.html")
        suites = sum(1 for _ in (staged / "gx" / "expectations").rglob("*.html"))
        results = count_validation_results(staged / "gx")
        replace_dir(staged / "dbt", site_dir / "dbt")
        replace_dir(staged / "gx", site_dir / "gx")
    return write_index(site_dir, duckdb_path, info, suites, results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_duckdb_path_argument(parser)
    parser.add_argument(
        "--site-dir", type=Path, help="where the site goes (default: site/ next to the database)"
    )
    parser.add_argument(
        "--build-work-dir",
        type=Path,
        help="scripts/build.py's work folder: reuse its dbt manifest (no compiling)",
    )
    parser.add_argument(
        "--gx-data-docs", type=Path, help="ready GX Data Docs (default: run the checkpoint on the database)"
    )
    args = parser.parse_args(argv)
    duckdb_path = args.duckdb_path.resolve()
    site_dir = (args.site_dir or duckdb_path.parent / "site").resolve()
    try:
        index = build_site(duckdb_path, site_dir, args.build_work_dir, args.gx_data_docs)
    except SiteError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    print(f"[{PROG}] {index}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
