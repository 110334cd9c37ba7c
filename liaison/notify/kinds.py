"""Kinds of notification, registered by the apps that send them (in AppConfig.ready()).

Each user chooses per kind how mail reaches them: immediately, in the daily digest, or not at
all; the inbox copy is always written. A kind marked `sms` also goes by SMS to those who chose
"immediately" and have a mobile number. An unregistered kind is delivered immediately.
"""

from dataclasses import dataclass

IMMEDIATE, DIGEST, OFF = "immediate", "digest", "off"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    default: str = IMMEDIATE
    sms: bool = False
    order: int = 100


_kinds: dict[str, Kind] = {}


def register_kind(kind: Kind) -> None:
    _kinds[kind.key] = kind


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def get_kind(key: str) -> Kind:
    return _kinds.get(key) or Kind(key, key)
