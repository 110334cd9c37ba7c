"""Home panels: a member's invitations; the office's yearly targets and visit coverage."""

from typing import NamedTuple

from django.db.models import Count, F, Q, Window
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.activities.models import ActivityType, Invitation, Status
from liaison.core.registry import HomePanel
from liaison.members.models import Member
from liaison.orgs.access import Perm

VISITS_PER_MEMBER = 2  # the seed: every member visited at least twice a year


def my_invitations(request):
    invitations = (
        Invitation.objects.filter(
            member__user=request.user,
            activity__status__in=[Status.PUBLISHED, Status.CHECKIN_OPEN],
            activity__ends_at__gte=timezone.now(),
        )
        .exclude(response=Invitation.Response.DECLINED)
        .select_related("activity")
        .order_by("activity__starts_at")[:10]
    )
    return [i.activity for i in invitations]


class TargetType(NamedTuple):
    code: str
    name: str


def _progress(types, held: dict) -> list[dict]:
    """Per active activity type with a target (of the stored TYPES part): what
    the office held of it this year (`held`, type name → activities closed or archived: the
    breakdown of activities.held) against it."""
    rows = []
    for _pk, code, name, target, active in types:
        if not active or target is None:
            continue
        done = held.get(name, 0)
        rows.append(
            {
                "type": TargetType(code, name),
                "done": done,
                "target": target,
                "met": done >= target,
            }
        )
    return rows


def members_short_of_visits(offices, year: int):
    """Serving members of these offices visited fewer than VISITS_PER_MEMBER times this year
    (a join counted once per member; a count subquery was planned twice, filter and order)."""
    return (
        Member.objects.filter(office__in=offices)
        .serving()
        .annotate(n=Count("visits_received", filter=Q(visits_received__date__year=year)))
        .filter(n__lt=VISITS_PER_MEMBER)
        .order_by("n", "name_pinyin")
    )


SHOWN_SHORT = 8
SHORT_OF_VISITS = "visits"  # the stored yearly part (liaison.core.figures.register_part)


def short_of_visits(office_ids, year: int) -> dict[int, dict]:
    """{office id: {"total": how many serving members are short of visits this year, "first":
    [[id, name] of the first SHOWN_SHORT]]}} in one query: each row carries its office's total
    and its place in the office's list. Stored with the office's figures of the year."""
    from liaison.core.home import first_rows_per_office

    short = members_short_of_visits(office_ids, year).annotate(
        total=Window(Count("pk"), partition_by=[F("office_id")])
    )
    rows = first_rows_per_office(
        short, "office_id", ["n", "name_pinyin", "pk"], SHOWN_SHORT
    ).values_list("office_id", "total", "pk", "name")  # the panel shows names only
    found = {pk: {"total": 0, "first": []} for pk in office_ids}
    for office, total, pk, name in rows:
        found[office]["total"] = total
        found[office]["first"].append([pk, name])
    return found


TYPES = "act_types"  # the stored part of the activity types (targets, and figures' links)


def activity_types(office_ids, year: int) -> dict[int, list]:
    """{office id: [[id, code, name, yearly target, active], …]}: the activity types, the
    same for every office, stored with each office's year so the home's targets and the
    figures' targets and links are read with the figures (a type's change moves every
    office's counter: liaison.activities.figures)."""
    rows = ActivityType.objects.values_list("pk", "code", "name", "yearly_target", "is_active")
    found = [list(row) for row in rows]
    return {pk: found for pk in office_ids}


def register_parts() -> None:
    from liaison.core.figures import register_part

    register_part(SHORT_OF_VISITS, short_of_visits)
    register_part(TYPES, activity_types, targets=True)


def office_targets(request):
    from liaison.core.home import home_year, shown_offices

    offices = shown_offices(request)
    if not offices:
        return []
    counted, split, parts = home_year(request, [SHORT_OF_VISITS, TYPES])
    visits, held = counted["activities.visits"], split["activities.held"]
    short, types = parts[SHORT_OF_VISITS], parts[TYPES]
    return [
        {
            "office": office,
            "progress": _progress(types[office.pk], held.get(office.pk, {})),
            "short_count": short[office.pk]["total"],
            "short": [{"pk": pk, "name": name} for pk, name in short[office.pk]["first"]],
            "visits": visits.get(office.pk, 0),
        }
        for office in offices
    ]


PANELS = [
    HomePanel(
        "member.invitations",
        _("My invitations"),
        (Perm.MEMBER_SELF,),
        template="activities/panels/invitations.html",
        items=my_invitations,
        empty_text=_("No open invitations."),
        more_url_name="activity_list",
        order=20,
    ),
    HomePanel(
        "office.targets",
        _("Yearly targets"),
        (Perm.OFFICE_MANAGE,),
        template="activities/panels/targets.html",
        items=office_targets,
        order=13,
        parts=(SHORT_OF_VISITS, TYPES),
    ),
]
