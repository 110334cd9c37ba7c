import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import translation

from liaison.core.request_context import client_ip, current_ip

_LANGUAGES = {code for code, _name in settings.LANGUAGES}


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
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
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in _LANGUAGES else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


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
        if session is not None and session.get(SESSION_KEY):
            minute = int(time.time() // 60)
            if session.get("_refreshed") != minute:
                session["_refreshed"] = minute
        return response
