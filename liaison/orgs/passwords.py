"""Password policy (等保2.0 identity controls): length, character classes, not the username,
not one of the last few passwords, optional expiry.

The validators are listed in settings.AUTH_PASSWORD_VALIDATORS, so every form that sets a
password (change, administrator reset, account creation) applies them. `PasswordHistoryValidator`
also records each new hash through Django's `password_changed` hook, which runs on every save
after `set_password` — including seed_demo, which sets the fixed demo password directly without
validating it.
"""

import string
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HISTORY_SIZE = 5


def _classes(password: str) -> int:
    found = {
        "lower": any(c in string.ascii_lowercase for c in password),
        "upper": any(c in string.ascii_uppercase for c in password),
        "digit": any(c in string.digits for c in password),
        "other": any(not (c.isascii() and c.isalnum()) for c in password),
    }
    return sum(found.values())


class CharacterClassesValidator:
    """At least `min_classes` of: lowercase letters, capitals, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if _classes(password) < self.min_classes:
            raise ValidationError(self.get_error_message(), code="password_too_simple")

    def get_error_message(self):
        return _(
            "The password must contain at least %(n)d of these four kinds of character: "
            "lowercase letters, capital letters, digits and symbols."
        ) % {"n": self.min_classes}

    def get_help_text(self):
        return self.get_error_message()


class NotUsernameValidator:
    """The password may not be the username, nor contain it, nor be it reversed."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if not username:
            return
        lowered = password.lower()
        contains = len(username) >= 3 and (username in lowered or username[::-1] in lowered)
        if contains or lowered == username:
            raise ValidationError(
                _("The password may not contain the username."), code="password_has_username"
            )

    def get_help_text(self):
        return _("The password may not contain the username.")


class PasswordHistoryValidator:
    """Not one of the last `size` passwords of this account; remembers each new one."""

    def __init__(self, size: int = HISTORY_SIZE):
        self.size = size

    def validate(self, password, user=None):
        if user is None or not user.pk:
            return
        for encoded in recent_hashes(user, self.size):
            if check_password(password, encoded):
                raise ValidationError(
                    ngettext(
                        "The password may not be the same as your last password.",
                        "The password may not be one of your last %(n)d passwords.",
                        self.size,
                    )
                    % {"n": self.size},
                    code="password_reused",
                )

    def password_changed(self, password, user=None):
        if user is not None and user.pk:
            remember(user, self.size)

    def get_help_text(self):
        return ngettext(
            "The password may not be the same as your last password.",
            "The password may not be one of your last %(n)d passwords.",
            self.size,
        ) % {"n": self.size}


def recent_hashes(user, size: int = HISTORY_SIZE) -> list[str]:
    from liaison.orgs.models import PasswordHistory

    hashes = list(
        PasswordHistory.objects.filter(user=user)
        .order_by("-created_at", "-id")
        .values_list("password", flat=True)[:size]
    )
    if user.password and user.password not in hashes:
        hashes.insert(0, user.password)
    return hashes[:size]


def remember(user, size: int = HISTORY_SIZE) -> None:
    """Store the account's current hash and forget all but the newest `size`."""
    from liaison.orgs.models import PasswordHistory

    if not user.password or not user.has_usable_password():
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = (
        PasswordHistory.objects.filter(user=user)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:size]
    )
    PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()


def expiry_days() -> int:
    return int(getattr(settings, "PASSWORD_EXPIRY_DAYS", 0) or 0)


def is_expired(user, now=None) -> bool:
    """True when expiry is on (PASSWORD_EXPIRY_DAYS > 0) and the password is older than that."""
    days = expiry_days()
    changed = getattr(user, "password_changed_at", None)
    if days <= 0 or changed is None:
        return False
    return changed + timedelta(days=days) <= (now or timezone.now())
