"""Benchmarks: `make bench` (or `python bench/run.py [--rows N]`) prints every figure.

- the xlsx export (bench/export_xlsx.py), time and peak memory;
- the similar-proposal check (bench/similar_proposals.py): time per top-10 query over
  200,000 synthetic proposals and recall@10 against exhaustive cosine (about 8 minutes);
- check-in load (bench/checkin_load.py), when DATABASE_URL points at PostgreSQL (it empties
  that database: give it one of its own, e.g. postgres://postgres@127.0.0.1/liaison_bench);
- mixed load (bench/load.py): 50 members and staff at once for 60 s, requests/s, p95, errors.

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
import similar_proposals  # noqa: E402

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Liaison benchmarks")
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="rows of the xlsx export (default 1,000,000)"
    )
    parser.add_argument("--members", type=int, default=2000, help="members checking in")
    parser.add_argument(
        "--proposals", type=int, default=200_000, help="proposals for the similarity check"
    )
    parser.add_argument("--seconds", type=int, default=60, help="length of the mixed load")
    args = parser.parse_args()
    print(export_xlsx.run(args.rows))
    print("similar proposals:", similar_proposals.run(args.proposals, 200, 40))
    if "postgres" in os.environ.get("DATABASE_URL", ""):
        subprocess.run(
            [sys.executable, str(HERE / "checkin_load.py"), "--members", str(args.members)],
            check=False,
        )
        subprocess.run(
            [sys.executable, str(HERE / "load.py"), "--seconds", str(args.seconds)], check=False
        )
    else:
        print(
            "check-in and mixed load: skipped "
            "(set DATABASE_URL to a PostgreSQL database of its own)"
        )
    sys.exit(0)
