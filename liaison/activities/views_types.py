"""Activity types and their yearly targets, configured by the system administrator."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from liaison.activities.models import ActivityType
from liaison.orgs.access import Perm, perm_required
from liaison.orgs.audit import save_with_audit


class ActivityTypeForm(forms.ModelForm):
    class Meta:
        model = ActivityType
        fields = ["name", "code", "yearly_target", "sort_order", "is_active"]


@perm_required(Perm.SETTINGS_MANAGE)
def type_list(request, pk=None):
    item = get_object_or_404(ActivityType, pk=pk) if pk else ActivityType()
    form = ActivityTypeForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            save_with_audit(item, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("activity_types")
    return render(
        request,
        "activities/types.html",
        {"form": form, "item": item, "types": ActivityType.objects.all()},
    )
