"""The lists members are sorted into: groups per office, sectors and committees per district."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.members import services
from liaison.members.access import managed_office
from liaison.members.forms import GroupForm
from liaison.members.models import MemberGroup
from liaison.orgs.access import Perm, perm_required


@perm_required(Perm.OFFICE_MANAGE)
def group_list(request):
    office = managed_office(request)
    form = GroupForm(request.POST or None, instance=MemberGroup(office=office))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.save_group(request.user, office, **form.cleaned_data)
        except IntegrityError:
            form.add_error("name", _("A group of that name exists."))
        else:
            messages.success(request, _("Saved."))
            return redirect("member_groups")
    groups = MemberGroup.objects.filter(office=office)
    return render(
        request, "members/groups.html", {"form": form, "groups": groups, "office": office}
    )


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def group_delete(request, pk):
    group = get_object_or_404(
        MemberGroup.objects.visible_to(request.user, Perm.OFFICE_MANAGE), pk=pk
    )
    services.delete_group(request.user, group)
    messages.success(request, _("Deleted."))
    return redirect("member_groups")
