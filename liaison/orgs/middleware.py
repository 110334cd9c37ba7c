from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.orgs import twofactor
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


# Reachable between the password and the code: the code form itself, logout, language, assets.
_BEFORE_CODE = ("/accounts/otp/verify/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")
# Reachable by someone who must enrol first: their own account pages (enrolment, password).
_BEFORE_ENROLMENT = ("/accounts/", "/i18n/", "/static/", "/healthz")


class SecondFactorMiddleware:
    """After the password: the code for those who have an authenticator; enrolment first for
    the roles that require it (when settings.OTP_ENFORCED). Comes after django-otp's
    OTPMiddleware and before ForcePasswordChangeMiddleware, so not even the password change
    form opens on the password alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or twofactor.is_verified(user):
            return self.get_response(request)
        path = request.path
        if not path.startswith(_BEFORE_CODE) and twofactor.has_device(user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('otp_verify')}?{query}")
        if (
            not path.startswith(_BEFORE_ENROLMENT)
            and not twofactor.has_device(user)
            and twofactor.is_required(user)
        ):
            messages.warning(
                request, _("Your role requires two-factor login. Please set it up first.")
            )
            return redirect(reverse("otp_setup"))
        return self.get_response(request)
