"""What each app adds to the shared shell: navigation entries and home-page panels.

Apps register in their AppConfig.ready(); the shell renders what the user's roles allow.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    perms: tuple = ()  # any of these; empty: every signed-in user
    icon: str = "circle"
    order: int = 100


@dataclass(frozen=True)
class HomePanel:
    key: str
    title: str
    perms: tuple
    template: str = "core/panels/list.html"
    items: Callable = field(default=lambda request: [])
    empty_text: str = ""
    more_url_name: str = ""
    order: int = 100
    # Figures (registered codes, or liaison.core.figures.Figure objects) the panel reads
    # through core.home.home_counts(): the home page counts those of every panel in one query.
    figures: tuple = ()
    # Yearly parts (liaison.core.figures.register_part) the panel reads through
    # core.home.home_year(): the home page reads those of every panel with the figures.
    parts: tuple = ()


_nav: dict[str, NavItem] = {}
_panels: dict[str, HomePanel] = {}


def add_nav(item: NavItem) -> None:
    _nav[item.key] = item


def add_panel(panel: HomePanel) -> None:
    """Register a home panel; a later registration with the same key replaces the earlier."""
    _panels[panel.key] = panel


def _allowed(user, perms) -> bool:
    from liaison.orgs.access import can

    return not perms or any(can(user, perm) for perm in perms)


def nav_for(user) -> list[NavItem]:
    return sorted(
        (item for item in _nav.values() if _allowed(user, item.perms)), key=lambda i: i.order
    )


def panels_for(user) -> list[HomePanel]:
    return sorted(
        (p for p in _panels.values() if p.perms and _allowed(user, p.perms)),
        key=lambda p: p.order,
    )
