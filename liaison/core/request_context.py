"""Who and where the current request comes from, for the audit log's "from which IP".

Set by RequestContextMiddleware; empty outside a request (commands, tasks).
"""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def client_ip(request) -> str | None:
    """The client's address. REMOTE_ADDR is the peer; behind N reverse proxies of our own
    (settings.TRUSTED_PROXY_COUNT = N) it is the N-th address from the right of
    X-Forwarded-For, the one our outermost proxy saw. Entries further left are the client's
    own claims and are never trusted."""
    from django.conf import settings

    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
