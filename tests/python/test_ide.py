"""`make ide` opens Harlequin read-only on the published database (small
fixture build) and its Data Catalog lists the marts.

Harlequin is a full-screen terminal app, so it runs in a detached tmux
session (its own server socket) and the test reads the screen with
`tmux capture-pane`: the catalog shows the database, expanding schema
`marts` lists every table of the schema. While it is open the build's own
check finds no writer on the file (a read-write connection would hold an
exclusive lock), so it is open read-only and a build could publish.

Harlequin is installed on first use into .venv-ide (requirements-ide.txt);
without the package registry the test skips, and fails when CI is set.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import OUTER_MAKE_VARIABLES, PROJECT_DIR, BuildResult

from scripts import build as build_script

WAIT_LIMIT_S = 120  # upper bound for waits, never an assertion on speed
SHOWN_NAME_CHARS = 20  # the catalog pane cuts long names; compare this many characters
CATALOG_FOCUSED = "Show Context Menu"  # in the footer while the Data Catalog has the focus


def make_env(home: Path) -> dict[str, str]:
    """No outer make's variables nor a terminal size; Harlequin's config,
    history and cache in a throwaway home; a UTF-8 locale (else it asks for one)."""
    env = {
        key: value
        for key, value in os.environ.items()
        # pytest-xdist workers set COLUMNS=80 and LINES=24, which Harlequin would
        # take over the pane's real size (200 x 50): its footer would be cut
        if key not in OUTER_MAKE_VARIABLES and key not in ("COLUMNS", "LINES")
    }
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "xterm-256color",
        }
    )
    return env


@pytest.fixture(scope="module")
def ide_installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing (make test installs it: make tmux)")
        pytest.skip("tmux is missing: make tmux")
    env = make_env(tmp_path_factory.mktemp("ide_home"))
    install = subprocess.run(
        ["make", "--no-print-directory", ".venv-ide/.installed"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if install.returncode != 0:
        message = f"cannot install Harlequin (requirements-ide.txt): {install.stderr.strip()[-300:]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return env


class Screen:
    """One detached tmux session on its own server socket (a file the test owns)."""

    def __init__(self, socket: Path, command: str, env: dict[str, str]) -> None:
        self.tmux = ["tmux", "-S", str(socket)]
        size = ["-x", "200", "-y", "50"]
        subprocess.run(
            [*self.tmux, "-f", "/dev/null", "new-session", "-d", "-s", "ide", *size, command],
            cwd=PROJECT_DIR, env=env, check=True,
        )  # fmt: skip

    def text(self) -> str:
        result = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", "ide"], capture_output=True, text=True, check=False
        )
        return result.stdout

    def wait_for(self, *needles: str, limit_s: float = WAIT_LIMIT_S) -> str:
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            screen = self.text()
            if all(needle in screen for needle in needles):
                return screen
            time.sleep(0.25)
        raise AssertionError(f"never shown: {needles}\n{self.text()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", "ide", key], check=True)
            time.sleep(0.2)

    def kill(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def screen(small_build: BuildResult, ide_installed: dict[str, str], tmp_path: Path) -> Iterator[Screen]:
    command = shlex.join(["make", "--no-print-directory", "ide", f"DUCKDB_PATH={small_build.duckdb_path}"])
    # keep the pane after make ends, so an error stays readable
    session = Screen(
        f"ide-test-{os.getpid()}", f"{command}; echo MAKE-IDE-ENDED $?; sleep 600", ide_installed
    )
    try:
        yield session
    finally:
        session.kill()


def test_make_ide_opens_harlequin_read_only_listing_the_marts(
    screen: Screen, small_build: BuildResult
) -> None:
    screen.wait_for("Data Catalog", "analytics db")
    # no writer on the published file while Harlequin has it open: read-only
    build_script.ensure_no_writer(small_build.duckdb_path)
    schemas = sorted(
        name
        for (name,) in small_build.query(
            "select schema_name from information_schema.schemata where catalog_name = 'analytics'"
        )
    )
    marts = [name for (name,) in small_build.query(
        "select table_name from information_schema.tables where table_schema = 'marts' order by table_name"
    )]  # fmt: skip
    # focus the catalog (until its key bindings show: a key sent while the
    # app starts may go to the editor), expand the database, walk down to
    # schema marts, expand it
    for _ in range(10):
        screen.keys("F6")
        try:
            screen.wait_for(CATALOG_FOCUSED, limit_s=3)
            break
        except AssertionError:
            continue
    screen.wait_for(CATALOG_FOCUSED)
    screen.keys("Enter")
    screen.wait_for("marts sch")
    screen.keys(*["Down"] * (schemas.index("marts") + 1), "Enter")
    shown = screen.wait_for(*(name[:SHOWN_NAME_CHARS] for name in marts))
    assert "MAKE-IDE-ENDED" not in shown
    # quit: make ends without an error
    screen.keys("C-q")
    assert "MAKE-IDE-ENDED 0" in screen.wait_for("MAKE-IDE-ENDED")


def test_make_ide_without_a_database_says_so(ide_installed: dict[str, str], tmp_path: Path) -> None:
    missing = tmp_path / "nothing.duckdb"
    result = subprocess.run(
        ["make", "--no-print-directory", "ide", f"DUCKDB_PATH={missing}"],
        cwd=PROJECT_DIR, env=ide_installed, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        f"ide: {missing}: no database there; run make build first (or set DUCKDB_PATH)"
    )
