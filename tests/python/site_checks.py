"""Checks shared by the browser tests of the site's pages: the site header
(scripts/site_header.py) and how text wraps."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from conftest import BuildResult
from offline_browser import OfflinePage

SITE_PARTS = {"index": "index.html", "report": "report.html", "dbt": "dbt/index.html", "gx": "gx/index.html"}

HEADER_JS = """(() => {
  const header = document.getElementById('site-header');
  if (!header) return null;
  const box = header.getBoundingClientRect();
  const sample = header.querySelector('.site-sample');
  return {
    dataDir: header.querySelector('.site-data-dir').innerText,
    period: header.querySelector('.site-period').innerText,
    sample: sample ? sample.innerText : null,
    visible: box.width > 0 && box.height > 0 && getComputedStyle(header).visibility !== 'hidden',
    links: Array.from(header.querySelectorAll('nav a')).map(a => [a.dataset.part, a.href,
      a.getAttribute('aria-current')]),
  };
})()"""

# Where the text of an element wraps: for each line break, the characters
# either side of it ("prev|next"). An element that does not wrap gives [].
LINE_BREAKS_JS = """el => {
  const breaks = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let lastTop = null, prev = '', node;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.length; i++) {
      if (/\\s/.test(node.data[i])) continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (!rects.length) continue;
      const top = rects[0].top;
      if (lastTop !== null && top > lastTop + 2) breaks.push(prev + '|' + node.data[i]);
      lastTop = top;
      prev = node.data[i];
    }
  }
  return breaks;
}"""


def line_breaks(page: OfflinePage, selector: str) -> dict[str, list[str]]:
    """Text of every element matching ``selector`` -> where it wraps."""
    found = page.page.eval_on_selector_all(
        selector, f"els => els.map(el => [el.textContent, ({LINE_BREAKS_JS})(el)])"
    )
    assert found, f"{page.url}: nothing matches {selector!r}"
    return {text: breaks for text, breaks in found}


def assert_site_header(
    page: OfflinePage, build: BuildResult, site_dir: Path, current: str, has_report: bool = True
) -> None:
    """The page shows the data folder, the period covered and, for the
    committed sample, the "generated sample data" banner (all as in
    marts.build_info), and links to every part of the site."""
    [(data_dir, is_sample, first, last)] = build.query(
        "select data_dir, is_sample_data, first_interaction_date, last_interaction_date from marts.build_info"
    )
    header = page.evaluate(HEADER_JS)
    assert header is not None, f"{page.url}: no site header"
    assert header["visible"], f"{page.url}: the site header is hidden"
    assert header["dataDir"] == data_dir
    assert header["period"] == f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    if is_sample:
        assert "generated sample data" in (header["sample"] or "").lower()
    else:
        assert header["sample"] is None
    links = {part: Path(unquote(urlparse(href).path)) for part, href, _ in header["links"]}
    expected = {part: site_dir / path for part, path in SITE_PARTS.items() if has_report or part != "report"}
    assert links == expected, page.url
    assert all(target.is_file() for target in links.values())
    assert [part for part, _, mark in header["links"] if mark == "page"] == [current]
