"""Benchmarks: `make bench` (or `python bench/run.py [--rows N]`) prints every figure.

- the xlsx export (bench/export_xlsx.py), time and peak memory;
- the similar-proposal check (bench/similar_proposals.py): time per top-10 query over
  200,000 synthetic proposals and recall@10 against exhaustive cosine (about 8 minutes);

and, when DATABASE_URL points at a PostgreSQL database of its own (each of these empties it,
e.g. postgres://postgres@127.0.0.1/liaison_bench):

- page figures on generated data beside the framework floor (bench/pages.py, --scale): the
  office home, member list, profile and duty record, the office and district dashboards, the
  proposal and overdue-assignment lists, the department scorecard, the annual summary and its
  docx, then the 50,000-row roster import (bench/import_roster.py), then the same pages over
  HTTP from gunicorn (2 workers) with Redis and two task workers (bench/deployment.py);
- check-in load (bench/checkin_load.py): check-ins per second against gunicorn;
- mixed load (bench/load.py): 50 members and staff at once for 60 s, requests/s, p95, errors.

Not run here: bench/compare.py puts an earlier commit and this checkout side by side on a
generated database, alternating, for a change's effect on a machine whose speed drifts.
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


def script(name, *args) -> None:
    subprocess.run([sys.executable, str(HERE / name), *map(str, args)], check=False)


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
    parser.add_argument("--scale", default="district", help="data for the page figures")
    args = parser.parse_args()
    print(export_xlsx.run(args.rows))
    print("similar proposals:", similar_proposals.run(args.proposals, 200, 40))
    if "postgres" in os.environ.get("DATABASE_URL", ""):
        script("pages.py", "--scale", args.scale, "--deployment")
        script("checkin_load.py", "--members", args.members)
        script("load.py", "--seconds", args.seconds)
    else:
        print(
            "pages, roster import, check-in and mixed load: skipped "
            "(set DATABASE_URL to a PostgreSQL database of its own)"
        )
    sys.exit(0)
