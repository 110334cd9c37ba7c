"""Assignments: the department's list and replies, the office's checking and publishing,
and the member's feedback (in the app, or through the one-time link)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.lists import paginate
from liaison.core.ratelimit import rate_limit
from liaison.core.uploads import serve_file
from liaison.opinions import services
from liaison.opinions.access import department_assignments, get_assignment, get_handled, my_member
from liaison.opinions.forms import (
    CommentForm,
    ExtensionForm,
    FeedbackForm,
    ReasonForm,
    ReopenForm,
    ReplyForm,
)
from liaison.opinions.home import DUE_SOON_DAYS
from liaison.opinions.models import (
    Assignment,
    AssignmentStatus,
    ExtensionRequest,
    Feedback,
    OpinionAttachment,
    ReplyAttachment,
)
from liaison.orgs.access import Perm, can, organizations_q, perm_required
from liaison.workdays import services as workdays

# What a row shows: the opinion's label, the department's and handler's names (not the
# opinion's long texts of what was done, nor the handler's account columns).
LIST_COLUMNS = (
    *("deadline", "status", "opinion__summary", "opinion__text", "department__name"),
    *("handler__display_name", "handler__username"),
)


@perm_required(Perm.HANDLE, Perm.OFFICE_VIEW)
def assignment_list(request):
    """A handler sees their department's items; the office sees its offices' items."""
    today = timezone.localdate()
    if can(request.user, Perm.HANDLE):
        assignments = department_assignments(request.user)
    else:
        assignments = Assignment.objects.filter(
            organizations_q(request.user, Perm.OFFICE_VIEW, "office__")
        )
    view = request.GET.get("view", "")
    if view == "overdue":
        assignments = assignments.overdue(today)
    elif view == "soon":
        assignments = assignments.due_between(
            today, workdays.add_working_days(today, DUE_SOON_DAYS)
        )
    elif view == "open":
        assignments = assignments.open()
    status = request.GET.get("status", "")
    if status in AssignmentStatus.values:
        assignments = assignments.filter(status=status)
    return render(
        request,
        "opinions/assignment_list.html",
        {
            "page": paginate(
                request,
                assignments.order_by("deadline", "pk"),
                select_related=("opinion", "department", "handler"),
                only=LIST_COLUMNS,
            ),
            "view": view,
            "status": status,
            "statuses": AssignmentStatus.choices,
            "today": today,
        },
    )


@perm_required(Perm.HANDLE, Perm.OFFICE_VIEW)
def assignment_detail(request, pk):
    assignment, manages, handles = get_assignment(request.user, pk)
    return render(
        request,
        "opinions/assignment_detail.html",
        {
            "a": assignment,
            "opinion": assignment.opinion,
            "manages": manages,
            "handles": handles,
            "replies": assignment.replies.prefetch_related("attachments"),
            "changes": assignment.deadline_changes.select_related("changed_by"),
            "extensions": assignment.extension_requests.all(),
            "feedback": assignment.feedback.select_related("member"),
            "attachments": assignment.opinion.attachments.all(),
            "reply_form": ReplyForm(),
            "reason_form": ReasonForm(),
            "extension_form": ExtensionForm(),
            "comment_form": CommentForm(),
            "reopen_form": ReopenForm(),
            "return_by": services.return_deadline(assignment),
            "today": timezone.localdate(),
            "overdue": assignment.is_overdue(),
        },
    )


def _done(request, assignment, call, ok):
    try:
        call()
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, ok)
    return redirect("assignment_detail", assignment.pk)


def _errors(request, assignment, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("assignment_detail", assignment.pk)


# --- The department -------------------------------------------------------------------------


@perm_required(Perm.HANDLE)
@require_POST
def handler_action(request, pk, action):
    assignment = get_handled(request.user, pk)
    user = request.user
    if action == "receive":
        return _done(
            request, assignment, lambda: services.receive(user, assignment), _("Received.")
        )
    if action == "start":
        return _done(request, assignment, lambda: services.start(user, assignment), _("Saved."))
    if action == "reply":
        form = ReplyForm(request.POST, request.FILES)
        if not form.is_valid():
            return _errors(request, assignment, form)
        return _done(
            request,
            assignment,
            lambda: services.reply(
                user,
                assignment,
                form.cleaned_data["text"],
                solved=form.cleaned_data["solved"],
                files=request.FILES.getlist("files"),
            ),
            _("Reply sent to the office."),
        )
    if action == "return":
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return _errors(request, assignment, form)
        return _done(
            request,
            assignment,
            lambda: services.return_assignment(user, assignment, form.cleaned_data["reason"]),
            _("Returned to the office."),
        )
    if action == "extension":
        form = ExtensionForm(request.POST)
        if not form.is_valid():
            return _errors(request, assignment, form)
        return _done(
            request,
            assignment,
            lambda: services.request_extension(
                user, assignment, form.cleaned_data["deadline"], form.cleaned_data["reason"]
            ),
            _("Extension requested."),
        )
    raise Http404


# --- The office -----------------------------------------------------------------------------


def _managed(request, pk) -> Assignment:
    assignment, manages, _handles = get_assignment(request.user, pk)
    if not manages:
        raise Http404
    return assignment


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def office_action(request, pk, action):
    assignment = _managed(request, pk)
    user = request.user
    simple = {
        "check": (services.check_reply, _("Reply checked.")),
        "publish": (services.publish, _("Published to the member.")),
    }
    if action in simple:
        call, ok = simple[action]
        return _done(request, assignment, lambda: call(user, assignment), ok)
    if action in ("close", "close_unsolved"):
        solved = action == "close"
        return _done(
            request,
            assignment,
            lambda: services.close(user, assignment, solved=solved),
            _("Closed."),
        )
    if action == "send_back":
        form = CommentForm(request.POST)
        form.is_valid()
        return _done(
            request,
            assignment,
            lambda: services.send_back(user, assignment, form.cleaned_data.get("comment", "")),
            _("Sent back to the department."),
        )
    if action == "reopen":
        form = ReopenForm(request.POST)
        if not form.is_valid():
            return _errors(request, assignment, form)
        return _done(
            request,
            assignment,
            lambda: services.reopen(
                user,
                assignment,
                deadline=form.cleaned_data["deadline"],
                note=form.cleaned_data["note"],
            ),
            _("Reopened with a new deadline."),
        )
    raise Http404


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def extension_decide(request, pk, decision):
    extension = get_object_or_404(ExtensionRequest, pk=pk)
    assignment = _managed(request, extension.assignment_id)
    if decision not in ("grant", "refuse"):
        raise Http404
    form = CommentForm(request.POST)
    form.is_valid()
    return _done(
        request,
        assignment,
        lambda: services.decide_extension(
            request.user, extension, decision == "grant", form.cleaned_data.get("comment", "")
        ),
        _("Decision recorded."),
    )


# --- The member's feedback ------------------------------------------------------------------


@perm_required(Perm.MEMBER_SELF)
@require_POST
def feedback_in_app(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("opinion"), pk=pk, opinion__raisers__user=request.user
    )
    member = my_member(request.user, assignment.opinion.office)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.give_feedback(
                member, assignment, channel=Feedback.Channel.INBOX, **form.cleaned_data
            )
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Thank you for your feedback."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(assignment.opinion)


def _feedback_limit():
    return getattr(settings, "FEEDBACK_RATE_LIMIT", 20)


def _feedback_window():
    return getattr(settings, "FEEDBACK_RATE_WINDOW", 600)


@rate_limit(
    "opinion_feedback", limit=_feedback_limit, window=_feedback_window, methods=("GET", "POST")
)
def feedback_link(request, token):
    """Works without signing in, once per published reply; signed and expiring."""
    try:
        assignment, member, round_ = services.read_feedback_token(token)
    except Refusal as refusal:
        return render(request, "opinions/feedback_link.html", {"refusal": refusal}, status=400)
    used = (
        round_ != assignment.round
        or Feedback.objects.filter(assignment=assignment, member=member, round=round_).exists()
    )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and not used and form.is_valid():
        try:
            services.give_feedback(
                member, assignment, channel=Feedback.Channel.LINK, round=round_, **form.cleaned_data
            )
        except Refusal as refusal:
            return render(request, "opinions/feedback_link.html", {"refusal": refusal}, status=400)
        return render(request, "opinions/feedback_link.html", {"thanks": True})
    reply = services.latest_reply(assignment)
    return render(
        request,
        "opinions/feedback_link.html",
        {
            "a": assignment,
            "opinion": assignment.opinion,
            "reply": reply,
            "form": form,
            "used": used,
            "member": member,
        },
        status=400 if used else 200,
    )


# --- Files ----------------------------------------------------------------------------------


@perm_required(Perm.OFFICE_VIEW, Perm.MEMBER_SELF, Perm.HANDLE)
def attachment(request, kind, pk):
    if kind == "opinion":
        item = get_object_or_404(OpinionAttachment.objects.select_related("opinion__office"), pk=pk)
        opinion = item.opinion
        allowed = (
            can(request.user, Perm.OFFICE_VIEW, opinion.office)
            or opinion.raisers.filter(user=request.user).exists()
            or opinion.assignments.filter(
                organizations_q(request.user, Perm.HANDLE, "department__")
            ).exists()
        )
    elif kind == "reply":
        item = get_object_or_404(
            ReplyAttachment.objects.select_related("reply__assignment__opinion__office"), pk=pk
        )
        reply = item.reply
        assignment = reply.assignment
        allowed = (
            can(request.user, Perm.OFFICE_VIEW, assignment.opinion.office)
            or can(request.user, Perm.HANDLE, assignment.department)
            or (
                reply.published_at is not None
                and assignment.opinion.raisers.filter(user=request.user).exists()
            )
        )
    else:
        raise Http404
    if not allowed:
        raise Http404
    return serve_file(request, item.file, allowed=True, obj=item, filename=item.name)
