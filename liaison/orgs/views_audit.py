"""The audit log, read-only: there is no way to change or delete an entry from the UI."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from liaison.core.lists import paginate
from liaison.orgs.access import Perm, organizations_for, perm_required
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
    return render(request, "audit/list.html", {"form": form, "page": paginate(request, entries)})


@perm_required(Perm.AUDIT_VIEW)
def audit_detail(request, pk):
    entry = get_object_or_404(_visible_entries(request.user), pk=pk)
    return render(request, "audit/detail.html", {"entry": entry})
