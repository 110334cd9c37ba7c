"""The lists members are sorted into: groups per office, sectors and committees per district."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liaison.members import services
from liaison.members.access import managed_office
from liaison.members.forms import DistrictListItemForm, GroupForm
from liaison.members.models import Committee, MemberGroup, Sector
from liaison.orgs.access import Perm, organizations_for, perm_required
from liaison.orgs.models import Organization


@perm_required(Perm.OFFICE_MANAGE)
def group_list(request):
    office = managed_office(request)
    form = GroupForm(request.POST or None, instance=MemberGroup(office=office))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_group(request.user, office, **form.cleaned_data)
        except ValidationError as error:  # the unique name, checked by full_clean
            form.add_error(None, error)
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


LISTS = {
    "sectors": (Sector, gettext_lazy("Sectors")),
    "committees": (Committee, gettext_lazy("Special committees")),
}


@perm_required(Perm.ORGS_MANAGE)
def district_lists(request, kind):
    """Sectors and special committees of the districts an administrator manages."""
    if kind not in LISTS:
        raise Http404
    model, title = LISTS[kind]
    districts = organizations_for(request.user, Perm.ORGS_MANAGE).filter(
        kind=Organization.Kind.DISTRICT_CPPCC
    )
    form = DistrictListItemForm(request.POST or None, districts=districts)
    if request.method == "POST":
        if request.POST.get("toggle"):
            item = get_object_or_404(model, pk=request.POST["toggle"], district__in=districts)
            services.save_list_item(request.user, item, is_active=not item.is_active)
            return redirect("district_lists", kind=kind)
        if form.is_valid():
            try:
                services.save_list_item(request.user, model(), **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("district_lists", kind=kind)
    items = model.objects.filter(district__in=districts).select_related("district")
    return render(
        request,
        "members/district_lists.html",
        {"form": form, "items": items, "kind": kind, "title": title, "lists": LISTS},
    )
