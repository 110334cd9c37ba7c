import contextlib
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import QueryDict
from django.utils import translation

from liaison.core.request_context import client_ip, current_ip
from liaison.core.text import clean_text, has_unstorable
from liaison.orgs.access import read_roles_from

_LANGUAGES = {code for code, _name in settings.LANGUAGES}


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            read_roles_from(request.session, user)  # the roles the session copied, if they hold
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class LanguageMiddleware:
    """Simplified Chinese unless the user picked another language with the switcher.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: an office
    computer set to English still opens the platform in Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def chosen_language(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in _LANGUAGES else settings.LANGUAGE_CODE


class SessionRefreshMiddleware:
    """Slides a signed-in session's expiry forward, writing the session at most once a minute.

    SESSION_SAVE_EVERY_REQUEST would write it on every request, a database write per page (and
    per check-in scan); marking it modified once a minute keeps the idle timeout within a
    minute of exact at a fraction of the writes. Sits just inside SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None:
            refresh_session(session)
        return response


REFRESH_SECONDS = 60


def refresh_session(session) -> None:
    """Mark a signed-in session modified a minute after it was last saved, so
    SessionMiddleware saves it. Counted from the session's own last save, not by the clock's
    minute: at each minute's turn every session of a check-in burst would be written at once."""
    if session.get(SESSION_KEY):
        now = int(time.time())
        if now - (session.get("_refreshed") or 0) >= REFRESH_SECONDS:
            session["_refreshed"] = now


class InputCleaningMiddleware:
    """Removes control characters (liaison.core.text) from query and form parameters, names
    and values, before any form or view reads them. Uploaded files are left as they are: the
    upload validators and the importer judge their content."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            with contextlib.suppress(OSError):  # an unreadable body: CsrfViewMiddleware answers
                request.POST = _cleaned(request.POST)
        return self.get_response(request)


_FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _cleaned(params):
    if not any(
        has_unstorable(key) or any(has_unstorable(v) for v in values)
        for key, values in params.lists()
    ):
        return params
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned
