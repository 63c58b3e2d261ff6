"""The concentration report (site/report.html, written by the build next to
the published database) opened in Debian's headless Chromium (Playwright,
tests/python/offline_browser.py) with the network off.

Checks that every chart is drawn, nothing is requested from the network, no
console error occurs, the figures shown are the database's, the page fits a
1280 px laptop screen and prints in one column, and at 1280 px and on a
390 px phone: nothing scrolls sideways, headline values and identifiers do
not break mid-word, the site header (data folder, period, sample banner,
links) is shown. Screenshots go to test-output/report-<dataset>.png and
test-output/report-<dataset>-<width>px.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import PROJECT_DIR, BuildResult
from offline_browser import OfflineContext, OfflinePage, offline_context, open_page
from playwright.sync_api import Browser
from site_checks import assert_site_header, line_breaks

pytestmark = pytest.mark.browser

OUTPUT_DIR = PROJECT_DIR / "test-output"
LAPTOP_WIDTH = 1280
PHONE_WIDTH = 390
# The charts the report must show whatever the data (issue 5).
REQUIRED_CHARTS = {
    "chart-lorenz",
    "chart-pareto",
    "chart-tiers",
    "chart-age-brackets",
    "chart-categories",
    "chart-weekday-hour",
    "chart-monthly",
}
CATALOG_CHART = "chart-catalog-categories"
# (dataset name, its build, the report opened at laptop width)
Report = tuple[str, BuildResult, OfflinePage]

# Per plotly graph div: its traces, points per trace, drawn trace groups and size.
CHARTS_JS = """
Array.from(document.querySelectorAll('.plotly-graph-div')).map(div => ({
  id: div.id,
  traces: (div.data || []).length,
  points: (div.data || []).map(t => Math.max((t.x || []).length, (t.y || []).length, (t.z || []).length)),
  svgs: div.querySelectorAll('.main-svg').length,
  drawn: div.querySelectorAll('g.trace, g.hm, image').length,
  width: Math.round(div.getBoundingClientRect().width),
  height: Math.round(div.getBoundingClientRect().height),
}))
"""


@pytest.fixture(scope="module", params=["sample", "reference"])
def report(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Report]:
    build: BuildResult = request.getfixturevalue(f"{request.param}_build")
    page, offline = open_report(browser, build, LAPTOP_WIDTH)
    yield request.param, build, page
    offline.context.close()


def open_report(browser: Browser, build: BuildResult, width: int) -> tuple[OfflinePage, OfflineContext]:
    path = build.duckdb_path.parent / "site" / "report.html"
    assert path.is_file(), f"the build wrote no report at {path}"
    phone = width < 600
    offline = offline_context(
        browser, width=width, height=844 if phone else 900, is_mobile=phone, has_touch=phone
    )
    page = open_page(offline, path)
    page.wait_for("document.querySelectorAll('.plotly-graph-div .main-svg').length > 0")
    return page, offline


@pytest.fixture(
    scope="module",
    params=[("sample", LAPTOP_WIDTH), ("sample", PHONE_WIDTH), ("reference", LAPTOP_WIDTH),
            ("reference", PHONE_WIDTH)],
    ids=lambda param: f"{param[0]}-{param[1]}px",
)  # fmt: skip
def report_at(
    request: pytest.FixtureRequest, browser: Browser
) -> Iterator[tuple[str, int, BuildResult, OfflinePage]]:
    """The report at a laptop's and at a phone's width."""
    name, width = request.param
    build: BuildResult = request.getfixturevalue(f"{name}_build")
    page, offline = open_report(browser, build, width)
    yield name, width, build, page
    offline.context.close()


def test_report_is_one_self_contained_file(report: Report) -> None:
    _, build, _ = report
    text = (build.duckdb_path.parent / "site" / "report.html").read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]*\bsrc=", text) == []
    assert re.findall(r"""<link[^>]*\bhref=["']?(?:https?:)?//""", text) == []
    assert len(re.findall(r"\* plotly\.js v\d", text)) == 1, "plotly.js must be inlined exactly once"


def test_every_chart_is_drawn_offline_without_errors(report: Report) -> None:
    name, build, page = report
    charts = {chart["id"]: chart for chart in page.evaluate(CHARTS_JS)}
    listed = set(page.evaluate("JSON.parse(document.querySelector('main').dataset.charts)"))
    assert set(charts) == listed
    assert set(charts) >= REQUIRED_CHARTS
    (known_product_interactions,) = build.query(
        "select coalesce(sum(interactions), 0) from marts.interactions_by_product_category "
        "where has_known_product"
    )[0]
    assert (CATALOG_CHART in charts) == (known_product_interactions > 0)
    for chart in charts.values():
        assert chart["traces"] > 0, chart
        assert min(chart["points"]) > 0, chart  # every trace has data
        assert chart["svgs"] > 0, chart
        assert chart["drawn"] >= chart["traces"], chart  # every trace is drawn
        assert chart["width"] > 300, chart
        assert chart["height"] > 200, chart
    assert page.external_requests == []
    assert page.failed_requests == []
    assert page.console_errors == []
    page.screenshot(OUTPUT_DIR / f"report-{name}.png")


def test_report_shows_the_database_figures(report: Report) -> None:
    _, build, page = report
    (gini,) = build.query("select value from marts.key_findings where metric = 'gini_purchase_amount'")[0]
    shown = page.evaluate(
        "document.querySelector('[data-metric=gini_purchase_amount] .value').textContent.trim()"
    )
    assert shown == f"{gini:.4f}"
    flags = dict(build.query("select monitor_key, status from marts.risk_flags"))
    rows = page.evaluate(
        "Array.from(document.querySelectorAll('table.risk-flags tbody tr'))"
        ".map(tr => [tr.dataset.monitor, tr.className])"
    )
    assert dict(rows) == {key: f"status-{status}" for key, status in flags.items()}
    # each monitor in plain language, why it matters, and its id for SQL
    names = {
        key: (name, why)
        for key, name, why in build.query(
            "select monitor_key, monitor_name, why_it_matters from marts.risk_flags"
        )
    }
    shown_names = page.evaluate(
        "Array.from(document.querySelectorAll('table.risk-flags tbody tr')).map(tr => [tr.dataset.monitor,"
        " [tr.querySelector('.monitor-name').innerText, tr.querySelector('.why').innerText,"
        " tr.querySelector('.monitor-key').innerText]])"
    )
    assert {key: tuple(texts) for key, texts in shown_names} == {
        key: (name, why, key) for key, (name, why) in names.items()
    }
    breaches = sum(status == "breach" for status in flags.values())
    assert page.evaluate("document.querySelector('[data-metric=risk_breaches] .value').textContent") == (
        f"{breaches} of {len(flags)}"
    )


def test_report_fits_a_laptop_screen_and_prints_in_one_column(report: Report) -> None:
    _, _, page = report
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP_WIDTH
    screen_columns = page.evaluate(
        "getComputedStyle(document.querySelector('.charts')).gridTemplateColumns.split(' ').length"
    )
    assert screen_columns == 2
    page.page.emulate_media(media="print")
    try:
        print_columns = page.evaluate(
            "getComputedStyle(document.querySelector('.charts')).gridTemplateColumns.split(' ').length"
        )
        pdf = page.page.pdf(print_background=True)
    finally:
        page.page.emulate_media(media="screen")
    assert print_columns == 1
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    assert page.console_errors == []


def test_report_fits_the_width_and_shows_the_site_header(
    report_at: tuple[str, int, BuildResult, OfflinePage],
) -> None:
    name, width, build, page = report_at
    page.screenshot(OUTPUT_DIR / f"report-{name}-{width}px.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    widths = page.evaluate(
        "Array.from(document.querySelectorAll('.plotly-graph-div')).map(d => d.getBoundingClientRect().width)"
    )
    assert all(0 < chart_width <= width for chart_width in widths)
    assert build.query("select is_sample_data from marts.build_info") == [(name == "sample",)]
    assert_site_header(page, build, build.duckdb_path.parent / "site", "report")
    page.assert_offline_and_clean()


def test_headline_values_and_identifiers_never_break_mid_word(
    report_at: tuple[str, int, BuildResult, OfflinePage],
) -> None:
    """A headline value stays on one line inside its card ("65.3 %" never
    splits); var names and monitor ids wrap only after '_', ':' or '.'."""
    _, _, _, page = report_at
    assert {text: breaks for text, breaks in line_breaks(page, ".headline .value").items() if breaks} == {}
    overflowing = page.evaluate(
        "Array.from(document.querySelectorAll('.headline'))"
        ".filter(card => card.scrollWidth > card.clientWidth).map(card => card.dataset.metric)"
    )
    assert overflowing == []
    extras = line_breaks(page, ".headline .extra")
    assert all(not brk.endswith("|%") for breaks in extras.values() for brk in breaks), extras
    for selector in (
        "table.risk-flags code.var",
        "table.risk-flags code.monitor-key",
        "table.key-findings code",
    ):
        mid_word = {
            text: breaks
            for text, breaks in line_breaks(page, selector).items()
            if any(brk[0] not in "_:." for brk in breaks)
        }
        assert mid_word == {}, selector


def test_shares_shown_in_percent_are_not_described_as_0_to_1(report: Report) -> None:
    _, build, page = report
    scaled = build.query(
        "select metric from marts.key_findings where description like '%(0-1)%' and metric like '%_share'"
    )
    assert scaled, "no share described as (0-1) in the database: nothing to check"
    rows = page.evaluate(
        "Array.from(document.querySelectorAll('table.risk-flags tbody tr, table.key-findings tbody tr'))"
        ".map(tr => [tr.querySelector('td.num').innerText, tr.querySelector('td:last-child').innerText])"
    )
    percent_rows = [(value, text) for value, text in rows if value.endswith("%")]
    assert len(percent_rows) >= len(scaled)
    assert [(value, text) for value, text in percent_rows if "(0-1)" in text] == []
