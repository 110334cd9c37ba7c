"""Who and where the current request comes from, for the audit log's "from which IP".

Set by RequestContextMiddleware; empty outside a request (commands, tasks).
"""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the peer; behind a proxy the deployment sets TRUSTED_PROXY_HEADER handling.
    return request.META.get("REMOTE_ADDR") or None
