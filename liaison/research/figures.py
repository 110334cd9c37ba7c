"""Figures of research, campaigns and donations: each one aggregate query for all offices."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import Figure, grouped, register_figure, register_source


def _by_office(queryset, office_field, aggregate):
    return queryset.order_by().values_list(office_field).annotate(v=aggregate)


def _link(name, extra=""):
    return lambda office, start, end: reverse(name) + f"?year={start.year}{extra}"


def register():
    from liaison.research.models import (
        Campaign,
        Donation,
        PremisesInspection,
        Recommendation,
        ResearchProject,
    )

    register_source(ResearchProject, lambda p: p.office_id)
    register_source(Recommendation, lambda r: r.project.office_id)
    register_source(Campaign, lambda c: c.office_id)
    register_source(PremisesInspection, lambda i: i.campaign.office_id)
    register_source(Donation, lambda d: d.office_id)
    from liaison.core.figures import register_part
    from liaison.research import home

    register_part(home.RECTIFY, home.open_rectifications)  # the office home's list

    def projects(ids, start, end):
        rows = ResearchProject.objects.filter(
            office_id__in=list(ids), started_on__gte=start, started_on__lte=end
        )
        return _by_office(rows, "office", Count("pk"))

    def adopted(ids, start, end):
        rows = Recommendation.objects.filter(
            project__office_id__in=list(ids),
            adoption__in=[Recommendation.Adoption.ADOPTED, Recommendation.Adoption.PARTLY],
            answered_on__gte=start,
            answered_on__lte=end,
        )
        return _by_office(rows, "project__office", Count("pk"))

    def campaigns(ids, start, end):
        rows = Campaign.objects.filter(office_id__in=list(ids), starts_on__lte=end).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=start)
        )
        return _by_office(rows, "office", Count("pk"))

    def inspections(ids, start, end):
        rows = PremisesInspection.objects.filter(
            campaign__office_id__in=list(ids), date__gte=start, date__lte=end
        )
        return _by_office(rows, "campaign__office", Count("pk"))

    def donations(ids, start, end):
        rows = Donation.objects.filter(office_id__in=list(ids), date__gte=start, date__lte=end)
        return _by_office(rows, "office", Count("pk"))

    def donations_value(ids, start, end):
        rows = Donation.objects.filter(office_id__in=list(ids), date__gte=start, date__lte=end)
        return _by_office(rows, "office", Sum("value"))

    for figure in [
        Figure(
            "research.projects",
            _("Research projects"),
            "research",
            grouped(projects),
            link=_link("research_list"),
            unit=_("projects"),
            order=60,
        ),
        Figure(
            "research.recommendations_adopted",
            _("Research recommendations adopted"),
            "research",
            grouped(adopted),
            link=_link("research_list"),
            unit=_("items"),
            order=61,
        ),
        Figure(
            "research.campaigns",
            _("Campaigns"),
            "research",
            grouped(campaigns),
            link=_link("campaign_list"),
            unit=_("campaigns"),
            order=62,
        ),
        Figure(
            "research.inspections",
            _("Inspections of premises"),
            "research",
            grouped(inspections),
            link=_link("campaign_list"),
            unit=_("times"),
            order=63,
        ),
        Figure(
            "research.donations",
            _("Donations"),
            "research",
            grouped(donations),
            link=_link("donation_list"),
            unit=_("times"),
            order=64,
        ),
        Figure(
            "research.donations_value",
            _("Value of donations"),
            "research",
            grouped(donations_value),
            link=_link("donation_list"),
            unit=_("yuan"),
            order=65,
        ),
    ]:
        register_figure(figure)
