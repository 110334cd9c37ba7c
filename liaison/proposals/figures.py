"""What proposals and 社情民意 count for dashboards, work reports and the annual summary."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import Figure, register_figure
from liaison.proposals.models import (
    ACCEPTED,
    Adoption,
    Proposal,
    ReportState,
    SocialSentimentReport,
    YearlyTarget,
)


def _by_office(rows) -> dict[int, int]:
    return {office: n for office, n in rows}


def _forwarded(office_ids, start, end):
    return Proposal.objects.filter(
        office_id__in=list(office_ids), forwarded_at__date__gte=start, forwarded_at__date__lte=end
    )


def proposals_submitted(office_ids, start, end):
    return _by_office(
        _forwarded(office_ids, start, end).values_list("office").annotate(Count("pk"))
    )


def proposals_by_category(office_ids, start, end):
    found: dict[int, dict] = {}
    rows = (
        _forwarded(office_ids, start, end)
        .values_list("office", "category__name")
        .annotate(n=Count("pk"))
        .order_by("office", "category__sort_order")
    )
    for office, category, n in rows:
        found.setdefault(office, {})[category] = n
    return found


def proposals_registered(office_ids, start, end):
    rows = Proposal.objects.filter(
        office_id__in=list(office_ids),
        state__in=ACCEPTED,
        decided_at__date__gte=start,
        decided_at__date__lte=end,
    )
    return _by_office(rows.values_list("office").annotate(Count("pk")))


def reports_submitted(office_ids, start, end):
    rows = SocialSentimentReport.objects.filter(
        office_id__in=list(office_ids),
        state=ReportState.SUBMITTED,
        submitted_at__date__gte=start,
        submitted_at__date__lte=end,
    )
    return _by_office(rows.values_list("office").annotate(Count("pk")))


def reports_adopted(office_ids, start, end):
    rows = Adoption.objects.filter(
        report__office_id__in=list(office_ids), date__gte=start, date__lte=end
    )
    return _by_office(rows.values_list("report__office").annotate(Count("report", distinct=True)))


def proposal_target(office, year):
    return YearlyTarget.for_office(office, year).proposals


def report_target(office, year):
    return YearlyTarget.for_office(office, year).reports


def _link(url_name, extra=""):
    def link(office, start, end):
        return f"{reverse(url_name)}?office={office.pk}&year={start.year}{extra}"

    return link


def register():
    register_figure(
        Figure(
            "proposals.submitted",
            _("Proposals submitted"),
            "proposals",
            proposals_submitted,
            target=proposal_target,
            link=_link("proposal_list", "&forwarded=1"),
            unit=_("items"),
            order=30,
            breakdown=proposals_by_category,
        )
    )
    register_figure(
        Figure(
            "proposals.registered",
            _("Proposals registered"),
            "proposals",
            proposals_registered,
            link=_link("proposal_list", "&registered=1"),
            unit=_("items"),
            order=31,
        )
    )
    register_figure(
        Figure(
            "proposals.reports_submitted",
            _("Social-sentiment reports submitted"),
            "proposals",
            reports_submitted,
            target=report_target,
            link=_link("sentiment_list", "&state=submitted"),
            unit=_("items"),
            order=32,
        )
    )
    register_figure(
        Figure(
            "proposals.reports_adopted",
            _("Social-sentiment reports adopted"),
            "proposals",
            reports_adopted,
            link=_link("sentiment_list", "&adopted=1"),
            unit=_("items"),
            order=33,
        )
    )
