"""No secrets, no machine paths, no surprises from configuration.

- nothing tracked holds a credential (the scanner is shown to catch planted ones);
- paths come from environment variables with safe, relative defaults;
- a var pasted into SQL that is not what it must be stops the run with one
  line naming the var, before anything is built.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES_DIR, PROJECT_DIR, run_build

from scripts.project_paths import step_command

# Third-party files copied verbatim (minified JS/CSS, fonts): not ours to scan.
VENDORED = ("site_assets/vendor/",)
SECRET_PATTERNS = {
    "AWS access key id": re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "private key block": re.compile(r"-----BEGIN (RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "credential in a URL": re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s:@]+@"),
    "password or secret assigned a literal": re.compile(
        r"(?i)\b(password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)\b['\"]?\s*[:=]\s*"
        r"['\"][^'\"\s{}]{6,}['\"]"
    ),
}
MACHINE_PATH = re.compile(r"(?<![\w.])/(home|Users|root|work)/[\w.-]+")
SECRET_FILE_NAMES = re.compile(r"(^|/)(\.env(\..*)?|.*\.pem|.*\.key|id_rsa|id_ed25519|\.netrc|credentials)$")


def tracked_files() -> list[Path]:
    result = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.skip(f"not a git checkout, cannot list tracked files: {result.stderr.strip()}")
    names = [name for name in result.stdout.split("\0") if name and not name.startswith(VENDORED)]
    assert names
    return [PROJECT_DIR / name for name in names]


def text_of(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return None  # binary
    return data.decode("utf-8", errors="replace")


def secret_findings(name: str, text: str) -> list[str]:
    return [
        f"{name}:{text.count(chr(10), 0, match.start()) + 1}: {label}"
        for label, pattern in SECRET_PATTERNS.items()
        for match in pattern.finditer(text)
    ]


def test_scanner_catches_planted_secrets() -> None:
    """The scan below is only worth something if it recognises real shapes."""
    planted = "\n".join(
        [
            "aws_key = AKIA" + "ABCDEFGHIJKLMNOP",
            "-----BEGIN RSA " + "PRIVATE KEY-----",
            "token: ghp_" + "a" * 36,
            "url: postgres://analyst:" + "hunter2@db.internal/x",
            'password: "' + 'correct-horse"',
        ]
    )
    assert len(secret_findings("planted", planted)) == 5
    assert secret_findings("clean", "path: \"{{ env_var('DUCKDB_PATH', 'analytics.duckdb') }}\"") == []


def test_no_tracked_file_holds_a_credential() -> None:
    findings = []
    for path in tracked_files():
        name = str(path.relative_to(PROJECT_DIR))
        if SECRET_FILE_NAMES.search(name):
            findings.append(f"{name}: a credentials file is tracked")
        text = text_of(path)
        if text is not None:
            findings += secret_findings(name, text)
    assert not findings, "\n".join(findings)


def test_no_tracked_file_holds_a_machine_specific_path() -> None:
    findings = []
    for path in tracked_files():
        text = text_of(path)
        if text is not None:
            name = path.relative_to(PROJECT_DIR)
            findings += [f"{name}: {match.group(0)}" for match in MACHINE_PATH.finditer(text)]
    assert not findings, "\n".join(findings)


def test_profile_has_no_credentials_and_takes_its_path_from_the_environment() -> None:
    profiles = yaml.safe_load((PROJECT_DIR / "profiles.yml").read_text())
    for profile in profiles.values():
        for name, output in profile["outputs"].items():
            assert output["type"] in ("duckdb", "spark"), name
            # a Spark cluster's host and credentials come from the environment only
            for key in {"host", "user", "password", "pass", "token", "motherduck_token"} & set(output):
                value = str(output[key])
                assert value == "NA" or value.startswith("{{ env_var("), f"{name}.{key}: {value}"
            if output["type"] == "duckdb":
                assert not {"user", "password", "pass", "token", "motherduck_token"} & set(output), name
        # build.py sets DBT_BUILD_DUCKDB_PATH; dbt run by hand writes a copy
        # under target/, never the published analytics.duckdb
        dev = profile["outputs"]["dev"]
        assert dev["path"] == "{{ env_var('DBT_BUILD_DUCKDB_PATH', 'target/analytics.duckdb') }}"
        # make docs attaches the published file read-only, never for writing
        docs = profile["outputs"]["docs"]
        assert docs["path"] == ":memory:"
        assert [attached["read_only"] for attached in docs["attach"]] == [True]


def test_paths_default_to_the_project_and_follow_the_environment() -> None:
    """--help shows what each path defaults to; a relative default never
    points outside the project."""
    for script in ("build", "query"):
        result = subprocess.run(
            step_command(script, "--help"),
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        usage = " ".join(result.stdout.split())
        assert "(default: $DUCKDB_PATH or analytics.duckdb)" in usage, script
    makefile = (PROJECT_DIR / "Makefile").read_text()
    assert re.search(r"^DATA_DIR \?= seeds$", makefile, re.MULTILINE)
    assert re.search(r"^DUCKDB_PATH \?= analytics\.duckdb$", makefile, re.MULTILINE)


@pytest.mark.parametrize(
    ("dbt_vars", "line"),
    [
        (
            '{valid_interaction_types: ["like\') or (1=1"]}',
            "var 'valid_interaction_types' item 1 must be a non-empty text without single quotes, "
            'got "like\') or (1=1" (set it in dbt_project.yml vars or --vars)',
        ),
        (
            "{age_brackets: [{key: a, label: A, min_age: 18, max_age: ten}]}",
            "var 'age_brackets' item 1 max_age must be a number >= 18, got \"ten\" "
            "(set it in dbt_project.yml vars or --vars)",
        ),
    ],
    ids=["quote-injection", "non-numeric-bound"],
)
def test_bad_var_stops_the_run_with_one_line_naming_it(dbt_vars: str, line: str, tmp_path: Path) -> None:
    published = tmp_path / "analytics.duckdb"
    result = run_build(FIXTURES_DIR / "hostile" / "rows", published, "--no-site", "--vars", dbt_vars)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(f"build: dbt build failed (exit 2): {line}; full log: ")
    assert not published.exists()
