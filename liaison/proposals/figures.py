"""What proposals and 社情民意 count for dashboards, work reports and the annual summary."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import (
    Figure,
    grouped,
    grouped_breakdown,
    register_figure,
    register_part,
    register_source,
    remembered,
    stored_part,
)
from liaison.proposals.models import (
    ACCEPTED,
    Adoption,
    Category,
    Proposal,
    ReportState,
    SocialSentimentReport,
    YearlyTarget,
)


def _forwarded(office_ids, start, end):
    return Proposal.objects.filter(
        office_id__in=list(office_ids), forwarded_at__date__gte=start, forwarded_at__date__lte=end
    )


proposals_submitted = grouped(
    lambda office_ids, start, end: (
        _forwarded(office_ids, start, end).values_list("office").annotate(n=Count("pk"))
    )
)


def _by_category(office_ids, start, end):
    return (
        _forwarded(office_ids, start, end)
        .values_list("office", "category__name")
        .annotate(n=Count("pk"))
    )


# Categories in their sort order.
proposals_by_category = grouped_breakdown(_by_category, sort="category__sort_order")

proposals_registered = grouped(
    lambda office_ids, start, end: (
        Proposal.objects.filter(
            office_id__in=list(office_ids),
            state__in=ACCEPTED,
            decided_at__date__gte=start,
            decided_at__date__lte=end,
        )
        .values_list("office")
        .annotate(n=Count("pk"))
    )
)
reports_submitted = grouped(
    lambda office_ids, start, end: (
        SocialSentimentReport.objects.filter(
            office_id__in=list(office_ids),
            state=ReportState.SUBMITTED,
            submitted_at__date__gte=start,
            submitted_at__date__lte=end,
        )
        .values_list("office")
        .annotate(n=Count("pk"))
    )
)
reports_adopted = grouped(
    lambda office_ids, start, end: (
        Adoption.objects.filter(
            report__office_id__in=list(office_ids), date__gte=start, date__lte=end
        )
        .values_list("report__office")
        .annotate(n=Count("report", distinct=True))
    )
)


def _target(office, year):
    from liaison.proposals.home import GOALS

    stored = stored_part(GOALS, office.pk, year)
    if stored is not None:  # read with the figures (liaison.core.figures.reading)
        return YearlyTarget(office_id=office.pk, year=year, proposals=stored[0], reports=stored[1])
    return remembered(
        ("proposals.target", office.pk, year), lambda: YearlyTarget.for_office(office, year)
    )


def proposal_target(office, year):
    return _target(office, year).proposals


def report_target(office, year):
    return _target(office, year).reports


def _link(url_name, extra=""):
    def link(office, start, end):
        return f"{reverse(url_name)}?office={office.pk}&year={start.year}{extra}"

    return link


def register():
    from liaison.proposals import home

    register_source(Proposal, lambda p: p.office_id)
    register_source(SocialSentimentReport, lambda r: r.office_id)
    register_source(Adoption, lambda a: a.report.office_id)
    register_source(Category)  # names and order: every office's breakdown
    register_source(YearlyTarget, lambda t: t.office_id)  # the home's goals (proposals.home)
    register_part(home.GOALS, home.yearly_goals, targets=True)
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
