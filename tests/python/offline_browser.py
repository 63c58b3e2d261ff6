"""Debian's Chromium under Playwright for the browser tests, network off.

pytest-playwright gives the ``browser`` fixture; tests/python/conftest.py
points its launch at Debian's Chromium (``launch_args()``: ``executable_path``,
so Playwright never downloads a browser). Usage::

    context = offline_context(browser, width=1280)
    page = open_page(context, Path("site/index.html"))
    assert page.page.title() == "..."
    page.assert_offline_and_clean()

How the network is kept off, three ways over:

* every request of the context goes through a Playwright route: only
  ``file:``, ``data:``, ``blob:`` and ``about:`` URLs go on, anything else is
  aborted before it leaves the browser and recorded in ``external_requests``;
* the page's ``request`` event records every URL it asks for, so a request the
  route did not see is still recorded (and service workers are blocked);
* Chromium gets a proxy on a closed loopback port and a host resolver that
  resolves nothing, plus the flags that stop its own background traffic.

Console errors (``console.error``, uncaught exceptions, and the browser's own
error entries such as "Failed to load resource") go to ``console_errors``;
requests that failed for any reason go to ``failed_requests``.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Route

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome-error:", "devtools:")
MESSAGE_LIMIT = 400  # characters kept of one console message
SETTLE_SECONDS = 0.5  # a page is settled after this long with no request in flight
SETTLE_TIMEOUT = 30.0
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
)


def require_chromium() -> Path:
    """The Chromium binary; skip the test (fail under CI) when it is absent."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"{CHROMIUM} not found: run `make chromium` (installs Debian's chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def launch_args() -> dict[str, Any]:
    """Playwright launch options: Debian's Chromium, headless, no way out."""
    return {
        "executable_path": str(require_chromium()),
        "headless": True,
        "args": [
            *CHROMIUM_FLAGS,
            f"--proxy-server=127.0.0.1:{closed_port()}",
            "--proxy-bypass-list=<-loopback>",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ],
    }


def is_local(url: str) -> bool:
    return url.startswith(LOCAL_SCHEMES)


class OfflineContext:
    """What the route of one browser context let through or blocked."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.blocked: list[str] = []

    def route(self, route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            if url not in self.blocked:
                self.blocked.append(url)
            route.abort("blockedbyclient")


def offline_context(browser: Browser, width: int = 1280, height: int = 900, **options: Any) -> OfflineContext:
    """A fresh context (empty profile) whose requests all pass the offline route."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        service_workers="block",
        **options,
    )
    offline = OfflineContext(context)
    context.route("**/*", offline.route)
    return offline


class OfflinePage:
    """One tab. Its lists of errors and requests grow as events arrive."""

    def __init__(self, offline: OfflineContext, page: Page) -> None:
        self.offline = offline
        self.page = page
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.requested_urls: list[str] = []
        self._external: list[str] = []
        self._in_flight: set[Request] = set()
        page.on("request", self._on_request)
        page.on("requestfinished", lambda request: self._in_flight.discard(request))
        page.on("requestfailed", self._on_request_failed)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._error(f"uncaught: {error}"))

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def external_requests(self) -> list[str]:
        """Every non-local URL asked for: seen by the page or blocked by the route."""
        return [*self._external, *(url for url in self.offline.blocked if url not in self._external)]

    def _on_request(self, request: Request) -> None:
        self.requested_urls.append(request.url)
        self._in_flight.add(request)
        if not is_local(request.url) and request.url not in self._external:
            self._external.append(request.url)

    def _on_request_failed(self, request: Request) -> None:
        self._in_flight.discard(request)
        self.failed_requests.append(f"{request.url}: {request.failure or 'failed'}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "assert"):
            self._error(f"console.{message.type}: {message.text} {message.location.get('url', '')}")

    def _error(self, message: str) -> None:
        if len(message) > MESSAGE_LIMIT:
            message = message[:MESSAGE_LIMIT] + f"... ({len(message)} characters)"
        self.console_errors.append(message)

    def goto(self, location: Path | str) -> None:
        """Load a page (its load event), then let it settle."""
        url = location.resolve().as_uri() if isinstance(location, Path) else location
        self.page.goto(url, wait_until="load")
        self.settle()

    def settle(self) -> None:
        """Wait until no request of the page has been in flight for
        SETTLE_SECONDS (at most SETTLE_TIMEOUT; a page still busy then is
        left to the test's own waits and checks)."""
        deadline = time.monotonic() + SETTLE_TIMEOUT
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            if self._in_flight:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= SETTLE_SECONDS:
                return
            self.page.wait_for_timeout(50)  # lets Playwright dispatch the page's events

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression (promises are awaited)."""
        return self.page.evaluate(expression)

    def wait_for(self, expression: str, timeout: float = 10.0) -> Any:
        """Poll a JavaScript expression until it is truthy; return its value."""
        return self.page.wait_for_function(expression, timeout=timeout * 1000).json_value()

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """Save a PNG of the page (the whole page by default)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def assert_offline_and_clean(self) -> None:
        assert self.external_requests == [], f"{self.url} asked the network for {self.external_requests}"
        assert self.failed_requests == [], f"{self.url}: failed requests {self.failed_requests}"
        assert self.console_errors == [], f"{self.url}: console errors {self.console_errors}"
        assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in self.requested_urls)


def open_page(offline: OfflineContext, location: Path | str) -> OfflinePage:
    """A new tab of the context showing ``location`` (a path or a URL), loaded and settled."""
    page = OfflinePage(offline, offline.context.new_page())
    page.goto(location)
    return page
