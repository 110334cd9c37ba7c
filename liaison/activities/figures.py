"""What activities count for dashboards, summaries and the district workbook (one query each)."""

from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.activities.home import VISITS_PER_MEMBER
from liaison.activities.models import Activity, ActivityType, Attendance, Speech, Status, Visit
from liaison.core.figures import Figure, register_figure

HELD = (Status.CLOSED, Status.ARCHIVED)
FAMILY = "activities"


def _by_office(rows) -> dict[int, int]:
    return {office: n for office, n in rows}


def _nested(rows) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for office, key, n in rows:
        out.setdefault(office, {})[key] = n
    return out


def _held(office_ids, start, end, type_code=None):
    rows = Activity.objects.filter(
        office_id__in=list(office_ids), status__in=HELD, starts_at__date__range=(start, end)
    )
    return rows.filter(type__code=type_code) if type_code else rows


def _type_target(code):
    def target(office, year):
        return (
            ActivityType.objects.filter(code=code, is_active=True)
            .values_list("yearly_target", flat=True)
            .first()
        )

    return target


def _activity_link(type_code=None):
    def link(office, start, end):
        params = {"year": start.year, "status": "held", "office": office.pk}
        if type_code:
            kind = ActivityType.objects.filter(code=type_code).values_list("pk", flat=True).first()
            params["type"] = kind or ""
        return f"{reverse('activity_list')}?{urlencode(params)}"

    return link


def _held_count(type_code=None):
    def count(office_ids, start, end):
        rows = (
            _held(office_ids, start, end, type_code).values_list("office").annotate(n=Count("pk"))
        )
        return _by_office(rows.order_by())

    return count


def _held_by_month(type_code=None):
    def breakdown(office_ids, start, end):
        rows = (
            _held(office_ids, start, end, type_code)
            .annotate(month=ExtractMonth("starts_at"))
            .values_list("office", "month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return _nested(rows)

    return breakdown


def held_by_type(office_ids, start, end):
    rows = (
        _held(office_ids, start, end)
        .values_list("office", "type__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _nested(rows)


def _attended(office_ids, start, end):
    return Attendance.objects.filter(
        activity__office_id__in=list(office_ids),
        activity__starts_at__date__range=(start, end),
        status=Attendance.Status.ATTENDED,
    )


def attendance_count(office_ids, start, end):
    rows = _attended(office_ids, start, end).values_list("activity__office").annotate(n=Count("pk"))
    return _by_office(rows.order_by())


def attendance_by_month(office_ids, start, end):
    rows = (
        _attended(office_ids, start, end)
        .annotate(month=ExtractMonth("activity__starts_at"))
        .values_list("activity__office", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _nested(rows)


def ledger_link(kind):
    def link(office, start, end):
        params = {"year": start.year, "kind": kind, "office": office.pk}
        return f"{reverse('duty_home')}?{urlencode(params)}"

    return link


def speech_count(office_ids, start, end):
    rows = (
        Speech.objects.filter(
            activity__office_id__in=list(office_ids), activity__starts_at__date__range=(start, end)
        )
        .values_list("activity__office")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _by_office(rows)


def _visits(office_ids, start, end):
    return Visit.objects.filter(office_id__in=list(office_ids), date__range=(start, end))


def visit_count(office_ids, start, end):
    rows = _visits(office_ids, start, end).values_list("office").annotate(n=Count("pk"))
    return _by_office(rows.order_by())


def visits_by_month(office_ids, start, end):
    rows = (
        _visits(office_ids, start, end)
        .annotate(month=ExtractMonth("date"))
        .values_list("office", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _nested(rows)


def visit_link(office, start, end):
    return f"{reverse('visit_list')}?{urlencode({'year': start.year})}"


def coverage(office_ids, start, end):
    """Per cent of serving members visited at least VISITS_PER_MEMBER times in the period."""
    from liaison.members.models import Member

    visits = (
        Visit.objects.filter(member=OuterRef("pk"), date__range=(start, end))
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Member.objects.filter(office_id__in=list(office_ids), status=Member.Status.SERVING)
        .annotate(visits=Coalesce(Subquery(visits), 0))
        .values("office")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(visits__gte=VISITS_PER_MEMBER)))
        .order_by()
    )
    return {r["office"]: round(100 * r["covered"] / r["total"]) for r in rows if r["total"]}


def coverage_link(office, start, end):
    return f"{reverse('visit_coverage')}?{urlencode({'year': start.year})}"


def register() -> None:
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
