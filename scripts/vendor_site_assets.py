"""Refresh site_assets/vendor/: the front-end files GX Data Docs load from CDNs.

Installs site_assets/package.json (exact versions, package-lock.json) with
`npm ci` into a temporary folder, then copies the files site_assets/assets.json
names, each package's licence file, and writes vendor/NOTICE.md (package,
version, licence). The result is committed; builds never need npm or a network.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.project_paths import SITE_ASSETS_DIR

ASSETS_DIR = SITE_ASSETS_DIR
PROG = "vendor_site_assets"
LICENCE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "COPYING")


class VendorError(Exception):
    """The vendored files could not be refreshed; the message is one line."""


def install(work: Path) -> Path:
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ASSETS_DIR / name, work / name)
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm not found: install Node.js and npm to refresh the vendored files")
    result = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--legacy-peer-deps"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise VendorError(f"npm ci failed in {work}: {last[0]}")
    return work / "node_modules"


def vendor(node_modules: Path, out_dir: Path) -> list[str]:
    manifest = json.loads((ASSETS_DIR / "assets.json").read_text())
    files = {(item["package"], item["file"]) for item in manifest["assets"] + manifest["extra_files"]}
    shutil.rmtree(out_dir, ignore_errors=True)
    notices = []
    for package in sorted({package for package, _ in files}):
        source = node_modules / package
        meta = json.loads((source / "package.json").read_text())
        licence_files = [name for name in LICENCE_NAMES if (source / name).is_file()]
        for name in [*licence_files, "package.json"]:
            (out_dir / package).mkdir(parents=True, exist_ok=True)
            shutil.copy(source / name, out_dir / package / name)
        licence_note = licence_files[0] if licence_files else "no licence file shipped; see package.json"
        notices.append(f"| {package} | {meta['version']} | {meta.get('license', '?')} | {licence_note} |")
    for package, file in sorted(files):
        source = node_modules / package / file
        if not source.is_file():
            raise VendorError(f"{source}: not in the installed package")
        target = out_dir / package / file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    header = [
        "# Vendored front-end files",
        "",
        "Copied from npm packages by scripts/vendor_site_assets.py; do not edit.",
        "",
        "| package | version | licence | licence text |",
        "| --- | --- | --- | --- |",
    ]
    (out_dir / "NOTICE.md").write_text("\n".join(header + notices) + "\n")
    return sorted(f"{package}/{file}" for package, file in files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out-dir", type=Path, default=ASSETS_DIR / "vendor", help="default: site_assets/vendor"
    )
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="site-assets-") as work:
            copied = vendor(install(Path(work)), args.out_dir)
    except VendorError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    print(f"[{PROG}] {len(copied)} files in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
