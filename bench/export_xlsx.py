"""Benchmark: a big xlsx export through core.exports.write_xlsx (core.xlsx_stream),
the code path of background exports. Prints wall time and the process's peak memory (RSS).

    python bench/export_xlsx.py [--rows 1000000]

The rows are generated in Python (member-like: number, name, office, phone, date, points), so
the figure is the export's own cost, not the database's. Target: 1,000,000 rows in ≤ 60 s and
≤ 300 MB. Runs in a fresh process, so the peak is the export's, not the caller's.
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB = 60, 300


def measure(rows: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from liaison.core.exports import ListExporter, write_xlsx

    offices = ["燕山街道政协联络处", "定王台街道政协联络处", "文艺路街道政协联络处"]
    surnames, given = "康汤黄曹李王张刘陈杨", "希朝阳德君升洋明华国强"
    start_day = datetime.date(2020, 1, 1)

    class Bench(ListExporter):
        name, title = "bench", "基准测试"

        def headers(self):
            return ["序号", "姓名", "联络处", "手机号", "日期", "积分"]

        def rows(self):
            for i in range(rows):
                yield [
                    i + 1,
                    surnames[i % 10] + given[i % 11] + given[(i // 11) % 11],
                    offices[i % 3],
                    f"138{i:08d}",
                    start_day + datetime.timedelta(days=i % 2000),
                    (i * 7) % 100 + 0.5,
                ]

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        began = time.perf_counter()
        with path.open("wb") as target:
            written = write_xlsx(Bench(), target)
        seconds = time.perf_counter() - began
        size = path.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    return {"rows": written, "seconds": seconds, "peak_mb": peak_mb, "file_mb": size / 2**20}


def report(result: dict) -> str:
    ok = result["seconds"] <= TARGET_SECONDS and result["peak_mb"] <= TARGET_MB
    return (
        f"xlsx export: {result['rows']:,} rows in {result['seconds']:.1f} s, "
        f"peak memory {result['peak_mb']:.0f} MB, file {result['file_mb']:.1f} MB "
        f"(target for 1,000,000 rows: ≤ {TARGET_SECONDS} s, ≤ {TARGET_MB} MB)"
        + ("" if ok or result["rows"] < 1_000_000 else "  ** over target **")
    )


def run(rows: int) -> str:
    """Measure in a child process (clean peak memory) and return the report line."""
    import json
    import subprocess

    out = subprocess.run(
        [sys.executable, __file__, "--rows", str(rows), "--json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return report(json.loads(out.strip().splitlines()[-1]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    result = measure(args.rows)
    if args.json:
        import json

        print(json.dumps(result))
    else:
        print(report(result))
