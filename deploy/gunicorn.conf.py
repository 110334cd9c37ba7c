"""gunicorn for one app node: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Threads rather than many processes: a request mostly waits on PostgreSQL and Redis, and
threads share one process's memory. Two processes per core is a starting point; measure with
`make bench` (bench/pages.py and bench/checkin_load.py) on the node itself.
"""

import multiprocessing
import os

bind = os.environ.get("LIAISON_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LIAISON_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("LIAISON_THREADS", 4))
worker_class = "gthread"
timeout = 60  # exports over EXPORT_BACKGROUND_ROWS go to the task workers, not the web
graceful_timeout = 30
max_requests = 5000  # recycle workers now and then
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("LIAISON_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """The objects loaded with the application (translations, pinyin tables, templates) are
    moved out of the collector's reach: a full collection over them, every dozen requests or
    so, cost the annual summary ≈ 200 ms (its p95)."""
    import gc

    gc.freeze()
