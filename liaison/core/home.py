"""The home page's built-in panels, one set per role. Later apps replace them by key."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import Figure, count_all, get_figure, whole_year, year_bounds
from liaison.core.registry import HomePanel, NavItem, add_nav, add_panel
from liaison.orgs.access import (
    ROLE_PERMS,
    SUBTREE_ROLES,
    Perm,
    assignments,
    organizations_for,
)


def managed_offices(request) -> list:
    """The organizations the user manages (Perm.OFFICE_MANAGE), in tree order, once per
    request; read from the role assignments already loaded when no role reaches a subtree."""
    cached = getattr(request, "_managed_offices", None)
    if cached is None:
        found = [
            a.organization
            for a in assignments(request.user)
            if Perm.OFFICE_MANAGE in ROLE_PERMS[a.role]
        ]
        if any(
            a.role in SUBTREE_ROLES and Perm.OFFICE_MANAGE in ROLE_PERMS[a.role]
            for a in assignments(request.user)
        ):
            found = list(organizations_for(request.user, Perm.OFFICE_MANAGE))
        unique = {org.pk: org for org in found}
        cached = sorted(unique.values(), key=lambda org: (org.path, org.sort_order))
        request._managed_offices = cached
    return cached


def _figure(figure) -> Figure:
    return get_figure(figure) if isinstance(figure, str) else figure


def home_counts(request, figures) -> dict[str, dict[int, int]]:
    """{code: {organization id: value}} this year for the offices the user manages: the
    panels' own figures (codes or Figure objects) of every home panel shown, counted together
    in one query the first time a panel asks (liaison.core.figures.count_all). A registered
    figure of a whole year is read from the store instead: home_year()."""
    counted = request.__dict__.setdefault("_home_counts", {})
    figures = [_figure(f) for f in figures]
    if any(f.code not in counted for f in figures):
        wanted = [*map(_figure, getattr(request, "_home_figures", ())), *figures]
        missing = list({f.code: f for f in wanted if f.code not in counted}.values())
        start, end = year_bounds(timezone.localdate().year)
        ids = [o.pk for o in managed_offices(request)]
        counted.update(count_all(missing, ids, start, end))
    return counted


SHOWN_OFFICES = 3  # a user who manages more sees the yearly panels of the first three


def shown_offices(request) -> list:
    """The liaison offices whose yearly panels the home page shows."""
    managed = managed_offices(request)
    return [o for o in managed if o.kind == "liaison_office"][:SHOWN_OFFICES]


def home_year(request, parts=()) -> tuple[dict, dict, dict]:
    """(counted, split, parts) of this year's registered figures and of the panels' parts
    for the offices shown, read once per request from the stored whole years
    (liaison.core.figures.whole_year): one small query where nothing changed since, instead of
    counting the year's rows again. The parts of every panel shown are read at the first ask."""
    found = request.__dict__.get("_home_year")
    if found is None or not set(parts) <= set(found[2]):
        wanted = sorted({*getattr(request, "_home_parts", ()), *parts})
        ids = [o.pk for o in shown_offices(request)]
        found = request._home_year = whole_year(ids, timezone.localdate().year, wanted)
    return found


def part_of_every_office(request, name: str) -> dict | None:
    """{office id: data} of a stored part for every liaison office the user manages, when the
    home shows them all (its yearly read holds them); None when it shows only the first
    SHOWN_OFFICES: the panel then reads its rows itself."""
    shown = shown_offices(request)
    managed = [o for o in managed_offices(request) if o.kind == "liaison_office"]
    if len(managed) != len(shown):
        return None
    return home_year(request, [name])[2][name]


def first_rows_per_office(rows, office_field: str, order: list[str], limit: int):
    """The first `limit` rows of each office in `order`, in one query (a window's row number
    per office), ordered by office and then `order`: what a stored part keeps of a list."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    place = Window(RowNumber(), partition_by=[F(office_field)], order_by=[F(o) for o in order])
    return rows.annotate(place=place).filter(place__lte=limit).order_by(office_field, "place")


def _district_offices(request):
    offices = organizations_for(request.user, Perm.DISTRICT_VIEW)
    return list(offices.filter(kind="liaison_office"))


add_nav(NavItem("home", _("Home"), "home", icon="house", order=0))

add_panel(
    HomePanel(
        "office.today",
        _("Today's work"),
        (Perm.OFFICE_MANAGE,),
        empty_text=_("Nothing is due today."),
        order=10,
    )
)
add_panel(
    HomePanel(
        "member.invitations",
        _("My invitations"),
        (Perm.MEMBER_SELF,),
        empty_text=_("No open invitations."),
        order=20,
    )
)
add_panel(
    HomePanel(
        "member.open_items",
        _("My open items"),
        (Perm.MEMBER_SELF,),
        empty_text=_("Nothing is waiting for you."),
        order=21,
    )
)
add_panel(
    HomePanel(
        "review.pending",
        _("Awaiting my review"),
        (Perm.REVIEW,),
        empty_text=_("Nothing is awaiting review."),
        order=30,
    )
)
add_panel(
    HomePanel(
        "handle.assignments",
        _("My assignments"),
        (Perm.HANDLE,),
        empty_text=_("No assignments are open."),
        order=40,
    )
)
add_panel(
    HomePanel(
        "district.offices",
        _("Offices in my district"),
        (Perm.DISTRICT_VIEW,),
        template="core/panels/offices.html",
        order=50,
        items=_district_offices,
        empty_text=_("No offices yet."),
    )
)
