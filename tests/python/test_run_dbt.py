"""scripts/run_dbt.py runs several dbt commands in one process and stops at
the first that fails, with dbt's exit status."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

from scripts.project_paths import dbt_command
from scripts.run_dbt import main, split_commands


def test_commands_split_at_then() -> None:
    assert split_commands(["build", "-s", "x", "--then", "docs", "generate"]) == [
        ["build", "-s", "x"],
        ["docs", "generate"],
    ]
    assert split_commands(["parse"]) == [["parse"]]


@pytest.mark.parametrize(
    "argv", [["--then", "parse"], ["parse", "--then"], ["parse", "--then", "--then", "x"]]
)
def test_an_empty_command_is_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "empty dbt command" in capsys.readouterr().err


def test_a_failed_command_stops_the_ones_after_it(tmp_path: Path) -> None:
    """The first parse fails on its --vars before writing anything (dbt
    exits 2 for that): the second parse, which would write a manifest into
    the same target folder, never runs."""
    target = tmp_path / "target"
    command = dbt_command([["parse", "--vars", "{not: [closed"], ["parse"]], target, tmp_path / "logs")
    result = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert not (target / "manifest.json").exists()
