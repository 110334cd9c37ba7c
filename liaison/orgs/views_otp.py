"""Two-factor login pages: enrol an authenticator app, give the code after the password,
renew recovery codes, remove the second factor where the role allows it."""

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from liaison.core.errors import Refusal
from liaison.core.ratelimit import rate_limit
from liaison.core.redirects import local_url
from liaison.orgs import services, twofactor
from liaison.orgs.views_accounts import login_limit, login_window

SETUP_SESSION_KEY = "otp_setup_device"


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy(
            "The six-digit code in your authenticator app, or one of your recovery codes."
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


def _next(request, default="home"):
    return local_url(request, request.POST.get("next") or request.GET.get("next")) or default


@login_required
@rate_limit("otp", limit=login_limit, window=login_window, failures_only=True)
def otp_verify(request):
    """The second step of login for those who have a device."""
    user = request.user
    if twofactor.is_verified(user) or not twofactor.has_device(user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            services.second_factor_passed(user, device)
            return redirect(_next(request))
        services.login_failed(user, action="otp_failed")
        if user.is_locked():
            logout(request)
            messages.error(request, _("Too many wrong codes: this account is locked for a while."))
            return redirect("login")
        form.add_error("token", _("The code is not correct, or it was already used."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request, "")})


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code, type the code it shows."""
    user = request.user
    if twofactor.has_device(user) and not twofactor.is_verified(user):
        return redirect("otp_verify")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(SETUP_SESSION_KEY), user=user, confirmed=False
    ).first()
    if device is None or request.method == "GET":
        device = services.start_totp_enrolment(user)
        request.session[SETUP_SESSION_KEY] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp_enrolment(user, device, form.cleaned_data["token"])
        except Refusal as refusal:
            form.add_error("token", refusal.message)
        else:
            request.session.pop(SETUP_SESSION_KEY, None)
            request.session.cycle_key()
            otp_login(request, device)
            messages.success(request, _("Two-factor login is on."))
            return render(request, "accounts/otp_codes.html", {"codes": codes})
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": qr.svg_data_uri(scale=5, border=2),
            "secret": b32encode(device.bin_key).decode(),
            "required": twofactor.is_required(user),
        },
    )


@login_required
def otp_settings(request):
    user = request.user
    return render(
        request,
        "accounts/otp_settings.html",
        {
            "enrolled": twofactor.has_device(user),
            "required": twofactor.is_required(user),
            "codes_left": twofactor.recovery_codes_left(user),
        },
    )


@login_required
@require_POST
def otp_recovery_codes(request):
    try:
        codes = services.regenerate_recovery_codes(request.user)
    except Refusal as refusal:
        messages.error(request, refusal.message)
        return redirect("otp_settings")
    return render(request, "accounts/otp_codes.html", {"codes": codes})


@login_required
@require_POST
def otp_remove(request):
    try:
        services.remove_second_factor(request.user, request.user)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Two-factor login is off."))
    return redirect("otp_settings")
