"""Rate limits in the Django cache (Redis when REDIS_URL is set, so every web node shares the
counts): a fixed window per key. Used on the login form, the second-factor step, the public
opinion feedback link and the check-in scan.

    @rate_limit("login", limit=settings.LOGIN_RATE_LIMIT, window=settings.LOGIN_RATE_WINDOW)
    def view(request): ...

Only POSTs count by default; with `failures_only=True` only those the view answers without a
redirect (a login or code form shown again with an error) count, so a whole office signing in
through one NAT address at nine o'clock is not refused. Over the limit the visitor gets a
Chinese 429 page with Retry-After, and the refusal is written to the audit log once per window.
"""

import contextlib
import hashlib
import math
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.core.request_context import client_ip


def _key(scope: str, ident: str) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def current(scope: str, ident: str) -> int:
    return cache.get(_key(scope, ident), 0)


def hit(scope: str, ident: str, window: int) -> int:
    """Count one request; the number of requests in the current window, this one included."""
    key = _key(scope, ident)
    if hasattr(cache, "incr_window"):  # Redis (liaison.core.cache): one round trip
        return cache.incr_window(key, window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def unhit(scope: str, ident: str) -> None:
    """Give back a request counted by hit() (a fast path that leaves the answer to the view)."""
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(_key(scope, ident))


def too_many(request, window: int):
    minutes = max(1, math.ceil(window / 60))
    response = render(
        request,
        "core/error.html",
        {
            "title": _("Too many requests"),
            "message": ngettext(
                "Too many attempts from your network. Please wait %(n)d minute and try again.",
                "Too many attempts from your network. Please wait %(n)d minutes and try again.",
                minutes,
            )
            % {"n": minutes},
        },
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


def _refuse(request, scope, max_hits, seconds, count):
    # Audited once per window: the first refusal is the one that pushes the count past the limit.
    if count == max_hits + 1:
        from liaison.orgs.audit import log_action

        log_action(
            None, "rate_limited", None, {"scope": scope, "limit": max_hits, "window": seconds}
        )
    return too_many(request, seconds)


def rate_limit(scope: str, *, limit, window, methods=("POST",), key=None, failures_only=False):
    """View decorator. `limit` and `window` (seconds) may be callables read per request, so
    tests and settings overrides apply; `key(request)` defaults to the client's IP address."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return view(request, *args, **kwargs)
            max_hits = limit() if callable(limit) else limit
            seconds = window() if callable(window) else window
            if not max_hits:
                return view(request, *args, **kwargs)
            ident = (key or (lambda r: client_ip(r) or "unknown"))(request)
            if not failures_only:  # count first: one cache round trip per request
                count = hit(scope, ident, seconds)
                if count > max_hits:
                    return _refuse(request, scope, max_hits, seconds, count)
                return view(request, *args, **kwargs)
            if current(scope, ident) >= max_hits:
                count = hit(scope, ident, seconds)
                return _refuse(request, scope, max_hits, seconds, count)
            response = view(request, *args, **kwargs)
            if not 300 <= response.status_code < 400:
                hit(scope, ident, seconds)
            return response

        return wrapper

    return decorator
