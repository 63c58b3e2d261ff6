"""Headless Chromium for tests, driven over the DevTools protocol, network off.

Shared by the browser tests (docs site, report). Usage::

    with Browser() as browser:
        page = browser.open(Path("site/index.html"))
        assert page.evaluate("document.title") == "..."
        page.screenshot(Path("test-output/index.png"))
        assert page.console_errors == []
        assert page.external_requests == []

How the network is kept off, three ways over:

* every request is paused by the DevTools ``Fetch`` domain; only ``file:``,
  ``data:``, ``blob:`` and ``about:`` URLs go on, anything else is failed
  before it leaves the browser and recorded in ``external_requests``;
* ``Network.requestWillBeSent`` records every URL the page asks for, so a
  request the Fetch domain did not see is still recorded;
* Chromium gets a proxy on a closed loopback port and a host resolver that
  resolves nothing, plus the flags that stop its own background traffic.

Console errors (``console.error``, uncaught exceptions, and the browser's own
error log entries such as "Failed to load resource") go to ``console_errors``;
requests that failed for any reason go to ``failed_requests``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import websocket

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome-error:", "devtools:")
MESSAGE_LIMIT = 400  # characters kept of one console message
CHROMIUM_FLAGS = (
    "--headless",
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


class BrowserError(Exception):
    """Chromium could not be started or driven."""


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


def is_local(url: str) -> bool:
    return url.startswith(LOCAL_SCHEMES)


class Browser:
    """One headless Chromium process with a fresh, empty profile."""

    def __init__(self, width: int = 1280, height: int = 900, timeout: float = 30.0) -> None:
        self.width = width
        self.height = height
        self.timeout = timeout
        self._profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
        self._process: subprocess.Popen[bytes] | None = None
        self._ws: websocket.WebSocket | None = None
        self._next_id = 0
        self._responses: dict[int, dict[str, Any]] = {}
        self._pages: dict[str, Page] = {}

    # -- lifecycle -----------------------------------------------------------

    def __enter__(self) -> Browser:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> None:
        chromium = require_chromium()
        proxy = f"127.0.0.1:{closed_port()}"
        command = [
            str(chromium),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={self._profile}",
            f"--window-size={self.width},{self.height}",
            f"--proxy-server={proxy}",
            "--proxy-bypass-list=<-loopback>",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--remote-debugging-port=0",
            "about:blank",
        ]
        log = open(self._profile / "chromium.log", "wb")  # noqa: SIM115 - closed with the process
        self._process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        log.close()
        port_file = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self._process.poll() is not None:
                raise BrowserError(f"{chromium}: exited with {self._process.returncode}: {self.log_tail()}")
            if time.monotonic() > deadline:
                raise BrowserError(f"{chromium}: no DevTools port after {self.timeout} s: {self.log_tail()}")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self._ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}{path}", timeout=self.timeout, suppress_origin=True
        )

    def log_tail(self, lines: int = 5) -> str:
        log = self._profile / "chromium.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return " | ".join(text.strip().splitlines()[-lines:])

    def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                self._post("Browser.close", {})
            with contextlib.suppress(Exception):
                self._ws.close()
            self._ws = None
        if self._process is not None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
            self._process = None
        shutil.rmtree(self._profile, ignore_errors=True)

    # -- protocol ------------------------------------------------------------

    def _post(self, method: str, params: dict[str, Any], session_id: str | None = None) -> int:
        """Send one command without waiting for its answer; return its id."""
        if self._ws is None:
            raise BrowserError("browser is not running")
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session_id:
            message["sessionId"] = session_id
        self._ws.send(json.dumps(message))
        return self._next_id

    def send(
        self, method: str, params: dict[str, Any] | None = None, session_id: str | None = None
    ) -> dict[str, Any]:
        """Send one command and return its result, handling events meanwhile."""
        message_id = self._post(method, params or {}, session_id)
        deadline = time.monotonic() + self.timeout
        while message_id not in self._responses:
            if time.monotonic() > deadline:
                raise BrowserError(f"{method}: no answer after {self.timeout} s")
            self._receive(deadline - time.monotonic())
        response = self._responses.pop(message_id)
        if "error" in response:
            raise BrowserError(f"{method}: {response['error'].get('message', response['error'])}")
        return dict(response.get("result", {}))

    def _receive(self, timeout: float) -> None:
        """Read one message (or time out quietly) and dispatch it."""
        if self._ws is None:
            raise BrowserError("browser is not running")
        self._ws.settimeout(max(timeout, 0.01))
        try:
            raw = self._ws.recv()
        except websocket.WebSocketTimeoutException:
            return
        message = json.loads(raw)
        if "id" in message:
            self._responses[int(message["id"])] = message
            return
        page = self._pages.get(message.get("sessionId", ""))
        if page is not None:
            page.handle_event(message["method"], message.get("params", {}))

    def pump(self, seconds: float, until: Callable[[], bool] | None = None) -> bool:
        """Handle events for up to ``seconds``, or until ``until()`` is true."""
        deadline = time.monotonic() + seconds
        while True:
            if until is not None and until():
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._receive(min(remaining, 0.1))

    # -- pages ---------------------------------------------------------------

    def new_page(self) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})
        attached = self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        page = Page(self, attached["sessionId"])
        self._pages[page.session_id] = page
        page.setup()
        return page

    def open(self, location: Path | str, settle: float = 0.5) -> Page:
        """A new tab showing ``location`` (a path or a URL), loaded and settled."""
        page = self.new_page()
        page.goto(location, settle=settle)
        return page


class Page:
    """One tab. Its lists of errors and requests grow as events arrive."""

    def __init__(self, browser: Browser, session_id: str) -> None:
        self.browser = browser
        self.session_id = session_id
        self.url = "about:blank"
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.external_requests: list[str] = []
        self.requested_urls: list[str] = []
        self._in_flight: set[str] = set()
        self._urls: dict[str, str] = {}  # request id -> URL
        self._loaded = False

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session_id)

    def setup(self) -> None:
        self.send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": self.browser.width,
                "height": self.browser.height,
                "deviceScaleFactor": 1,
                "mobile": False,
            },
        )

    # -- events --------------------------------------------------------------

    def handle_event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if is_local(url):
                self.browser._post(
                    "Fetch.continueRequest", {"requestId": params["requestId"]}, self.session_id
                )
            else:
                self._record_external(url)
                self.browser._post(
                    "Fetch.failRequest",
                    {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
                    self.session_id,
                )
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            self.requested_urls.append(url)
            self._urls[params["requestId"]] = url
            self._in_flight.add(params["requestId"])
            if not is_local(url):
                self._record_external(url)
        elif method == "Network.loadingFinished":
            self._in_flight.discard(params["requestId"])
        elif method == "Network.loadingFailed":
            self._in_flight.discard(params["requestId"])
            reason = params.get("blockedReason") or params.get("errorText", "failed")
            url = self._urls.get(params["requestId"], f"request {params['requestId']}")
            self.failed_requests.append(f"{url}: {reason}")
        elif method == "Page.loadEventFired":
            self._loaded = True
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(
                str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])
            )
            self._error(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            description = details.get("exception", {}).get("description") or details.get("text", "")
            self._error(f"uncaught: {description} ({details.get('url', '')})")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            entry = params["entry"]
            self._error(f"{entry.get('source', 'log')}: {entry.get('text', '')} {entry.get('url', '')}")

    def _error(self, message: str) -> None:
        if len(message) > MESSAGE_LIMIT:
            message = message[:MESSAGE_LIMIT] + f"... ({len(message)} characters)"
        self.console_errors.append(message)

    def _record_external(self, url: str) -> None:
        if url not in self.external_requests:
            self.external_requests.append(url)

    # -- actions -------------------------------------------------------------

    def goto(self, location: Path | str, settle: float = 0.5) -> None:
        """Load a page and wait for its load event, then for no request in
        flight during ``settle`` seconds."""
        url = location.resolve().as_uri() if isinstance(location, Path) else location
        self._loaded = False
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise BrowserError(f"{url}: {result['errorText']}")
        if not self.browser.pump(self.browser.timeout, until=lambda: self._loaded):
            raise BrowserError(f"{url}: no load event after {self.browser.timeout} s")
        self.url = url
        self.settle(settle)

    def settle(self, quiet: float = 0.5) -> None:
        """Wait until no request has been in flight for ``quiet`` seconds."""
        deadline = time.monotonic() + self.browser.timeout
        while time.monotonic() < deadline:
            if not self._in_flight and not self.browser.pump(quiet, until=lambda: bool(self._in_flight)):
                return
            self.browser.pump(0.1)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression (promises are awaited)."""
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            description = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"{expression[:60]!r}: {description}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10.0) -> Any:
        """Poll a JavaScript expression until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"{self.url}: {expression[:80]!r} still falsy after {timeout} s")
            self.browser.pump(0.1)

    def click(self, selector: str) -> None:
        """Click the first element matching a CSS selector (via JavaScript)."""
        found = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return false; e.click(); return true; })()"
        )
        if not found:
            raise BrowserError(f"{self.url}: no element matches {selector!r}")

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """Save a PNG of the page (the whole page by default)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            metrics = self.send("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": max(1, min(int(size["width"]), 4000)),
                "height": max(1, min(int(size["height"]), 16000)),
                "scale": 1,
            }
        data = self.send("Page.captureScreenshot", params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path
