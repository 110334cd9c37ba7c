"""Check-in: the big screen with a rotating QR code, the member's scan, staff by hand."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from liaison.activities import services
from liaison.activities.access import get_managed
from liaison.activities.forms import ManualCheckInForm
from liaison.activities.models import Attendance, Status
from liaison.core.errors import Refusal
from liaison.core.ratelimit import rate_limit
from liaison.core.redirects import local_url
from liaison.orgs.access import Perm, perm_required


def _present_context(activity):
    rows = {a.member_id: a for a in activity.attendance.select_related("member")}
    invited = [i.member for i in activity.invitations.select_related("member")]
    return {
        "activity": activity,
        "present": [r for r in rows.values() if r.status == Attendance.Status.ATTENDED],
        "missing": [m for m in invited if m.pk not in rows],
    }


@perm_required(Perm.OFFICE_MANAGE)
def screen(request, pk):
    activity = get_managed(request.user, pk)
    return render(
        request,
        "activities/screen.html",
        {
            **_present_context(activity),
            "form": ManualCheckInForm(office=activity.office),
            "window": services.CHECKIN_WINDOW,
        },
    )


@never_cache
@perm_required(Perm.OFFICE_MANAGE)
def screen_code(request, pk):
    """The QR fragment the big screen swaps in every CHECKIN_WINDOW seconds."""
    activity = get_managed(request.user, pk)
    url = None
    qr = ""
    if activity.status == Status.CHECKIN_OPEN:
        token = services.checkin_token(activity)
        url = request.build_absolute_uri(reverse("activity_checkin", args=[token]))
        qr = segno.make(url, error="m").svg_inline(scale=8, dark="#212529")
    return render(
        request,
        "activities/_screen_code.html",
        {"activity": activity, "url": url, "qr": qr, "window": services.CHECKIN_WINDOW},
    )


@never_cache
@perm_required(Perm.OFFICE_MANAGE)
def screen_present(request, pk):
    activity = get_managed(request.user, pk)
    return render(request, "activities/_screen_present.html", _present_context(activity))


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def manual_check_in(request, pk):
    activity = get_managed(request.user, pk)
    form = ManualCheckInForm(request.POST, office=activity.office)
    if form.is_valid():
        try:
            services.check_in(
                form.cleaned_data["member"],
                activity,
                method=Attendance.Method.MANUAL,
                actor=request.user,
            )
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Checked in."))
    else:
        messages.error(request, _("Choose a member of this office."))
    return redirect(local_url(request, request.POST.get("next")) or activity.get_absolute_url())


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def manual_check_out(request, pk, attendance_pk):
    activity = get_managed(request.user, pk)
    attendance = get_object_or_404(activity.attendance, pk=attendance_pk)
    try:
        services.check_out(request.user, attendance)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    return redirect(activity)


@never_cache
@login_required
@rate_limit(
    "checkin",
    limit=lambda: settings.CHECKIN_RATE_LIMIT,
    window=lambda: settings.CHECKIN_RATE_WINDOW,
    methods=("GET", "POST"),
    key=lambda request: f"user:{request.user.pk}",
)
def check_in_page(request, token):
    """What a member's phone opens from the QR code: confirm, then checked in once.

    The hot path of a briefing's first minutes: a handful of queries and, from the htmx
    button, a fragment without the page shell (no navigation, no unread count)."""
    try:
        activity = services.activity_of_token(token)
    except Refusal as refusal:
        return _check_in_response(request, {"error": refusal.message}, status=400)
    member = services.scanning_member(request.user, activity)
    context = {"activity": activity, "token": token, "member": member}
    if member is None:
        context["error"] = _("Only members of %(office)s can check in here.") % {
            "office": activity.office.name
        }
        return _check_in_response(request, context, status=403)
    attendance = None
    if member.attendance_id is not None:  # a second scan: say so, change nothing
        context["error"] = _("Already checked in.")
        attendance = Attendance.objects.filter(pk=member.attendance_id).first()
    elif activity.status != Status.CHECKIN_OPEN:
        context["error"] = _("Check-in for this activity is not open.")
    elif request.method == "POST":
        try:
            attendance = services.check_in(
                member, activity, actor=request.user, invited=member.invited, just_read=True
            )
        except Refusal as refusal:
            context["error"] = refusal.message
            if refusal.code == "already_checked_in":
                attendance = activity.attendance.filter(member=member).first()
    context["attendance"] = attendance
    return _check_in_response(request, context)


def _check_in_response(request, context, status=200):
    htmx = request.headers.get("HX-Request")
    template = "activities/_checkin_result.html" if htmx else "activities/checkin.html"
    return render(request, template, context, status=status)
