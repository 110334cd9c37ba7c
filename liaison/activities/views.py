"""Activities: list, edit, detail, lifecycle, invitations and leave."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.activities import services
from liaison.activities.access import get_managed, get_visible, visible_activities
from liaison.activities.forms import ActivityForm, InviteForm, LeaveForm
from liaison.activities.models import (
    Activity,
    ActivityType,
    Attendance,
    Invitation,
    LeaveRequest,
    Status,
)
from liaison.core.errors import Refusal
from liaison.core.lists import int_param, paginate
from liaison.members.access import managed_office, require_manage
from liaison.members.models import Member
from liaison.orgs.access import Perm, can, perm_required

# Each lifecycle button: the status it is offered from, and the service it calls (which
# checks TRANSITIONS itself).
ACTIONS = {
    "publish": (Status.DRAFT, services.publish),
    "unpublish": (Status.PUBLISHED, services.unpublish),
    "open": (Status.PUBLISHED, services.open_checkin),
    "close": (Status.CHECKIN_OPEN, services.close),
    "reopen": (Status.CLOSED, services.reopen),
    "archive": (Status.CLOSED, services.archive),
}


def _my_member(request, activity) -> Member | None:
    return Member.objects.filter(user=request.user, office=activity.office).first()


def _invited_member(request, activity) -> Member:
    """The user's member record for a reply or a leave request; refused when there is none."""
    me = _my_member(request, activity)
    if me is None:
        raise Refusal("not_invited", _("You are not invited to this activity."))
    return me


LIST_COLUMNS = ("starts_at", "title", "is_major", "status", "type__name")  # what a row shows


@perm_required(Perm.OFFICE_VIEW, Perm.MEMBER_SELF)
def activity_list(request):
    activities = visible_activities(request.user)
    status = request.GET.get("status")
    if status in Status.values:
        activities = activities.filter(status=status)
    elif status == "held":  # closed or archived: what the dashboards count
        activities = activities.filter(status__in=[Status.CLOSED, Status.ARCHIVED])
    office = request.GET.get("office", "")
    if office.isdecimal():
        activities = activities.filter(office_id=office)
    kind = request.GET.get("type", "")
    if int_param(kind) is not None:
        activities = activities.filter(type_id=int_param(kind))
    year = request.GET.get("year", "")
    if int_param(year, low=1900, high=2100) is not None:
        activities = activities.filter(starts_at__year=int(year))
    page = paginate(
        request, activities.order_by("-starts_at"), select_related=("type",), only=LIST_COLUMNS
    )
    # Counted for the rows shown (subqueries on the page's rows), not by joining invitations
    # × attendance of every activity: the count query stays a plain COUNT of activities.
    invited = Invitation.objects.filter(activity=OuterRef("pk")).order_by().values("activity")
    present = Attendance.objects.filter(
        activity=OuterRef("pk"), status=Attendance.Status.ATTENDED
    ).order_by()
    page.object_list = page.object_list.annotate(  # COUNT(*): read from the indexes
        invited=Coalesce(Subquery(invited.annotate(n=Count("*")).values("n")), 0),
        present=Coalesce(
            Subquery(present.values("activity").annotate(n=Count("*")).values("n")), 0
        ),
    )
    return render(
        request,
        "activities/list.html",
        {
            "page": page,
            "types": ActivityType.objects.filter(is_active=True),
            "statuses": Status.choices,
            "can_manage": can(request.user, Perm.OFFICE_MANAGE),
            "filters": {"status": status, "type": kind, "year": year},
        },
    )


@perm_required(Perm.OFFICE_MANAGE)
def activity_edit(request, pk=None):
    activity = get_managed(request.user, pk) if pk else Activity(office=managed_office(request))
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            activity = services.save_activity(
                request.user, activity, expected_version=form.expected_version, **fields
            )
        except Refusal as refusal:
            form.refuse(refusal)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": activity.title})
            return redirect(activity)
    return render(request, "activities/form.html", {"form": form, "activity": activity})


@perm_required(Perm.OFFICE_VIEW, Perm.MEMBER_SELF)
def activity_detail(request, pk):
    activity = get_visible(request.user, pk)
    can_manage = can(request.user, Perm.OFFICE_MANAGE, activity.office)
    me = _my_member(request, activity)
    invitation = activity.invitations.filter(member=me).first() if me else None
    context = {
        "activity": activity,
        "can_manage": can_manage,
        "is_invited": invitation is not None,
        "invitation": invitation,
        "my_leave": activity.leaves.filter(member=me).first() if me else None,
        "my_attendance": activity.attendance.filter(member=me).first() if me else None,
        "leave_form": LeaveForm(),
        "counts": dict(activity.invitations.values_list("response").annotate(n=Count("pk"))),
    }
    if can_manage:
        attendance = {a.member_id: a for a in activity.attendance.all()}
        invitations = activity.invitations.select_related("member", "member__group")
        context.update(
            rows=[(i, attendance.get(i.member_id)) for i in invitations],
            leaves=activity.leaves.select_related("member"),
            walk_ins=activity.attendance.filter(walk_in=True).select_related("member"),
            invite_form=InviteForm(office=activity.office),
            actions=[a for a, (start, _move) in ACTIONS.items() if activity.status == start],
        )
    return render(request, "activities/detail.html", context)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def activity_transition(request, pk, action):
    activity = get_managed(request.user, pk)
    if action not in ACTIONS:
        return redirect(activity)
    try:
        ACTIONS[action][1](request.user, activity)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Done."))
    return redirect(activity)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def activity_invite(request, pk):
    activity = get_managed(request.user, pk)
    form = InviteForm(request.POST, office=activity.office)
    if form.is_valid():
        try:
            count = services.invite(request.user, activity, form.chosen())
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("%(n)d members invited.") % {"n": count})
    else:
        messages.error(request, _("Choose whom to invite."))
    return redirect(activity)


@perm_required(Perm.MEMBER_SELF)
@require_POST
def activity_respond(request, pk):
    activity = get_visible(request.user, pk)
    try:
        me = _invited_member(request, activity)
        invitation = services.respond(me, activity, request.POST.get("accept") == "1")
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, invitation.get_response_display())
    return redirect(activity)


@perm_required(Perm.MEMBER_SELF)
@require_POST
def leave_request(request, pk):
    activity = get_visible(request.user, pk)
    form = LeaveForm(request.POST)
    try:
        me = _invited_member(request, activity)
        if not form.is_valid():
            raise Refusal("leave_reason", _("Give a reason for the leave request."))
        services.request_leave(me, activity, form.cleaned_data["reason"])
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your leave request has been sent to the office."))
    return redirect(activity)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def leave_decide(request, pk, decision):
    leave = get_object_or_404(LeaveRequest.objects.select_related("activity"), pk=pk)
    require_manage(request.user, leave.activity.office)
    try:
        services.decide_leave(
            request.user, leave, decision == "approve", request.POST.get("comment", "")[:300]
        )
    except Refusal as refusal:
        messages.error(request, refusal.message)
    return redirect(leave.activity)
