"""Two commits side by side on one database: each page's p50 under an earlier commit and under
this checkout, each in a process of its own, alternating for a few rounds; prints the median
of the rounds' p50s. On a shared machine, whose speed drifts within minutes, this tells a
change's effect where two runs of bench/pages.py an hour apart do not.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_bench REDIS_URL=redis://… \
        python bench/compare.py --base 4ff4e14 "office home" "duty ranking"

The earlier commit is checked out in a worktree beside this one (kept for the next run); the
database must hold generated data (bench/pages.py or `manage.py bench_generate`) migrated by
this checkout, and the earlier code must read it (it reads only).
"""

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in each tree: the floor (five times as often) and then each page, as bench/pages.py
# times them, with that tree's views and its bench/pages.py's accounts and pages.
MEASURE = """
import os, statistics, sys, time
sys.path[:0] = ["bench", "."]
import pages, django
from django.conf import settings
settings.ROOT_URLCONF = "pages"
django.setup()
pages._urlconf()
from django.test import Client
office, member, users = pages.accounts()
table = {label: (role, url) for label, role, url, _held in pages.pages(office, member)}
clients = {}
for role, user in users.items():
    clients[role] = Client()
    clients[role].force_login(user)
import gc
gc.freeze()
n = int(sys.argv[1])
found = []
for label in ["framework floor", *sys.argv[2:]]:
    role, url = table[label]
    clients[role].get(url)
    times = []
    for _ in range(n * 5 if label == "framework floor" else n):
        began = time.perf_counter()
        clients[role].get(url)
        times.append((time.perf_counter() - began) * 1000)
    found.append(statistics.median(times))
print(" ".join(f"{value:.3f}" for value in found))
"""


def worktree(commit: str) -> Path:
    sha = subprocess.run(
        ["git", "rev-parse", "--short", commit], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if not sha:
        sys.exit(f"No such commit: {commit}")
    tree = ROOT.parent / f"{ROOT.name}-compare-{sha}"
    if not tree.exists():
        subprocess.run(
            ["git", "worktree", "add", "-q", "--detach", str(tree), sha], cwd=ROOT, check=True
        )
    return tree


def measure(tree: Path, labels, requests: int) -> list[float]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    for name, value in {
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "OTP_ENFORCED": "false",
        "SECRET_KEY": "bench-deployment-" + "k" * 40,
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
    }.items():
        env.setdefault(name, value)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(requests), *labels],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"{tree}:\n{done.stderr[-3000:]}")
    return [float(value) for value in done.stdout.split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the earlier commit")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("labels", nargs="+", help="pages, by their label in bench/pages.py")
    args = parser.parse_args()
    trees = {args.base: worktree(args.base), "this checkout": ROOT}
    found: dict[str, list[list[float]]] = {name: [] for name in trees}
    for round_ in range(args.rounds):
        order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
        for name in order:
            found[name].append(measure(trees[name], args.labels, args.requests))
    print(f"{'page':28} " + " ".join(f"{name[:16]:>16}" for name in trees))
    for index, label in enumerate(["framework floor", *args.labels]):
        cells = []
        for name in trees:
            value = statistics.median(run[index] for run in found[name])
            floor = statistics.median(run[0] for run in found[name])
            cells.append(f"{value:7.2f} ({value / floor:4.1f}×)")
        print(f"{label:28} " + " ".join(f"{cell:>16}" for cell in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
