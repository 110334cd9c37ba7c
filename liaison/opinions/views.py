"""Opinions: the office's list, recording, triage and assignment; a member's own list and
submission; routing an item raised at an activity."""

import datetime

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.exports import ListExporter, export_response
from liaison.core.lists import paginate
from liaison.members.access import managed_office
from liaison.members.models import Member
from liaison.opinions import services
from liaison.opinions.access import get_managed_opinion, get_opinion, my_member, visible_opinions
from liaison.opinions.forms import (
    AssignForm,
    EscalationAnswerForm,
    NotesForm,
    OpinionForm,
    TriageForm,
)
from liaison.opinions.models import (
    SOLVED_STATUSES,
    Assignment,
    Category,
    Opinion,
    Source,
    Status,
)
from liaison.orgs.access import Perm, can, perm_required


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _overdue():
    """An assignment of the opinion past its deadline and not yet answered. Built per request:
    a module-level queryset would keep the date of the day the server started."""
    return Assignment.objects.overdue().filter(opinion=OuterRef("pk"))


def filtered_opinions(request):
    """The list's filters, shared by the page and its xlsx export."""
    opinions = visible_opinions(request.user)
    status = request.GET.get("status", "")
    if status == "solved":
        opinions = opinions.filter(status__in=SOLVED_STATUSES)
    elif status in Status.values:
        opinions = opinions.filter(status=status)
    source = request.GET.get("source", "")
    if source in Source.values:
        opinions = opinions.filter(source=source)
    category = request.GET.get("category", "")
    if category.isdigit():
        opinions = opinions.filter(category_id=category)
    office = request.GET.get("office", "")
    if office.isdigit():
        opinions = opinions.filter(office_id=office)
    year = request.GET.get("year", "")
    if year.isdigit():
        opinions = opinions.filter(submitted_at__year=int(year))
    start, end = _date(request.GET.get("start")), _date(request.GET.get("end"))
    if start:
        opinions = opinions.filter(submitted_at__date__gte=start)
    if end:
        opinions = opinions.filter(submitted_at__date__lte=end)
    if request.GET.get("overdue"):
        opinions = opinions.filter(Exists(_overdue()))
    q = request.GET.get("q", "").strip()
    if q:
        opinions = opinions.filter(Q(text__icontains=q) | Q(summary__icontains=q))
    filters = {
        "status": status,
        "source": source,
        "category": category,
        "year": year,
        "start": request.GET.get("start", ""),
        "end": request.GET.get("end", ""),
        "overdue": request.GET.get("overdue", ""),
        "q": q,
        "office": office,
    }
    return opinions, filters


class OpinionExporter(ListExporter):
    name = "opinions"
    title = "意见建议"

    def __init__(self, opinions):
        self.opinions = opinions

    def headers(self):
        return [
            _("Received"),
            _("Source"),
            _("Raised by"),
            _("Category"),
            _("Verbatim text"),
            _("Summary"),
            _("Status"),
            _("Overdue"),
        ]

    def rows(self):
        for o in self.opinions.prefetch_related("raisers").select_related("category"):
            yield [
                timezone.localtime(o.submitted_at).strftime("%Y-%m-%d"),
                o.get_source_display(),
                "、".join(m.name for m in o.raisers.all()),
                o.category.name if o.category else "",
                o.text,
                o.summary,
                o.get_status_display(),
                _("Yes") if o.is_overdue else "",
            ]


@perm_required(Perm.OFFICE_VIEW, Perm.MEMBER_SELF)
def opinion_list(request):
    opinions, filters = filtered_opinions(request)
    if request.GET.get("format") in ("xlsx", "csv"):
        if not can(request.user, Perm.OFFICE_VIEW):
            raise Http404
        exported = opinions.select_related("category", "office").prefetch_related("raisers")
        exported = exported.annotate(is_overdue=Exists(_overdue()))
        return export_response(request, OpinionExporter(exported), request.GET["format"])
    raisers = Prefetch("raisers", queryset=Member.objects.only("name"), to_attr="raiser_list")
    page = paginate(
        request,
        opinions.prefetch_related(raisers).order_by("-submitted_at", "-pk"),
        # What a row shows: an opinion's texts of what was done and answered are long. Its
        # category's name comes from the filter's list, not a join to each row.
        only=("submitted_at", "summary", "text", "source", "status", "category"),
    )
    # The page's rows only (paginate reads them by id), so the EXISTS runs fifty times.
    page.object_list = page.object_list.annotate(is_overdue=Exists(_overdue()))
    categories = list(Category.objects.all())
    return render(
        request,
        "opinions/list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Status.choices,
            "sources": Source.choices,
            "categories": categories,
            "category_names": {c.pk: c.name for c in categories},
            "is_office": can(request.user, Perm.OFFICE_VIEW),
            "can_manage": can(request.user, Perm.OFFICE_MANAGE),
            "can_submit": can(request.user, Perm.MEMBER_SELF),
        },
    )


def _form_files(request):
    return request.FILES.getlist("files")


@perm_required(Perm.OFFICE_MANAGE)
def opinion_create(request):
    office = managed_office(request)
    form = OpinionForm(request.POST or None, request.FILES or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opinion = services.submit_opinion(
                request.user,
                office,
                source=data["source"],
                raisers=data["raisers"],
                text=data["text"],
                place=data["place"],
                category=data["category"],
                research_project=data["research_project"],
                files=_form_files(request),
            )
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Opinion recorded."))
            return redirect(opinion)
    return render(request, "opinions/form.html", {"form": form, "own": False})


@perm_required(Perm.MEMBER_SELF)
def opinion_submit(request):
    """A member's own submission."""
    member = my_member(request.user)
    if member is None:
        raise Http404
    form = OpinionForm(
        request.POST or None, request.FILES or None, office=member.office, member=member
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opinion = services.submit_opinion(
                request.user,
                member.office,
                source=Source.MEMBER,
                raisers=[member],
                text=data["text"],
                place=data["place"],
                category=data["category"],
                files=_form_files(request),
            )
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you: your opinion has been sent to the office."))
            return redirect(opinion)
    return render(request, "opinions/form.html", {"form": form, "own": True})


@perm_required(Perm.OFFICE_VIEW, Perm.MEMBER_SELF)
def opinion_detail(request, pk):
    opinion = get_opinion(request.user, pk)
    can_manage = can(request.user, Perm.OFFICE_MANAGE, opinion.office)
    is_office = can_manage or can(request.user, Perm.OFFICE_VIEW, opinion.office)
    me = my_member(request.user, opinion.office)
    assignments = (
        opinion.assignments.select_related("department", "handler")
        .prefetch_related("replies__attachments", "deadline_changes", "extension_requests")
        .order_by("assigned_at")
    )
    context = {
        "opinion": opinion,
        "can_manage": can_manage,
        "is_office": is_office,
        "raisers": opinion.raisers.all(),
        "assignments": assignments,
        "attachments": opinion.attachments.all(),
        "duplicates": opinion.duplicates.prefetch_related("raisers"),
        "today": timezone.localdate(),
        "me": me,
    }
    if can_manage:
        context.update(
            notes_form=NotesForm(instance=opinion),
            triage_form=TriageForm(opinion=opinion),
            assign_form=AssignForm(office=opinion.office),
            answer_form=EscalationAnswerForm(),
        )
    if me is not None and not is_office:
        from liaison.opinions.forms import FeedbackForm

        awaiting = [
            a
            for a in assignments
            if a.status == "published" and not a.feedback.filter(member=me, round=a.round).exists()
        ]
        context.update(awaiting=awaiting, feedback_form=FeedbackForm())
    return render(request, "opinions/detail.html", context)


def _refusal_or_ok(request, call, ok_message):
    try:
        result = call()
    except Refusal as refusal:
        messages.error(request, refusal.message)
        return None
    messages.success(request, ok_message)
    return result or True


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def opinion_notes(request, pk):
    opinion = get_managed_opinion(request.user, pk)
    form = NotesForm(request.POST, instance=_copy(opinion))
    if form.is_valid():
        _refusal_or_ok(
            request,
            lambda: services.update_notes(
                request.user, opinion, **{k: form.cleaned_data[k] for k in services.NOTE_FIELDS}
            ),
            _("Saved."),
        )
    else:
        _form_errors(request, form)
    return redirect(opinion)


def _copy(opinion):
    """The form works on a copy: the service reads the stored row and writes the change."""
    from copy import copy

    return copy(opinion)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def opinion_triage(request, pk):
    opinion = get_managed_opinion(request.user, pk)
    form = TriageForm(request.POST, opinion=opinion)
    if form.is_valid():
        data = form.cleaned_data
        _refusal_or_ok(
            request,
            lambda: services.triage(
                request.user,
                opinion,
                data["outcome"],
                note=data["note"],
                merge_into=data["merge_into"],
                escalated_to=data["escalated_to"],
                escalated_on=data["escalated_on"],
            ),
            _("Triage recorded."),
        )
    else:
        _form_errors(request, form)
    return redirect(opinion)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def opinion_assign(request, pk):
    opinion = get_managed_opinion(request.user, pk)
    form = AssignForm(request.POST, office=opinion.office)
    if form.is_valid():
        data = form.cleaned_data
        _refusal_or_ok(
            request,
            lambda: services.assign(
                request.user,
                opinion,
                data["department"],
                handler=data["handler"],
                deadline=data["deadline"],
                instructions=data["instructions"],
            ),
            _("Assigned."),
        )
    else:
        _form_errors(request, form)
    return redirect(opinion)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def opinion_answer(request, pk):
    opinion = get_managed_opinion(request.user, pk)
    form = EscalationAnswerForm(request.POST)
    if form.is_valid():
        _refusal_or_ok(
            request,
            lambda: services.record_escalation_answer(
                request.user, opinion, form.cleaned_data["answer"], form.cleaned_data["solved"]
            ),
            _("Answer recorded."),
        )
    else:
        _form_errors(request, form)
    return redirect(opinion)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def route_raised(request, pk):
    """Route an opinion raised at an activity (activities.RaisedOpinion) into the loop."""
    from liaison.activities.models import RaisedOpinion

    raised = get_object_or_404(RaisedOpinion.objects.select_related("activity__office"), pk=pk)
    if not can(request.user, Perm.OFFICE_MANAGE, raised.activity.office):
        raise Http404
    opinion = _refusal_or_ok(
        request,
        lambda: services.route_raised_opinion(request.user, raised),
        _("The opinion is now in the opinions list for triage."),
    )
    if opinion:
        return redirect(opinion)
    return redirect(raised.activity)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def route_visit(request, pk):
    """Pass the opinions collected on a visit (activities.Visit) into the loop."""
    from liaison.activities.models import Visit

    visit = get_object_or_404(Visit.objects.select_related("office"), pk=pk)
    if not can(request.user, Perm.OFFICE_MANAGE, visit.office):
        raise Http404
    existing = Opinion.objects.filter(visit=visit).first()
    if existing is not None:
        return redirect(existing)
    opinion = _refusal_or_ok(
        request,
        lambda: services.route_visit_opinion(request.user, visit),
        _("The opinion is now in the opinions list for triage."),
    )
    return redirect(opinion) if opinion else redirect("visit_detail", visit.pk)
