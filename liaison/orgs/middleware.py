from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.orgs.passwords import is_expired

# Paths a user who must change their password may still reach.
_ALLOWED = ("/accounts/", "/i18n/", "/static/", "/healthz")


class ForcePasswordChangeMiddleware:
    """Imported accounts, reset and expired passwords: nothing else until it is changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(_ALLOWED):
            if user.must_change_password:
                messages.warning(request, _("Please set a new password before you continue."))
                return redirect(reverse("password_change"))
            if is_expired(user):
                messages.warning(
                    request, _("Your password has expired. Please set a new one to continue.")
                )
                return redirect(reverse("password_change"))
        return self.get_response(request)
