"""Home panels: the office's overdue items and what awaits it; the department's due-soon and
overdue list; a member's replies awaiting feedback."""

import datetime

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


def _waiting(assignments):
    """Those the office must act on: replied, checked or not solved, or asking for more time."""
    pending = ExtensionRequest.objects.filter(
        assignment=OuterRef("pk"), decision=ExtensionRequest.Decision.PENDING
    )
    return assignments.filter(Q(status__in=WAITING) | Q(Exists(pending)))


def office_items(request):
    """Overdue assignments first, then what the office must act on: the first SHOWN of each,
    from the stored part where it holds every office the user manages, else in two plain
    queries (an overdue item with an extension pending belongs to both; one UNION of the
    two cost as much to compile as both and twice as much to read)."""
    from liaison.core.home import part_of_every_office

    today = timezone.localdate()
    stored = part_of_every_office(request, LISTS)
    if stored is not None:
        overdue, waiting = _from_part(stored, today)
    else:
        scope = Assignment.objects.filter(
            organizations_q(request.user, Perm.OFFICE_MANAGE, "office__")
        ).select_related("opinion", "department")

        def first(assignments):
            return list(assignments.only(*PANEL_COLUMNS).order_by(*ORDER)[:SHOWN])

        overdue = first(scope.overdue(today))
        waiting = first(_waiting(scope))
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
LISTS = "opn_lists"  # the stored part: each office's first open and waiting assignments
# What a stored row keeps: the panel's columns (PANEL_COLUMNS), with the office and the id.
_ROW = ("office_id", "pk", *PANEL_COLUMNS)


def assignment_lists(office_ids, year: int) -> dict[int, dict]:
    """{office id: {"open": rows, "waiting": rows}}, rows [[id, status, deadline (ISO),
    the opinion's label, the department's name], …]: the first SHOWN open assignments by
    deadline (the overdue ones of any day lead them) and the first SHOWN awaiting the office,
    of any year, stored with its year: every write of an assignment, its opinion, an
    extension request or an organization moves the counter."""
    from liaison.core.home import first_rows_per_office

    found = {pk: {"open": [], "waiting": []} for pk in office_ids}
    mine = Assignment.objects.filter(office_id__in=list(office_ids))
    for key, rows in (("open", mine.open()), ("waiting", _waiting(mine))):
        firsts = first_rows_per_office(rows, "office_id", ["deadline", "pk"], SHOWN)
        for office, pk, status, deadline, summary, text, department in firsts.values_list(*_ROW):
            label = str(Opinion(summary=summary, text=text))
            found[office][key].append([pk, status, deadline.isoformat(), label, department])
    return found


def _from_part(stored: dict, today) -> tuple[list, list]:
    """(overdue, waiting) assignments of the stored part, as the panel's rows read them."""
    from liaison.orgs.models import Organization

    def rows(key, keep=lambda a: True):
        found = []
        for office_rows in stored.values():
            for pk, status, deadline, label, department in office_rows[key]:
                a = Assignment(pk=pk, status=status, deadline=datetime.date.fromisoformat(deadline))
                a.opinion, a.department = Opinion(summary=label), Organization(name=department)
                if keep(a):
                    found.append(a)
        return sorted(found, key=lambda a: (a.deadline, a.pk))[:SHOWN]

    return rows("open", lambda a: a.deadline < today), rows("waiting")


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
        parts=(TRIAGE, LISTS),
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
