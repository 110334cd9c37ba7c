"""Benchmarks. The province-scale generator and the page figures arrive with issue 10."""

import sys

if __name__ == "__main__":
    print("bench: no benchmarks yet (see issue 10)")
    sys.exit(0)
