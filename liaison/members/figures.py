"""What members count for dashboards, summaries and the district workbook (one query each)."""

from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import Figure, register_figure
from liaison.members.models import CareEvent, Contribution, Honour


def _events(office_ids, start, end):
    return CareEvent.objects.filter(
        office_id__in=list(office_ids), event_date__range=(start, end)
    ).counted()


def care_events(office_ids, start, end):
    rows = _events(office_ids, start, end).values_list("office").annotate(n=Count("pk"))
    return dict(rows.order_by())


def care_on_time(office_ids, start, end):
    """Care events whose first visit fell on or before the day they were due by."""
    rows = (
        _events(office_ids, start, end)
        .visited_on_time()
        .values_list("office")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def care_by_kind(office_ids, start, end):
    labels = dict(CareEvent.Kind.choices)
    out: dict[int, dict] = {}
    rows = _events(office_ids, start, end).values_list("office", "kind").annotate(n=Count("pk"))
    for office, kind, n in rows.order_by():
        out.setdefault(office, {})[str(labels.get(kind, kind))] = n
    return out


def care_by_month(office_ids, start, end):
    out: dict[int, dict] = {}
    rows = (
        _events(office_ids, start, end)
        .annotate(month=ExtractMonth("event_date"))
        .values_list("office", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for office, month, n in rows:
        out.setdefault(office, {})[month] = n
    return out


def care_link(office, start, end):
    return f"{reverse('care_list')}?{urlencode({'show': 'counted', 'year': start.year})}"


def care_on_time_link(office, start, end):
    return f"{reverse('care_list')}?{urlencode({'show': 'on_time', 'year': start.year})}"


def honours(office_ids, start, end):
    rows = (
        Honour.objects.filter(
            member__office_id__in=list(office_ids), year__range=(start.year, end.year)
        )
        .values_list("member__office")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def tax_paid(office_ids, start, end):
    """Tax paid by members' enterprises (10,000 yuan), rounded."""
    rows = (
        Contribution.objects.filter(
            enterprise__member__office_id__in=list(office_ids),
            year__range=(start.year, end.year),
        )
        .values_list("enterprise__member__office")
        .annotate(n=Sum("tax_paid"))
        .order_by()
    )
    return {office: round(n or 0) for office, n in rows}


def enterprise_link(office, start, end):
    return reverse("enterprise_overview")


def register() -> None:
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
