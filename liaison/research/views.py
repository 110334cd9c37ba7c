"""Research projects, campaigns and donations: thin views over research.services."""

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.lists import paginate
from liaison.members.access import managed_office
from liaison.orgs.access import Perm, can, perm_required
from liaison.plans.exports import export, wants_export
from liaison.research import forms, services
from liaison.research.access import get_managed, get_visible, on_a_team, visible_campaigns
from liaison.research.models import (
    Campaign,
    Donation,
    PremisesInspection,
    Recommendation,
    ReportVersion,
    ResearchProject,
)


def _year(request):
    year = request.GET.get("year", "")
    return int(year) if year.isdecimal() and 2000 <= int(year) <= 2100 else None


def _edit(request, model, form_class, save, pk, list_url):
    obj = get_managed(model, request.user, pk) if pk else model(office=managed_office(request))
    form = form_class(request.POST or None, instance=obj, office=obj.office)
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(request.user, obj, *form.related().values(), **form.values())
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": obj})
            return redirect(obj.get_absolute_url())
    return render(
        request,
        "research/form.html",
        {"form": form, "obj": obj, "heading": model._meta.verbose_name, "back": list_url},
    )


def _add(request, parent, form_class, call, **form_kwargs):
    """POST of one of the small forms on a detail page; refusals come back as a message."""
    form = form_class(request.POST, office=parent.office, **form_kwargs)
    if not form.is_valid():
        errors = [
            f"{form.fields[k].label if k in form.fields else ''} {' '.join(v)}".strip()
            for k, v in form.errors.items()
        ]
        messages.error(request, "；".join(errors))
        return redirect(parent)
    try:
        call(*form.related().values(), **form.values())
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(parent)


# --- Research projects ----------------------------------------------------------------------


@perm_required(Perm.OFFICE_VIEW)
def project_list(request):
    projects = ResearchProject.objects.visible_to(request.user).select_related("office", "lead")
    year = _year(request)
    if year:
        projects = projects.filter(started_on__year=year)
    projects = projects.annotate(
        adopted=Count(
            "recommendations",
            filter=Q(
                recommendations__adoption__in=[
                    Recommendation.Adoption.ADOPTED,
                    Recommendation.Adoption.PARTLY,
                ]
            ),
        )
    ).order_by("-started_on", "-pk")
    if wants_export(request):
        return export(
            request,
            "research",
            _("Research projects"),
            projects,
            [
                (_("Topic"), lambda p: p.topic),
                (_("Nature"), lambda p: p.get_nature_display()),
                (_("Lead member"), lambda p: p.lead.name),
                (_("Office"), lambda p: str(p.office)),
                (_("Status"), lambda p: p.get_status_display()),
                (_("Adopted"), lambda p: p.adopted),
            ],
            {"year": year},
        )
    return render(
        request,
        "research/project_list.html",
        {
            "page": paginate(request, projects),
            "year": year,
            "can_manage": can(request.user, Perm.OFFICE_MANAGE),
        },
    )


@perm_required(Perm.OFFICE_MANAGE)
def project_edit(request, pk=None):
    return _edit(
        request, ResearchProject, forms.ProjectForm, services.save_project, pk, "research_list"
    )


@perm_required(Perm.OFFICE_VIEW)
def project_detail(request, pk):
    project = get_visible(ResearchProject, request.user, pk)
    office = project.office
    manage = can(request.user, Perm.OFFICE_MANAGE, office)
    context = {
        "project": project,
        "can_manage": manage,
        "group": project.group.all(),
        "trips": project.trips.prefetch_related("participants"),
        "materials": project.materials.all(),
        "versions": project.versions.prefetch_related("authors"),
        "recommendations": project.recommendations.select_related("body"),
        # What grew from it: opinions the office recorded, proposals members wrote.
        "grown_opinions": project.opinions.all()[:50],
        "grown_proposals": project.proposals.only("pk", "title")[:50],
    }
    if manage:
        context.update(
            trip_form=forms.TripForm(office=office),
            material_form=forms.MaterialForm(office=office),
            version_form=forms.VersionForm(office=office),
            recommendation_form=forms.RecommendationForm(office=office),
            adoption_form=forms.AdoptionForm(),
        )
    return render(request, "research/project_detail.html", context)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def project_add(request, pk, what):
    project = get_managed(ResearchProject, request.user, pk)
    user = request.user
    adders = {
        "trip": (forms.TripForm, lambda *m, **f: services.add_trip(user, project, *m, **f)),
        "material": (forms.MaterialForm, lambda **f: services.add_material(user, project, **f)),
        "version": (
            forms.VersionForm,
            lambda *m, **f: services.add_version(user, project, *m, **f),
        ),
        "recommendation": (
            forms.RecommendationForm,
            lambda **f: services.save_recommendation(user, Recommendation(project=project), **f),
        ),
    }
    if what not in adders:
        raise Http404
    return _add(request, project, *adders[what])


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def version_final(request, pk):
    version = get_object_or_404(ReportVersion, pk=pk)
    project = get_managed(ResearchProject, request.user, version.project_id)
    try:
        services.finalize_version(request.user, version)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    return redirect(project)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def recommendation_adoption(request, pk):
    rec = get_object_or_404(Recommendation, pk=pk)
    project = get_managed(ResearchProject, request.user, rec.project_id)
    form = forms.AdoptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how the recommendation was answered."))
        return redirect(project)
    try:
        services.record_adoption(request.user, rec, **form.cleaned_data)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    return redirect(project)


# --- Campaigns ------------------------------------------------------------------------------


def _may_see_campaigns(user) -> bool:
    return can(user, Perm.OFFICE_VIEW) or on_a_team(user)


def campaign_list(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not _may_see_campaigns(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    campaigns = visible_campaigns(request.user).select_related("office")
    year = _year(request)
    if year:
        campaigns = campaigns.filter(starts_on__year=year)
    campaigns = campaigns.annotate(n_inspections=Count("inspections", distinct=True)).order_by(
        "-starts_on", "-pk"
    )
    if wants_export(request):
        return export(
            request,
            "campaigns",
            _("Campaigns"),
            campaigns,
            [
                (_("Name"), lambda c: c.name),
                (_("Office"), lambda c: str(c.office)),
                (_("From"), lambda c: c.starts_on),
                (_("To"), lambda c: c.ends_on),
                (_("Inspections"), lambda c: c.n_inspections),
            ],
            {"year": year},
        )
    return render(
        request,
        "research/campaign_list.html",
        {
            "page": paginate(request, campaigns),
            "year": year,
            "can_manage": can(request.user, Perm.OFFICE_MANAGE),
        },
    )


@perm_required(Perm.OFFICE_MANAGE)
def campaign_edit(request, pk=None):
    return _edit(request, Campaign, forms.CampaignForm, services.save_campaign, pk, "campaign_list")


def campaign_detail(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    campaign = get_visible(Campaign, request.user, pk)
    office = campaign.office
    manage = can(request.user, Perm.OFFICE_MANAGE, office)
    inspect = services.may_inspect(request.user, campaign)
    context = {
        "campaign": campaign,
        "can_manage": manage,
        "can_inspect": inspect,
        "partners": campaign.partners.all(),
        "materials": campaign.materials.all(),
        "team": campaign.team.select_related("member", "user"),
        "inspections": campaign.inspections.prefetch_related("inspectors"),
        "today": timezone.localdate(),
    }
    if manage:
        context.update(
            material_form=forms.CampaignMaterialForm(office=office),
            team_form=forms.TeamMemberForm(office=office),
        )
    if inspect:
        context.update(
            inspection_form=forms.InspectionForm(office=office, campaign=campaign),
            reinspection_form=forms.ReinspectionForm(initial={"on": timezone.localdate()}),
        )
    return render(request, "research/campaign_detail.html", context)


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def campaign_add(request, pk, what):
    campaign = get_managed(Campaign, request.user, pk)
    user = request.user
    adders = {
        "material": (
            forms.CampaignMaterialForm,
            lambda **f: services.add_campaign_material(user, campaign, **f),
        ),
        "team": (forms.TeamMemberForm, lambda **f: services.add_team_member(user, campaign, **f)),
    }
    if what not in adders:
        raise Http404
    return _add(request, campaign, *adders[what])


@require_POST
def inspection_add(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    campaign = get_visible(Campaign, request.user, pk)
    return _add(
        request,
        campaign,
        forms.InspectionForm,
        lambda *m, **f: services.record_inspection(request.user, campaign, *m, **f),
        campaign=campaign,
    )


@require_POST
def reinspection(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    inspection = get_object_or_404(PremisesInspection, pk=pk)
    campaign = get_visible(Campaign, request.user, inspection.campaign_id)
    form = forms.ReinspectionForm(request.POST)
    try:
        if not form.is_valid():
            raise Refusal(
                "reinspection_date", _("The re-inspection falls between the inspection and today.")
            )
        services.record_reinspection(request.user, inspection, **form.cleaned_data)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    return redirect(campaign)


# --- Donations ------------------------------------------------------------------------------


@perm_required(Perm.OFFICE_VIEW)
def donation_list(request):
    donations = Donation.objects.visible_to(request.user).select_related(
        "office", "member", "enterprise"
    )
    year = _year(request) or timezone.localdate().year
    if wants_export(request):
        return export(
            request,
            "donations",
            _("Donations"),
            donations.filter(date__year=year),
            [
                (_("Date"), lambda d: d.date),
                (_("Donor"), lambda d: str(d.donor)),
                (_("Recipient"), lambda d: d.recipient),
                (_("Cash or goods"), lambda d: d.get_form_display()),
                (_("Description"), lambda d: d.description),
                (_("Value (yuan)"), lambda d: float(d.value)),
            ],
            {"year": year},
        )
    totals = list(
        donations.values("date__year")
        .annotate(n=Count("pk"), total=Sum("value"))
        .order_by("-date__year")
    )
    return render(
        request,
        "research/donation_list.html",
        {
            "page": paginate(request, donations.filter(date__year=year)),
            "year": year,
            "totals": totals,
            "can_manage": can(request.user, Perm.OFFICE_MANAGE),
        },
    )


@perm_required(Perm.OFFICE_MANAGE)
def donation_edit(request, pk=None):
    return _edit(request, Donation, forms.DonationForm, services.save_donation, pk, "donation_list")
