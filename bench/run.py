"""Benchmarks: `make bench` (or `python bench/run.py [--rows N]`) prints every figure.

- the xlsx export (bench/export_xlsx.py), time and peak memory;
- check-in load (bench/checkin_load.py), when DATABASE_URL points at PostgreSQL (it empties
  that database: give it one of its own, e.g. postgres://postgres@127.0.0.1/liaison_bench);
- the office dashboard, the district overview and a member's duty record
  (bench/reports_pages.py), p50 and queries, on the same PostgreSQL database.

The province-scale generator and the page figures arrive with issue 10.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import export_xlsx  # noqa: E402  (found through the path above)

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Liaison benchmarks")
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="rows of the xlsx export (default 1,000,000)"
    )
    parser.add_argument("--members", type=int, default=2000, help="members checking in")
    parser.add_argument("--offices", type=int, default=20, help="offices per district (reports)")
    args = parser.parse_args()
    print(export_xlsx.run(args.rows))
    if "postgres" in os.environ.get("DATABASE_URL", ""):
        subprocess.run(
            [sys.executable, str(HERE / "checkin_load.py"), "--members", str(args.members)],
            check=False,
        )
        subprocess.run(
            [sys.executable, str(HERE / "reports_pages.py"), "--offices", str(args.offices)],
            check=False,
        )
    else:
        print("check-in load: skipped (set DATABASE_URL to a PostgreSQL database of its own)")
        print("reports pages: skipped (the same)")
    sys.exit(0)
