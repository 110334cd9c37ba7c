from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths a user who must change their password may still reach.
_ALLOWED = ("/accounts/", "/i18n/", "/static/", "/healthz")


class ForcePasswordChangeMiddleware:
    """Imported accounts and reset passwords: nothing else until the password is changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(_ALLOWED)
        ):
            messages.warning(request, _("Please set a new password before you continue."))
            return redirect(reverse("password_change"))
        return self.get_response(request)
