"""Roster and profile pages."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.exports import export_response
from liaison.core.lists import paginate
from liaison.members import services
from liaison.members.access import (
    managed_office,
    may_see_personal_data,
    may_see_personal_data_of_all,
    require_manage,
)
from liaison.members.exports import MemberExporter
from liaison.members.forms import MemberFilterForm, MemberForm, StatusForm
from liaison.members.models import Member, MemberGroup, Sector
from liaison.members.templatetags.member_rows import RowLabels
from liaison.orgs.access import Perm, can, organizations_for, perm_required
from liaison.orgs.audit import log_action

# What a row of the list shows (the sort orders read birth_date and created_at); the names of
# its sector, group and office come from member_rows.RowLabels.
LIST_COLUMNS = (
    *("name", "name_pinyin", "employer", "post", "phone", "status", "birth_date", "created_at"),
    *("office", "sector", "group"),
)
TABS = ["basic", "enterprise", "honours", "care", "activities", "opinions", "proposals", "duty"]


def _visible(request):
    return Member.objects.visible_to(request.user)


@perm_required(Perm.OFFICE_VIEW)
def member_list(request):
    offices = organizations_for(request.user, Perm.OFFICE_VIEW)
    form = MemberFilterForm(
        request.GET or None,
        sectors=Sector.objects.filter(district__in=[o.parent_id for o in offices]),
        groups=MemberGroup.objects.filter(office__in=offices),
    )
    members = form.apply(Member.objects.visible_to(request.user))
    if request.GET.get("format") in ("xlsx", "csv"):
        exporter = MemberExporter(
            members,
            full_personal_data=may_see_personal_data_of_all(request.user),
            filters=form.active_filters(),
            organization=offices.first() if len(offices) == 1 else None,
        )
        return export_response(request, exporter, request.GET["format"])
    page = paginate(request, members, only=LIST_COLUMNS)
    labels = RowLabels(page.object_list, sectors=form.sectors, groups=form.groups, offices=offices)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "page": page,
            "labels": labels,
            "can_manage": can(request.user, Perm.OFFICE_MANAGE),
        },
    )


@perm_required(Perm.OFFICE_VIEW, Perm.MEMBER_SELF)
def member_detail(request, pk):
    member = get_object_or_404(
        _visible(request).select_related("office", "sector", "committee", "group", "user"),
        pk=pk,
    )
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "basic"
    context = {
        "member": member,
        "tab": tab,
        "tabs": TABS,
        "can_manage": can(request.user, Perm.OFFICE_MANAGE, member.office),
        "may_reveal": may_see_personal_data(request.user, member),
        "status_form": StatusForm(initial={"status": member.status}),
    }
    if tab == "enterprise":
        context["enterprises"] = member.enterprises.prefetch_related("contributions")
    elif tab == "honours":
        context["honours"] = member.honours.select_related("enterprise")
    elif tab == "care":
        context["care_events"] = member.care_events.prefetch_related("visits")
    elif tab == "duty":
        context["duty_records"] = member.duty_records.select_related("content_type")[:200]
    return render(request, "members/detail.html", context)


@perm_required(Perm.OFFICE_VIEW, Perm.MEMBER_SELF)
def member_personal(request, pk):
    """Reveal phone, ID number and address in full to those allowed; the view is audited."""
    member = get_object_or_404(_visible(request), pk=pk)
    if not may_see_personal_data(request.user, member):
        raise Http404
    log_action(member, "view_personal", request.user, {"fields": list(Member.PERSONAL_FIELDS)})
    return render(request, "members/_personal.html", {"member": member, "full": True})


@perm_required(Perm.OFFICE_VIEW, Perm.MEMBER_SELF)
def member_photo(request, pk):
    member = get_object_or_404(_visible(request), pk=pk)
    if not member.photo:
        raise Http404
    return FileResponse(member.photo.open("rb"))


@perm_required(Perm.OFFICE_MANAGE)
def member_edit(request, pk=None):
    if pk:
        member = get_object_or_404(_visible(request), pk=pk)
        office = member.office
        require_manage(request.user, office)
    else:
        office = managed_office(request)
        member = Member(office=office)
    form = MemberForm(
        request.POST or None,
        request.FILES or None,
        instance=member,
        office=office,
        district=services.district_of(office),
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if not fields["photo"]:  # False when cleared, None when there never was one
            fields["photo"] = ""
        try:
            member = services.save_member(
                request.user, member, expected_version=form.expected_version, **fields
            )
        except Refusal as refusal:
            form.refuse(refusal)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": member.name})
            return redirect(member)
    return render(request, "members/form.html", {"form": form, "member": member, "office": office})


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def member_status(request, pk):
    member = get_object_or_404(_visible(request), pk=pk)
    require_manage(request.user, member.office)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(request.user, member, **form.cleaned_data)
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a status and a date."))
    return redirect(member)
