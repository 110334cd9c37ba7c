"""`make run`: the web server and one task worker side by side; Ctrl-C stops both.

Usage: python scripts/run_dev.py [HOST:PORT]
Either process ending stops the other, so a crashed worker never goes unnoticed.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


class Stop(Exception):
    pass


def _stop(signum, frame):
    raise Stop


def main(argv: list[str]) -> int:
    # Our own handlers (also when started in the background, where SIGINT arrives ignored);
    # the children start with the default ones, since exec resets handlers.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    address = argv[0] if argv else "127.0.0.1:8000"
    manage = [sys.executable, str(ROOT / "manage.py")]
    procs = [
        # Each in its own process group, so the autoreloaders' children are stopped too.
        subprocess.Popen([*manage, "runserver", address], cwd=ROOT, start_new_session=True),
        subprocess.Popen(
            [*manage, "db_worker", "--queue-name", "*", "--interval", "1"],
            cwd=ROOT,
            start_new_session=True,
        ),
    ]
    code = 0
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        code = next(p.returncode for p in procs if p.returncode is not None)
    except Stop:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for p in procs:
            if p.poll() is None:
                _signal_group(p, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for p in procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(p, signal.SIGKILL)
                p.wait()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
