"""Proposal categories and the customary reasons for 不立案, configured by the system
administrator (like activity types)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.orgs.access import Perm, perm_required
from liaison.orgs.audit import save_with_audit
from liaison.proposals.models import Category, RejectionReason

LISTS = {
    "categories": (
        Category,
        ["name", "code", "sort_order", "is_active"],
        gettext_lazy("Proposal categories"),
    ),
    "reasons": (
        RejectionReason,
        ["text", "sort_order", "is_active"],
        gettext_lazy("Reasons for not registering"),
    ),
}


@perm_required(Perm.SETTINGS_MANAGE)
def setting_list(request, kind, pk=None):
    if kind not in LISTS:
        raise Http404
    model, fields, title = LISTS[kind]
    item = get_object_or_404(model, pk=pk) if pk else model()
    form = forms.modelform_factory(model, fields=fields)(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            save_with_audit(item, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("proposal_settings", kind)
    return render(
        request,
        "proposals/settings.html",
        {"form": form, "item": item, "items": model.objects.all(), "kind": kind, "title": title},
    )
