"""What activities count for dashboards, summaries and the district workbook (one query each)."""

from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.activities.home import VISITS_PER_MEMBER
from liaison.activities.models import Activity, ActivityType, Attendance, Speech, Status, Visit
from liaison.core.figures import (
    Figure,
    grouped,
    grouped_breakdown,
    register_figure,
    register_source,
    register_volatile,
    remembered,
    stored_part,
)

HELD = (Status.CLOSED, Status.ARCHIVED)
FAMILY = "activities"


def _held(office_ids, start, end, type_code=None):
    rows = Activity.objects.filter(
        office_id__in=list(office_ids), status__in=HELD, starts_at__date__range=(start, end)
    )
    return rows.filter(type__code=type_code) if type_code else rows


def _types(office, year) -> dict[str, tuple]:
    """code → (id, yearly target, active) of the activity types: from the part stored with
    the office's figures when the reading() block holds it, else read once for all the
    figures of a page."""
    from liaison.activities.home import TYPES

    stored = stored_part(TYPES, office.pk, year)
    if stored is not None:
        return {code: (pk, target, active) for pk, code, _name, target, active in stored}
    return remembered(
        "activities.types",
        lambda: {
            t.code: (t.pk, t.yearly_target, t.is_active)
            for t in ActivityType.objects.only("code", "yearly_target", "is_active")
        },
    )


def _type_target(code):
    def target(office, year):
        _pk, target, active = _types(office, year).get(code, (None, None, False))
        return target if active else None

    return target


def _activity_link(type_code=None):
    def link(office, start, end):
        params = {"year": start.year, "status": "held", "office": office.pk}
        if type_code:
            found = _types(office, start.year).get(type_code)
            params["type"] = found[0] if found is not None else ""
        return f"{reverse('activity_list')}?{urlencode(params)}"

    return link


def _held_count(type_code=None):
    def rows(office_ids, start, end):
        return (
            _held(office_ids, start, end, type_code).values_list("office").annotate(n=Count("pk"))
        )

    return grouped(rows)


def _held_by_month(type_code=None):
    def rows(office_ids, start, end):
        return (
            _held(office_ids, start, end, type_code)
            .annotate(month=ExtractMonth("starts_at"))
            .values_list("office", "month")
            .annotate(n=Count("pk"))
        )

    return grouped_breakdown(rows, monthly=True)


def _held_by_type(office_ids, start, end):
    return _held(office_ids, start, end).values_list("office", "type__name").annotate(n=Count("pk"))


held_by_type = grouped_breakdown(_held_by_type)


def _attended(office_ids, start, end):
    return Attendance.objects.filter(
        activity__office_id__in=list(office_ids),
        activity__starts_at__date__range=(start, end),
        status=Attendance.Status.ATTENDED,
    )


attendance_count = grouped(
    lambda office_ids, start, end: (
        _attended(office_ids, start, end).values_list("activity__office").annotate(n=Count("pk"))
    )
)
attendance_by_month = grouped_breakdown(
    lambda office_ids, start, end: (
        _attended(office_ids, start, end)
        .annotate(month=ExtractMonth("activity__starts_at"))
        .values_list("activity__office", "month")
        .annotate(n=Count("pk"))
    ),
    monthly=True,
)


def ledger_link(kind):
    def link(office, start, end):
        params = {"year": start.year, "kind": kind, "office": office.pk}
        return f"{reverse('duty_home')}?{urlencode(params)}"

    return link


speech_count = grouped(
    lambda office_ids, start, end: (
        Speech.objects.filter(
            activity__office_id__in=list(office_ids), activity__starts_at__date__range=(start, end)
        )
        .values_list("activity__office")
        .annotate(n=Count("pk"))
    )
)


def _visits(office_ids, start, end):
    return Visit.objects.filter(office_id__in=list(office_ids), date__range=(start, end))


visit_count = grouped(
    lambda office_ids, start, end: (
        _visits(office_ids, start, end).values_list("office").annotate(n=Count("pk"))
    )
)
visits_by_month = grouped_breakdown(
    lambda office_ids, start, end: (
        _visits(office_ids, start, end)
        .annotate(month=ExtractMonth("date"))
        .values_list("office", "month")
        .annotate(n=Count("pk"))
    ),
    monthly=True,
)


def visit_link(office, start, end):
    return f"{reverse('visit_list')}?{urlencode({'year': start.year})}"


def _coverage(office_ids, start, end):
    """Per cent of serving members visited at least VISITS_PER_MEMBER times in the period."""
    from liaison.members.models import Member

    visits = (
        Visit.objects.filter(member=OuterRef("pk"), date__range=(start, end))
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Member.objects.filter(office_id__in=list(office_ids), status=Member.Status.SERVING)
        .annotate(visits=Coalesce(Subquery(visits), 0))
        .values_list("office")
        .annotate(covered=Count("pk", filter=Q(visits__gte=VISITS_PER_MEMBER)), total=Count("pk"))
    )


def _percent(part, total):
    return round(100 * part / total) if total else None


coverage = grouped(_coverage, _percent, columns=2)


def coverage_link(office, start, end):
    return f"{reverse('visit_coverage')}?{urlencode({'year': start.year})}"


def _checking_in(office):
    """An activity of the office open for check-in: the fast path (activities.fastpath)
    records its scans without moving the figures' counter; closing the activity moves it."""
    return Activity.objects.filter(office_id=office, status=Status.CHECKIN_OPEN)


def register() -> None:
    register_volatile(_checking_in)
    register_source(Activity, lambda a: a.office_id)
    register_source(Attendance, lambda a: a.activity.office_id)
    register_source(Speech, lambda s: s.activity.office_id)
    register_source(Visit, lambda v: v.office_id)
    register_source(ActivityType)  # names and codes: every office's figures
    from liaison.members.models import Member

    register_source(Member, lambda m: m.office_id)  # serving members: visit coverage
    for figure in [
        Figure(
            "activities.briefings",
            _("Government briefings held"),
            FAMILY,
            _held_count("briefing"),
            target=_type_target("briefing"),
            link=_activity_link("briefing"),
            unit=_("times"),
            order=10,
            breakdown=_held_by_month("briefing"),
        ),
        Figure(
            "activities.held",
            _("Activities held"),
            FAMILY,
            _held_count(),
            link=_activity_link(),
            unit=_("times"),
            order=11,
            breakdown=held_by_type,
        ),
        Figure(
            "activities.attendance",
            _("Members attending activities"),
            FAMILY,
            attendance_count,
            link=ledger_link("activities.attended"),
            unit=_("person-times"),
            order=12,
            breakdown=attendance_by_month,
        ),
        Figure(
            "activities.study",
            _("Study sessions held"),
            "study",
            _held_count("study"),
            target=_type_target("study"),
            link=_activity_link("study"),
            unit=_("times"),
            order=60,
            breakdown=_held_by_month("study"),
        ),
        Figure(
            "activities.inspections",
            _("Inspections held"),
            "study",
            _held_count("inspection"),
            target=_type_target("inspection"),
            link=_activity_link("inspection"),
            unit=_("times"),
            order=61,
        ),
        Figure(
            "activities.speeches",
            _("Speeches at activities"),
            "study",
            speech_count,
            link=ledger_link("activities.speech"),
            unit=_("times"),
            order=62,
        ),
        Figure(
            "activities.visits",
            _("Visits to members"),
            "visits",
            visit_count,
            link=visit_link,
            unit=_("times"),
            order=40,
            breakdown=visits_by_month,
        ),
        Figure(
            "activities.visit_coverage",
            _("Members visited at least twice"),
            "visits",
            coverage,
            target=lambda office, year: 100,
            link=coverage_link,
            unit="%",
            order=41,
        ),
    ]:
        register_figure(figure)
