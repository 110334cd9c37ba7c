"""The ledger's kinds of act, registered by the apps that produce them.

Each app, in its AppConfig.ready(), registers its kinds and one rebuild function that yields
every entry its source records imply. The ledger imports none of those apps.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """What a rebuild function yields: the arguments of one record() call."""

    member: object
    kind: str
    source: object
    date: object
    quantity: int = 1


@dataclass(frozen=True)
class Kind:
    code: str
    label: str


_kinds: dict[str, Kind] = {}
_rebuilders: dict[str, Callable[[], Iterable[Entry]]] = {}


def register_kind(code: str, label) -> Kind:
    kind = Kind(code, label)
    _kinds[code] = kind
    return kind


def register_rebuilder(app_label: str, rebuild: Callable[[], Iterable[Entry]]) -> None:
    _rebuilders[app_label] = rebuild


def get_kind(code: str) -> Kind | None:
    return _kinds.get(code)


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def rebuilders() -> dict[str, Callable[[], Iterable[Entry]]]:
    return dict(_rebuilders)


def unregister(code: str = "", app_label: str = "") -> None:
    """For tests that register a kind or a rebuilder of their own."""
    _kinds.pop(code, None)
    _rebuilders.pop(app_label, None)
