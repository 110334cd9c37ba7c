"""Care events (联谊慰问): the list with overdue ones first, recording, visits."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.lists import int_param, paginate
from liaison.members import services
from liaison.members.access import require_manage
from liaison.members.forms import CareEventForm, CareVisitForm
from liaison.members.home import upcoming_birthdays
from liaison.members.models import CareEvent, Member
from liaison.orgs.access import Perm, perm_required


def _events(request):
    return CareEvent.objects.visible_to(request.user, Perm.OFFICE_MANAGE).select_related(
        "member", "office"
    )


@perm_required(Perm.OFFICE_MANAGE)
def care_list(request):
    show = request.GET.get("show", "open")
    events = _events(request)
    if show == "open":
        events = events.pending()
    elif show == "overdue":
        events = events.overdue()
    elif show == "counted":  # what the dashboards count: all but the cancelled
        events = events.counted()
    elif show == "on_time":
        events = events.counted().visited_on_time()
    year = int_param(request.GET.get("year"), low=2000, high=2100)
    if year is not None:  # the dashboards' figures link here with the year
        events = events.filter(event_date__year=year)
    return render(
        request,
        "members/care_list.html",
        {
            "page": paginate(request, events.order_by("status", "due_by")),
            "show": show,
            "birthdays": upcoming_birthdays(request),
            "now": timezone.now(),
        },
    )


@perm_required(Perm.OFFICE_MANAGE)
def care_create(request, pk):
    member = get_object_or_404(Member.objects.visible_to(request.user), pk=pk)
    require_manage(request.user, member.office)
    form = CareEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.record_care_event(request.user, member, **form.cleaned_data)
        messages.success(
            request,
            _("Recorded. Due by %(due)s.")
            % {"due": timezone.localtime(event.due_by).strftime("%Y-%m-%d %H:%M")},
        )
        return redirect(event)
    return render(request, "members/care_form.html", {"form": form, "member": member})


@perm_required(Perm.OFFICE_MANAGE)
def care_detail(request, pk):
    event = get_object_or_404(_events(request), pk=pk)
    form = CareVisitForm(
        request.POST or None, office=event.office, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_care_visit(
                request.user, event, staff=[request.user], **form.cleaned_data
            )
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect(event)
    visits = event.visits.prefetch_related("members", "staff")
    return render(
        request, "members/care_detail.html", {"event": event, "form": form, "visits": visits}
    )


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def care_cancel(request, pk):
    event = get_object_or_404(_events(request), pk=pk)
    try:
        services.cancel_care_event(request.user, event)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    return redirect(event)
