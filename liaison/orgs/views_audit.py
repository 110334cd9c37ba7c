"""The audit log, read-only: there is no way to change or delete an entry from the UI."""

import json

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.exports import FORMATS, ListExporter, export_response
from liaison.core.lists import paginate
from liaison.orgs.access import Perm, can, organizations_for, perm_required
from liaison.orgs.audit import ACTION_LABELS
from liaison.orgs.models import AuditEntry, Organization


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=lambda: [("", _("Any")), *ACTION_LABELS.items()]
    )
    content_type = forms.ModelChoiceField(
        label=_("Record type"),
        required=False,
        queryset=ContentType.objects.none(),
        empty_label=_("Any"),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("Any"),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        used = AuditEntry.objects.exclude(content_type=None).values("content_type").distinct()
        self.fields["content_type"].queryset = ContentType.objects.filter(pk__in=used)

    def filter(self, entries):
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["content_type"]:
            entries = entries.filter(content_type=data["content_type"])
        if data["organization"]:
            entries = entries.filter(organization=data["organization"])
        if data["since"]:
            entries = entries.filter(created_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(created_at__date__lte=data["until"])
        return entries


class AuditExporter(ListExporter):
    """The filtered audit log as a spreadsheet, for the audit administrator."""

    name = "audit-log"
    title = _("Audit log")

    def __init__(self, entries, form):
        self.entries = entries
        self.form = form

    def headers(self):
        return [
            _("Time"),
            _("Actor"),
            _("Action"),
            _("Record type"),
            _("Object"),
            _("Organization"),
            _("IP address"),
            _("Details"),
        ]

    def rows(self):
        entries = self.entries.select_related("content_type", "organization")
        for entry in entries.iterator(chunk_size=2000):
            yield [
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor_label,
                str(entry.action_label),
                entry.content_type.name if entry.content_type else "",
                entry.object_repr,
                entry.organization.name if entry.organization else "",
                entry.ip or "",
                json.dumps(entry.data, ensure_ascii=False, sort_keys=True),
            ]

    def filters(self):
        if not self.form.is_bound or not self.form.is_valid():
            return {}
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}


def _visible_entries(user):
    # Entries of organizations within reach, and those tied to no organization (logins…).
    orgs = organizations_for(user, Perm.AUDIT_VIEW)
    return AuditEntry.objects.filter(
        Q(organization__isnull=True) | Q(organization__in=orgs)
    ).select_related("content_type")


@perm_required(Perm.AUDIT_VIEW)
def audit_list(request):
    orgs = organizations_for(request.user, Perm.AUDIT_VIEW)
    form = AuditFilterForm(request.GET or None, organizations=orgs)
    entries = _visible_entries(request.user)
    if request.GET:
        entries = form.filter(entries)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        if not can(request.user, Perm.AUDIT_EXPORT):
            raise PermissionDenied
        return export_response(request, AuditExporter(entries, form), fmt)
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": paginate(request, entries),
            "may_export": can(request.user, Perm.AUDIT_EXPORT),
        },
    )


@perm_required(Perm.AUDIT_VIEW)
def audit_detail(request, pk):
    entry = get_object_or_404(_visible_entries(request.user), pk=pk)
    return render(request, "audit/detail.html", {"entry": entry})
