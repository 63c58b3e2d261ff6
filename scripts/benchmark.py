"""Time the whole build (scripts/build.py) on the sample scaled up, and record it.

For each scale factor k the sample's sales and customer files are repeated k
times (customer ids and user ids shifted per copy, so keys stay unique) next
to the sample catalog; the build runs as a child process and its wall time
and peak memory (max RSS of the build and its children) are measured.

Targets (the numbers this script checks and prints; nothing here is a test):
the sample builds in under 40 s, and 10x the sample in under 90 s, each in
under 2 GB of memory, on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_DIR / "seeds"
PROG = "benchmark.py"
TARGET_SECONDS = {1: 40.0, 10: 90.0}
TARGET_PEAK_MB = 2048.0


@dataclass
class Measurement:
    scale: int
    sales_rows: int
    customers: int
    seconds: float
    peak_mb: float
    ok: bool


def scale_file(source: Path, target: Path, scale: int, id_column: str, id_span: int) -> int:
    """Write `scale` copies of source's data rows, shifting id_column by id_span per copy."""
    with open(source, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, data = rows[0], rows[1:]
    position = header.index(id_column)
    written = 0
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for copy in range(scale):
            for row in data:
                row = list(row)
                if row[position].strip():
                    row[position] = str(int(row[position]) + copy * id_span)
                writer.writerow(row)
                written += 1
    return written


def measure(scale: int, work_dir: Path) -> Measurement:
    data_dir = work_dir / f"x{scale}"
    data_dir.mkdir()
    customers = scale_file(SEEDS_DIR / "customer_details.csv", data_dir / "customer_details.csv", scale,
                           "Customer ID", 10_000)  # fmt: skip
    sales = scale_file(SEEDS_DIR / "sales_data.csv", data_dir / "sales_data.csv", scale, "user id", 10_000)
    (data_dir / "product_details.csv").symlink_to(SEEDS_DIR / "product_details.csv")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "build.py"), "--data-dir", str(data_dir),
         "--duckdb-path", str(work_dir / f"x{scale}.duckdb")],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"{PROG}: {data_dir}: build failed at scale {scale}: {last}")
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    ok = seconds <= TARGET_SECONDS.get(scale, float("inf")) and peak_mb <= TARGET_PEAK_MB
    return Measurement(scale, sales, customers, seconds, peak_mb, ok)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1,10", help="comma-separated scale factors (default: 1,10)")
    args = parser.parse_args(argv)
    try:
        scales = [int(value) for value in args.scales.split(",")]
    except ValueError:
        print(f"{PROG}: --scales: not a comma-separated list of integers: {args.scales!r}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="benchmark-") as tmp:
        results = [measure(scale, Path(tmp)) for scale in scales]
    print("| scale | sales rows | customers | build seconds | peak MB (max RSS) | within target |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    for m in results:
        print(f"| {m.scale}x | {m.sales_rows:,} | {m.customers:,} | {m.seconds:.1f} | {m.peak_mb:.0f} | "
              f"{'yes' if m.ok else 'NO'} |")  # fmt: skip
    return 0 if all(m.ok for m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
