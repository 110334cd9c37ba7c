"""Benchmarks: `make bench` (or `python bench/run.py [--rows N]`) prints every figure.

The province-scale generator and the page figures arrive with issue 10.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import export_xlsx

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Liaison benchmarks")
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="rows of the xlsx export (default 1,000,000)"
    )
    args = parser.parse_args()
    print(export_xlsx.run(args.rows))
    sys.exit(0)
