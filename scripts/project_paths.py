"""The one home of the project's paths and of how a step runs (as a child process, with --vars).

Every step is a module of the ``scripts`` package, run from the project folder
as ``python -m scripts.<step>`` (the Makefile, the tests and the steps that
start other steps all do it so: :func:`step_command`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_DIR / "seeds"
GX_DIR = PROJECT_DIR / "gx"
DBT_PROJECT_FILE = PROJECT_DIR / "dbt_project.yml"
STAGING_SOURCES_FILE = PROJECT_DIR / "models" / "staging" / "_staging__sources.yml"
SITE_ASSETS_DIR = PROJECT_DIR / "site_assets"
# run_gx_checkpoint.py --wait-for-go prints this line, then "passed" or
# "failed", before it builds the Data Docs (scripts/build.py publishes meanwhile).
GX_VERDICT = "verdict: "


def step_command(step: str, *args: str) -> list[str]:
    """The command line of one step, ``python -m scripts.<step> args...``; run
    it with ``cwd=PROJECT_DIR`` so Python finds the package."""
    return [sys.executable, "-m", f"scripts.{step}", *args]


def dbt_command(commands: list[list[str]], target_path: Path, log_path: Path) -> list[str]:
    """The command line running dbt commands (each as dbt takes it, e.g.
    ``["build", "--select", "x"]``) one after another in one process
    (scripts/run_dbt.py: dbt's start-up paid once) on this project and its
    profiles.yml, writing their target and logs to the given folders (never
    the project's own); it runs from any working directory."""
    common = ["--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
              "--target-path", str(target_path), "--log-path", str(log_path)]  # fmt: skip
    argv: list[str] = []
    for command in commands:
        argv += [*(["--then"] if argv else []), *command, *common]
    # by path, not -m: a build runs dbt in its work folder (scripts/build.py dbt_env)
    return [sys.executable, str(PROJECT_DIR / "scripts" / "run_dbt.py"), *argv]


def vars_mapping(text: str) -> dict[str, Any]:
    """The dbt vars of a --vars option (YAML, as dbt takes it); ValueError
    with one line when it is not a YAML mapping."""
    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(f"--vars is not YAML: {str(error).splitlines()[0]}") from None
    if not isinstance(parsed, dict):
        raise ValueError(f"--vars must be a YAML mapping like '{{max_valid_age: 99}}', not {text!r}")
    return parsed


def add_duckdb_path_argument(parser: argparse.ArgumentParser) -> None:
    """--duckdb-path: the published database, $DUCKDB_PATH or analytics.duckdb at the repo root."""
    parser.add_argument(
        "--duckdb-path",
        type=Path,
        default=Path(os.environ.get("DUCKDB_PATH") or PROJECT_DIR / "analytics.duckdb"),
        help="the published database (default: $DUCKDB_PATH or analytics.duckdb)",
    )
