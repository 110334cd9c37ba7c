"""Home panels: the office's overdue items and what awaits it; the department's due-soon and
overdue list; a member's replies awaiting feedback."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.registry import HomePanel
from liaison.opinions.models import A, Assignment, ExtensionRequest, Opinion, Status
from liaison.orgs.access import Perm, organizations_q
from liaison.workdays import services as workdays

DUE_SOON_DAYS = 3


def office_items(request):
    """Overdue assignments first, then what the office must act on."""
    scope = organizations_q(request.user, Perm.OFFICE_MANAGE, "opinion__office__")
    today = timezone.localdate()
    assignments = Assignment.objects.filter(scope).select_related("opinion", "department")
    overdue = list(assignments.overdue(today)[:10])
    waiting = list(
        assignments.filter(
            Q(status__in=[A.REPLIED, A.CHECKED, A.NOT_SOLVED])
            | Q(extension_requests__decision=ExtensionRequest.Decision.PENDING)
        )
        .distinct()
        .order_by("deadline")[:10]
    )
    new = Opinion.objects.filter(
        organizations_q(request.user, Perm.OFFICE_MANAGE, "office__"), status=Status.NEW
    ).count()
    return {"overdue": overdue, "waiting": waiting, "new": new, "today": today}


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
