"""Home panels: the office's overdue items and what awaits it; the department's due-soon and
overdue list; a member's replies awaiting feedback."""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import Figure, grouped
from liaison.core.registry import HomePanel
from liaison.opinions.models import (
    A,
    Assignment,
    ExtensionRequest,
    Opinion,
    Status,
)
from liaison.orgs.access import Perm, organizations_q
from liaison.workdays import services as workdays

DUE_SOON_DAYS = 3


SHOWN = 10
WAITING = (A.REPLIED, A.CHECKED, A.NOT_SOLVED)


def _new_opinions(office_ids, start, end):
    return (
        Opinion.objects.filter(office_id__in=office_ids, status=Status.NEW)
        .values_list("office")
        .annotate(n=Count("pk"))
    )


# Opinions awaiting triage, counted with the home page's other figures: for a user who manages
# more offices than the home shows (liaison.core.home.SHOWN_OFFICES).
NEW = Figure("opinions.home_new", _("Opinions awaiting triage"), "opinions", grouped(_new_opinions))
TRIAGE = "triage"  # the same count, stored with each shown office's year


def awaiting_triage(office_ids, year: int) -> dict[int, int]:
    """{office id: opinions awaiting triage}, of any year: stored beside the office's figures
    of the year, since every write of an opinion moves the office's counter."""
    counted = dict(_new_opinions(list(office_ids), None, None))
    return {pk: counted.get(pk, 0) for pk in office_ids}


def _awaiting(request) -> int:
    """Opinions awaiting triage in the offices the user manages: from the stored part when
    the home shows them all, else counted."""
    from liaison.core.home import home_counts, part_of_every_office

    stored = part_of_every_office(request, TRIAGE)
    if stored is not None:
        return sum(stored.values())
    return sum(home_counts(request, [NEW])[NEW.code].values())


def office_items(request):
    """Overdue assignments first, then what the office must act on: the first SHOWN of each,
    in two plain queries (an overdue item with an extension pending belongs to both). One
    UNION of the two cost as much to compile as both and twice as much to read."""
    scope = Assignment.objects.filter(
        organizations_q(request.user, Perm.OFFICE_MANAGE, "office__")
    ).select_related("opinion", "department")
    today = timezone.localdate()
    pending = ExtensionRequest.objects.filter(
        assignment=OuterRef("pk"), decision=ExtensionRequest.Decision.PENDING
    )

    def first(assignments):
        return list(assignments.only(*PANEL_COLUMNS).order_by(*ORDER)[:SHOWN])

    overdue = first(scope.overdue(today))
    waiting = first(scope.filter(Q(status__in=WAITING) | Q(Exists(pending))))
    return {"overdue": overdue, "waiting": waiting, "new": _awaiting(request), "today": today}


ORDER = [F("deadline").asc(), F("pk").asc()]
# What the panel shows of an assignment, its opinion (its label) and its department.
PANEL_COLUMNS = (
    "status",
    "deadline",
    "opinion__summary",
    "opinion__text",
    "department__name",
)


def department_items(request):
    today = timezone.localdate()
    mine = Assignment.objects.of_department(request.user).select_related("opinion")
    soon = workdays.add_working_days(today, DUE_SOON_DAYS)
    return {
        "overdue": list(mine.overdue(today)[:10]),
        "soon": list(mine.due_between(today, soon)[:10]),
        "new": list(mine.filter(status=A.ASSIGNED)[:10]),
        "today": today,
    }


def member_items(request):
    return list(
        Assignment.objects.filter(
            status=A.PUBLISHED, opinion__raisers__user=request.user
        ).select_related("opinion")[:10]
    )


PANELS = [
    HomePanel(
        "office.opinions",
        _("Opinions: overdue and awaiting the office"),
        (Perm.OFFICE_MANAGE,),
        template="opinions/panels/office.html",
        items=office_items,
        more_url_name="opinion_list",
        order=12,
        parts=(TRIAGE,),
    ),
    HomePanel(
        "handle.assignments",
        _("My assignments"),
        (Perm.HANDLE,),
        template="opinions/panels/department.html",
        items=department_items,
        empty_text=_("No assignments are open."),
        more_url_name="assignment_list",
        order=40,
    ),
    HomePanel(
        "member.opinions",
        _("Replies awaiting my feedback"),
        (Perm.MEMBER_SELF,),
        template="opinions/panels/member.html",
        items=member_items,
        empty_text=_("No replies are waiting for your feedback."),
        more_url_name="opinion_list",
        order=22,
    ),
]
