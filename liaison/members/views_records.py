"""Enterprises, their yearly contributions, and honours: small forms on the profile's tabs."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.lists import paginate
from liaison.members import services
from liaison.members.access import require_manage
from liaison.members.forms import ContributionForm, EnterpriseForm, HonourForm
from liaison.members.models import Contribution, Enterprise, Honour, Member
from liaison.orgs.access import Perm, organizations_for, perm_required


def _member(request, pk) -> Member:
    member = get_object_or_404(Member.objects.visible_to(request.user), pk=pk)
    require_manage(request.user, member.office)
    return member


def _tab(member, tab) -> str:
    return reverse("member_detail", args=[member.pk]) + f"?tab={tab}"


def _edit(request, member, form, save, tab, title):
    """Validate, call the service, go back to the profile tab; or show the form again."""
    if request.method == "POST" and form.is_valid():
        try:
            save({name: form.cleaned_data[name] for name in form.Meta.fields})
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(_tab(member, tab))
    return render(
        request,
        "members/record_form.html",
        {"form": form, "member": member, "title": title, "back": _tab(member, tab)},
    )


@perm_required(Perm.OFFICE_MANAGE)
def enterprise_edit(request, pk, enterprise_pk=None):
    member = _member(request, pk)
    enterprise = get_object_or_404(member.enterprises, pk=enterprise_pk) if enterprise_pk else None
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    return _edit(
        request,
        member,
        form,
        lambda f: services.save_enterprise(request.user, member, enterprise, **f),
        "enterprise",
        _("Enterprise"),
    )


@perm_required(Perm.OFFICE_MANAGE)
def contribution_edit(request, pk, enterprise_pk):
    member = _member(request, pk)
    enterprise = get_object_or_404(member.enterprises, pk=enterprise_pk)
    form = ContributionForm(request.POST or None, instance=Contribution(enterprise=enterprise))
    return _edit(
        request,
        member,
        form,
        lambda f: services.save_contribution(request.user, enterprise, f.pop("year"), **f),
        "enterprise",
        _("Yearly contribution of %(name)s") % {"name": enterprise.name},
    )


@perm_required(Perm.OFFICE_MANAGE)
def honour_edit(request, pk, honour_pk=None):
    member = _member(request, pk)
    honour = get_object_or_404(member.honours, pk=honour_pk) if honour_pk else None
    form = HonourForm(request.POST or None, instance=honour, member=member)
    return _edit(
        request,
        member,
        form,
        lambda f: services.save_honour(request.user, member, honour, **f),
        "honours",
        _("Honour"),
    )


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def record_delete(request, pk, kind, record_pk):
    member = _member(request, pk)
    kinds = {
        "enterprise": (Enterprise, services.delete_enterprise, "enterprise"),
        "contribution": (Contribution, services.delete_contribution, "enterprise"),
        "honour": (Honour, services.delete_honour, "honours"),
    }
    if kind not in kinds:
        raise Http404
    model, delete, tab = kinds[kind]
    owner = "enterprise__member" if model is Contribution else "member"
    record = get_object_or_404(model, pk=record_pk, **{owner: member})
    delete(request.user, record)
    messages.success(request, _("Deleted."))
    return redirect(_tab(member, tab))


@perm_required(Perm.OFFICE_VIEW)
def enterprise_overview(request):
    """Members' enterprises and what they brought the district, year by year."""
    offices = organizations_for(request.user, Perm.OFFICE_VIEW).filter(kind="liaison_office")
    totals = [(office, services.contribution_totals(office)) for office in offices]
    enterprises = (
        Enterprise.objects.filter(member__in=Member.objects.visible_to(request.user))
        .select_related("member", "member__office")
        .prefetch_related("contributions", "honours")
        .order_by("member__office", "name")
    )
    return render(
        request,
        "members/enterprises.html",
        {"totals": totals, "page": paginate(request, enterprises)},
    )
