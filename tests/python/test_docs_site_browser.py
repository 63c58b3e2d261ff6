"""The docs site of the sample build, opened from file:// in Debian's headless
Chromium (Playwright, tests/python/offline_browser.py) with the network off:
every page loads with its scripts and styles, nothing is requested from off
the machine, no console errors. Screenshots go to test-output/docs-site/."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, BuildResult
from offline_browser import CHROMIUM, OfflineContext, offline_context, open_page
from playwright.sync_api import Browser
from site_checks import assert_site_header

from scripts.project_paths import step_command

SCREENSHOTS = PROJECT_DIR / "test-output" / "docs-site"
VALIDATION_ROWS = 'tr.clickable-row[data-href^="validations/"]'


@pytest.fixture(scope="module")
def site(sample_build: BuildResult) -> Path:
    site_dir = sample_build.duckdb_path.parent / "site"
    assert (site_dir / "index.html").is_file(), sample_build.stdout + sample_build.stderr
    return site_dir


@pytest.fixture
def offline(browser: Browser) -> Iterator[OfflineContext]:
    """A fresh 1280 x 900 context per test, every request through the offline route."""
    context = offline_context(browser)
    yield context
    context.context.close()


@pytest.mark.browser
def test_landing_page_links_every_part(site: Path, offline: OfflineContext, sample_build: BuildResult):
    page = open_page(offline, site / "index.html")
    page.screenshot(SCREENSHOTS / "index.png")
    page.assert_offline_and_clean()
    assert_site_header(page, sample_build, site, "index", has_report=(site / "report.html").is_file())
    links = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    assert "dbt/index.html" in links
    assert "gx/index.html" in links
    for link in links:
        assert (site / link).is_file(), f"index.html links to {link}, which is not in {site}"
    if (site / "report.html").is_file():
        assert "report.html" in links
    else:
        assert "report not built" in page.evaluate("document.body.innerText")


@pytest.mark.browser
def test_landing_page_shows_the_state_at_a_glance(
    site: Path, offline: OfflineContext, sample_build: BuildResult
):
    """The figures and breached monitors on the landing page are the published database's."""
    page = open_page(offline, site / "index.html")
    text = page.evaluate("document.getElementById('glance').innerText")
    with sample_build.connect() as con:
        [(customers, revenue)] = con.sql(
            "select max(value) filter (where metric = 'customers'),"
            " max(value) filter (where metric = 'total_revenue_usd') from marts.key_findings"
        ).fetchall()
        breached = con.sql(
            "select monitor_key, monitor_name, why_it_matters from marts.risk_flags where status = 'breach'"
        )
        breaches = breached.fetchall()
    assert f"{customers:,.0f}" in text
    assert f"${revenue:,.0f}" in text
    assert f"{len(breaches)} in breach" in text
    listed = page.evaluate(
        "Array.from(document.querySelectorAll('#glance ul.breaches li'))"
        ".map(li => [li.dataset.monitor, li.querySelector('strong').innerText,"
        " li.querySelector('.why').innerText])"
    )
    assert sorted(map(tuple, listed)) == sorted(breaches)
    assert all(key in text and name in text for key, name, _ in breaches)


@pytest.mark.browser
def test_gx_index_lists_validation_results_offline(
    site: Path, offline: OfflineContext, sample_build: BuildResult
):
    page = open_page(offline, site / "gx" / "index.html")
    # bootstrap-table draws the results table from data in the page: the rows
    # exist only when jQuery and bootstrap-table loaded from the vendored copies.
    rows = page.wait_for(f"document.querySelectorAll('{VALIDATION_ROWS}').length")
    page.screenshot(SCREENSHOTS / "gx-index.png")
    page.assert_offline_and_clean()
    assert rows >= 1
    assert_site_header(page, sample_build, site, "gx")
    assert page.evaluate("typeof jQuery === 'function' && typeof jQuery.fn.bootstrapTable === 'function'")
    assert page.evaluate("getComputedStyle(document.querySelector('nav.navbar')).display") == "flex"
    assert page.evaluate("""document.fonts.check('900 16px "Font Awesome 6 Free"')""")
    targets = page.evaluate(
        f"Array.from(document.querySelectorAll('{VALIDATION_ROWS}')).map(r => r.dataset.href)"
    )
    assert all((site / "gx" / target).is_file() for target in targets)


@pytest.mark.browser
def test_gx_validation_result_page_renders(site: Path, offline: OfflineContext, sample_build: BuildResult):
    index = open_page(offline, site / "gx" / "index.html")
    index.wait_for(f"document.querySelectorAll('{VALIDATION_ROWS}').length")
    target = index.evaluate(f"document.querySelector('{VALIDATION_ROWS}').dataset.href")
    page = open_page(offline, site / "gx" / target)
    page.screenshot(SCREENSHOTS / "gx-validation-result.png")
    page.assert_offline_and_clean()
    text = page.evaluate("document.body.innerText")
    assert "Expectation Suite" in text
    assert "Succeeded" in text
    assert page.evaluate("typeof vega === 'object' && typeof vegaEmbed === 'function'")
    assert_site_header(page, sample_build, site, "gx")
    # GX's Home breadcrumb leads back to the site; "Data Docs" to the GX index
    crumbs = page.evaluate(
        "Array.from(document.querySelectorAll('.ge-breadcrumbs a')).map(a => [a.innerText, a.href])"
    )
    assert crumbs == [
        ["Home", (site / "index.html").as_uri()],
        ["Data Docs", (site / "gx" / "index.html").as_uri()],
    ]


@pytest.mark.browser
def test_dbt_docs_show_the_marts_and_exposures(
    site: Path, offline: OfflineContext, sample_build: BuildResult
):
    page = open_page(offline, site / "dbt" / "index.html")
    page.wait_for("document.body.innerText.includes('Exposures')")
    assert_site_header(page, sample_build, site, "dbt")
    page.screenshot(SCREENSHOTS / "dbt-overview.png")
    page.evaluate("location.hash = '#!/model/model.ecommerce_concentration.key_findings'")
    page.wait_for("document.body.innerText.includes('marts.key_findings')")
    page.screenshot(SCREENSHOTS / "dbt-key-findings.png")
    page.evaluate("location.hash = '#!/exposure/exposure.ecommerce_concentration.concentration_report'")
    page.wait_for("document.body.innerText.includes('site/report.html')")
    page.screenshot(SCREENSHOTS / "dbt-exposure-report.png")
    assert "key_findings" in page.evaluate("document.body.innerText")
    page.assert_offline_and_clean()


def test_docs_alone_builds_the_site_from_a_published_database(sample_build: BuildResult, tmp_path: Path):
    """`make docs` = build_site.py on a published file: it compiles dbt docs
    and runs the checkpoint itself; no report next to it yet."""
    published = tmp_path / "analytics.duckdb"
    shutil.copy(sample_build.duckdb_path, published)
    result = subprocess.run(
        step_command("build_site", "--duckdb-path", str(published)),
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    site_dir = tmp_path / "site"
    assert (site_dir / "dbt" / "index.html").is_file()
    assert any((site_dir / "gx" / "validations").rglob("*.html"))
    index = (site_dir / "index.html").read_text()
    assert "report not built" in index
    assert 'href="report.html"' not in index
    assert 'id="site-header"' in index
    assert 'data-part="report"' not in (site_dir / "dbt" / "index.html").read_text()


@pytest.mark.browser
def test_the_browser_is_debians_chromium_and_stays_offline(
    browser: Browser, offline: OfflineContext, tmp_path: Path
):
    """The harness itself: Playwright drives /usr/bin/chromium (no downloaded
    browser) and a page asking the network is caught, not served."""
    version = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, check=True).stdout
    assert browser.version in version
    page_file = tmp_path / "leaky.html"
    page_file.write_text(
        '<img src="https://example.com/pixel.png">'
        "<script>fetch('http://example.org/data.json').catch(() => {})</script>"
    )
    page = open_page(offline, page_file)
    assert set(page.external_requests) == {"https://example.com/pixel.png", "http://example.org/data.json"}
    assert set(offline.blocked) == set(page.external_requests)
    assert all("ERR_BLOCKED_BY_CLIENT" in failure for failure in page.failed_requests)
    with pytest.raises(AssertionError, match="asked the network"):
        page.assert_offline_and_clean()
