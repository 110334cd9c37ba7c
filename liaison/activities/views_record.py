"""The record of an activity: a page of its own, the small forms that add to it and remove
from it, and the files, served only to those who may see the activity."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.activities import services_record as record
from liaison.activities.forms_record import (
    AgendaItemForm,
    LeaderForm,
    MaterialForm,
    MinutesForm,
    OpinionForm,
    SpeechForm,
    leader_accounts,
    office_members,
)
from liaison.activities.models import (
    AgendaItem,
    LeaderInvitation,
    Material,
    RaisedOpinion,
    Speech,
)
from liaison.activities.visibility import may_manage, visible_activities
from liaison.core.errors import Refusal
from liaison.core.redirects import local_url
from liaison.orgs.access import Perm, perm_required

SEE = (Perm.OFFICE_VIEW, Perm.MEMBER_SELF, Perm.REVIEW)


def _activity(request, pk):
    return get_object_or_404(
        visible_activities(request.user).select_related("office", "type"), pk=pk
    )


def _managed(request, pk):
    activity = _activity(request, pk)
    if not may_manage(request.user, activity):
        raise PermissionDenied
    return activity


def _back(request, activity):
    target = local_url(request, request.POST.get("next"))
    if target:
        return HttpResponseRedirect(target)
    return redirect(reverse("activity_record", args=[activity.pk]) + "#record")


def _errors(form) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


@perm_required(*SEE)
def record_page(request, pk):
    """The record on a page of its own (for printing, and for links from lists)."""
    activity = _activity(request, pk)
    return render(
        request,
        "activities/record_page.html",
        {"activity": activity, "can_manage": may_manage(request.user, activity)},
    )


# What each kind of item needs: its form, the service that adds it, the model and the
# service that removes it.
def _add_agenda(request, activity, data):
    return record.add_agenda_item(request.user, activity, **data)


def _add_leader(request, activity, data):
    return record.add_leader(request.user, activity, **data)


def _add_material(request, activity, data):
    return record.add_material(request.user, activity, **data)


def _add_speech(request, activity, data):
    return record.record_speech(request.user, activity, **data)


def _add_opinion(request, activity, data):
    return record.record_opinion(request.user, activity, **data)


KINDS = {
    "agenda": (
        lambda a, d, f: AgendaItemForm(d, members=office_members(a.office)),
        _add_agenda,
        AgendaItem,
        record.remove_agenda_item,
    ),
    "leader": (
        lambda a, d, f: LeaderForm(d, accounts=leader_accounts(a.office)),
        _add_leader,
        LeaderInvitation,
        record.remove_leader,
    ),
    "material": (
        lambda a, d, f: MaterialForm(d, f),
        _add_material,
        Material,
        record.remove_material,
    ),
    "speech": (
        lambda a, d, f: SpeechForm(d, members=office_members(a.office)),
        _add_speech,
        Speech,
        record.remove_speech,
    ),
    "opinion": (
        lambda a, d, f: OpinionForm(d, members=office_members(a.office)),
        _add_opinion,
        RaisedOpinion,
        record.remove_opinion,
    ),
}


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def record_add(request, pk, kind):
    if kind not in KINDS:
        raise Http404
    activity = _managed(request, pk)
    make_form, add, _model, _remove = KINDS[kind]
    form = make_form(activity, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(request, activity)
    try:
        add(request, activity, form.cleaned_data)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Saved."))
    return _back(request, activity)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def record_remove(request, pk, kind, item_pk):
    if kind not in KINDS:
        raise Http404
    activity = _managed(request, pk)
    _form, _add, model, remove = KINDS[kind]
    item = get_object_or_404(
        model.objects.select_related("activity"), pk=item_pk, activity=activity
    )
    try:
        remove(request.user, item)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Deleted."))
    return _back(request, activity)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def minutes_save(request, pk):
    activity = _managed(request, pk)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(request, activity)
    try:
        record.save_minutes(request.user, activity, form.cleaned_data["summary"])
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Minutes saved."))
    return _back(request, activity)


@perm_required(*SEE)
def material_file(request, pk, item_pk):
    """A material or photo, never straight from MEDIA_URL: only to who may see the activity."""
    activity = _activity(request, pk)
    material = get_object_or_404(Material, pk=item_pk, activity=activity)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=record.content_type_of(material),
        as_attachment=material.kind == Material.Kind.DOCUMENT,
        filename=record.download_name(material),
    )
    response["Cache-Control"] = "private, max-age=3600"  # never in a shared cache
    return response
