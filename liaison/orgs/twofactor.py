"""Two-factor login (TOTP, django-otp), read side: who must use it, who has it.

Policy (等保2.0 identity): every system, security and audit administrator and every office
director must enrol; anyone else may. The requirement is enforced when settings.OTP_ENFORCED is
on — by default in production mode (DEBUG off) and off in development, so the demo office's
accounts log in with their password alone (DESIGN.md §8). Whoever has a confirmed device is
asked for a code after the password in both modes.
"""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from liaison.orgs import access

RECOVERY_CODE_COUNT = 10


def is_required(user) -> bool:
    """Does this user's role oblige them to enrol (and is the obligation enforced)?"""
    if not getattr(settings, "OTP_ENFORCED", False):
        return False
    return bool(access.roles(user) & set(settings.OTP_REQUIRED_ROLES))


def has_device(user) -> bool:
    """Has the user a confirmed authenticator? Read from the account row, no query."""
    return bool(getattr(user, "otp_enrolled", False))


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0


def is_verified(user) -> bool:
    checker = getattr(user, "is_verified", None)
    return bool(checker and checker())
