"""What members count for dashboards, summaries and the district workbook (one query each)."""

from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import (
    Figure,
    grouped,
    grouped_breakdown,
    register_figure,
    register_source,
)
from liaison.members.models import CareEvent, CareVisit, Contribution, Enterprise, Honour


def _events(office_ids, start, end):
    return CareEvent.objects.filter(
        office_id__in=list(office_ids), event_date__range=(start, end)
    ).counted()


care_events = grouped(
    lambda office_ids, start, end: (
        _events(office_ids, start, end).values_list("office").annotate(n=Count("pk"))
    )
)
# Care events whose first visit fell on or before the day they were due by.
care_on_time = grouped(
    lambda office_ids, start, end: (
        _events(office_ids, start, end)
        .visited_on_time()
        .values_list("office")
        .annotate(n=Count("pk"))
    )
)


def _kind_label(kind):
    return str(dict(CareEvent.Kind.choices).get(kind, kind))


care_by_kind = grouped_breakdown(
    lambda office_ids, start, end: (
        _events(office_ids, start, end).values_list("office", "kind").annotate(n=Count("pk"))
    ),
    label=_kind_label,
)
care_by_month = grouped_breakdown(
    lambda office_ids, start, end: (
        _events(office_ids, start, end)
        .annotate(month=ExtractMonth("event_date"))
        .values_list("office", "month")
        .annotate(n=Count("pk"))
    ),
    monthly=True,
)


def care_link(office, start, end):
    return f"{reverse('care_list')}?{urlencode({'show': 'counted', 'year': start.year})}"


def care_on_time_link(office, start, end):
    return f"{reverse('care_list')}?{urlencode({'show': 'on_time', 'year': start.year})}"


honours = grouped(
    lambda office_ids, start, end: (
        Honour.objects.filter(
            member__office_id__in=list(office_ids), year__range=(start.year, end.year)
        )
        .values_list("member__office")
        .annotate(n=Count("pk"))
    )
)
# Tax paid by members' enterprises (10,000 yuan), rounded.
tax_paid = grouped(
    lambda office_ids, start, end: (
        Contribution.objects.filter(
            enterprise__member__office_id__in=list(office_ids),
            year__range=(start.year, end.year),
        )
        .values_list("enterprise__member__office")
        .annotate(n=Sum("tax_paid"))
    ),
    lambda a, b: round(a or 0),
)


def enterprise_link(office, start, end):
    return reverse("enterprise_overview")


def register() -> None:
    register_source(CareEvent, lambda e: e.office_id)
    register_source(CareVisit, lambda v: v.event.office_id)
    register_source(Honour, lambda h: h.member.office_id)
    register_source(Contribution, lambda c: c.enterprise.member.office_id)
    register_source(Enterprise, lambda e: e.member.office_id)
    from liaison.core.figures import register_part
    from liaison.members import home

    register_part(home.CARE_DUE, home.care_due)  # the office home's list
    for figure in [
        Figure(
            "members.care_events",
            _("Care events"),
            "care",
            care_events,
            link=care_link,
            unit=_("events"),
            order=50,
            breakdown=care_by_kind,
        ),
        Figure(
            "members.care_on_time",
            _("Care events visited on time"),
            "care",
            care_on_time,
            link=care_on_time_link,
            unit=_("events"),
            order=51,
            breakdown=care_by_month,
        ),
        Figure(
            "members.honours",
            _("Honours of members and their enterprises"),
            "economy",
            honours,
            link=enterprise_link,
            unit=_("items"),
            order=30,
        ),
        Figure(
            "members.tax_paid",
            _("Tax paid by members' enterprises"),
            "economy",
            tax_paid,
            link=enterprise_link,
            unit=_("10,000 yuan"),
            order=31,
        ),
    ]:
        register_figure(figure)
