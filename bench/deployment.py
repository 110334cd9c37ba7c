"""The page figures again as a deployment serves them (docs/deploy.md, on loopback): gunicorn
with deploy/gunicorn.conf.py and two workers, Redis as the cache and the session store,
PostgreSQL, and two task workers (`manage.py db_worker`) running beside them.

Called by bench/pages.py with --deployment after its in-process figures, on the same data and
accounts; each page is fetched over HTTP on one keep-alive connection per account.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": os.environ.get("SECRET_KEY", ""),  # the bench's own: it signs the sessions
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
    "DB_CONN_MAX_AGE": "60",
    "LIAISON_WORKERS": "2",
    # The generated directors have no authenticator; production mode would send them to enrol.
    "OTP_ENFORCED": "false",
    "PYTHONPATH": f"{HERE}{os.pathsep}{ROOT}",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def deployment(redis_url: str):
    """gunicorn (2 workers) and two task workers, stopped on the way out."""
    port = free_port()
    env = {**os.environ, **SERVER_ENV, "REDIS_URL": redis_url, "LIAISON_BIND": f"127.0.0.1:{port}"}
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
    processes = [
        # The floor view lives in bench/pages.py's URLconf: bench/deployment_wsgi.py adds it.
        subprocess.Popen(
            [*gunicorn, "--access-logfile", "/dev/null", "deployment_wsgi:application"],
            cwd=ROOT,
            env=env,
        ),
        *(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            for _ in range(2)
        ),
    ]
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def session_cookie(user) -> str:
    """A signed-in session in the deployment's store (Redis + database), as a login leaves it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["_refreshed"] = int(time.time())
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def measure(connection, cookie: str, url: str, requests: int) -> dict:
    def get():
        for attempt in (1, 2):
            try:
                connection.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                return response.status
            except (http.client.RemoteDisconnected, ConnectionError):
                connection.close()  # gunicorn closed the idle keep-alive: open a new one
                if attempt == 2:
                    raise
        return 0

    get()  # warm this worker's caches
    times, status = [], 0
    for _ in range(requests):
        began = time.perf_counter()
        status = get()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "status": status,
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
    }


def run(pages, users, requests: int, only: str = "") -> list[str]:
    """One line per page: p50, p95 and the ratio to the floor, served by the deployment."""
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"
    lines = [
        "deployment on loopback: gunicorn (deploy/gunicorn.conf.py, 2 workers × 4 threads), "
        f"Redis cache and sessions ({redis_url}), 2 task workers (db_worker), PostgreSQL",
        f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'floor ms':>8} {'× floor':>8}",
    ]
    print("\n".join(lines), flush=True)
    with deployment(redis_url) as port:
        os.environ["REDIS_URL"] = redis_url  # sessions made here must land in the server's store
        cookies = {role: session_cookie(user) for role, user in users.items()}
        connections = {
            role: http.client.HTTPConnection("127.0.0.1", port, timeout=60) for role in users
        }
        floor_url = next(url for label, _role, url, _held in pages if label == "framework floor")
        for label, role, url, held in pages:
            if only and label != "framework floor" and only not in label:
                continue
            count = requests if held else 3
            # Each page beside the floor read just before it (as bench/pages.py does).
            if label == "framework floor":
                figure = floor = measure(connections[role], cookies[role], url, count * 5)
            else:
                floor = measure(connections[role], cookies[role], floor_url, requests)
                figure = measure(connections[role], cookies[role], url, count)
            status = "" if figure["status"] == 200 else f"  ** status {figure['status']}"
            line = (
                f"{label:28} {figure['p50']:8.1f} {figure['p95']:8.1f} {floor['p50']:8.1f} "
                f"{figure['p50'] / floor['p50']:8.1f}{status}"
            )
            print(line, flush=True)
            lines.append(line)
    return lines
