"""GB 11643-1999 resident identity numbers: 17 digits, a check character, a valid birth date."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def birth_date_of(id_number: str) -> datetime.date | None:
    try:
        return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str) -> None:
    number = (value or "").strip().upper()
    if not number:
        return
    digits = number[:17]
    if (
        len(number) != 18
        or not (digits.isascii() and digits.isdecimal())
        or number[17] not in "0123456789X"
    ):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a check digit or X."), code="id_format"
        )
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("The ID number's check digit is wrong; please check it."), code="id_checksum"
        )
    born = birth_date_of(number)
    if born is None or born > timezone.localdate() or born.year < 1900:
        raise ValidationError(
            _("The ID number contains an impossible birth date."), code="id_birth_date"
        )
