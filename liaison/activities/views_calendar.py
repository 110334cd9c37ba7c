"""The calendar: a month grid, a list, and an .ics file per activity."""

import calendar
import datetime

import icalendar
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.activities.models import ActivityType, Status
from liaison.activities.visibility import visible_activities
from liaison.core.exports import ListExporter, export_response
from liaison.core.lists import int_param, paginate
from liaison.orgs.access import Perm, perm_required

SEE = (Perm.OFFICE_VIEW, Perm.MEMBER_SELF, Perm.REVIEW)


def _month(request) -> datetime.date:
    """The first day of ?month=YYYY-MM, or of this month (with a word if it was not understood)."""
    today = timezone.localdate()
    raw = (request.GET.get("month") or "").strip()
    if raw:
        try:
            chosen = datetime.datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 (a date only)
        except ValueError:
            chosen = None
        if chosen is not None and 2000 <= chosen.year <= 2100:
            return chosen
        messages.warning(
            request,
            _("“%(month)s” is not a month like 2026-12: showing this month.") % {"month": raw},
        )
    return today.replace(day=1)


def _shift(month: datetime.date, by: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + by
    return datetime.date(index // 12, index % 12 + 1, 1)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@perm_required(*SEE)
def month_view(request):
    month = _month(request)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    activities = list(
        visible_activities(request.user)
        .filter(
            starts_at__lt=_local_midnight(last + datetime.timedelta(days=1)),
            ends_at__gte=_local_midnight(first),
        )
        .select_related("type", "office")
        .order_by("starts_at")
    )
    by_day: dict[datetime.date, list] = {}
    for activity in activities:
        day = max(timezone.localtime(activity.starts_at).date(), first)
        end = min(timezone.localtime(activity.ends_at).date(), last)
        while day <= end:
            by_day.setdefault(day, []).append(activity)
            day += datetime.timedelta(days=1)
    today = timezone.localdate()
    grid = [
        [
            {
                "date": day,
                "in_month": day.month == month.month,
                "is_today": day == today,
                "activities": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]
    return render(
        request,
        "activities/calendar_month.html",
        {
            "month": month,
            "weeks": grid,
            "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            "previous": _shift(month, -1),
            "next": _shift(month, 1),
            "this_month": today.replace(day=1),
            "count": len(activities),
        },
    )


class ActivityExporter(ListExporter):
    name = "activities"

    def __init__(self, activities, filters):
        self.activities, self._filters = activities, filters
        self.title = _("Activities")

    def headers(self):
        return [
            _("Starts at"),
            _("Ends at"),
            _("Title"),
            _("Type"),
            _("Place"),
            _("Organizing office"),
            _("Status"),
        ]

    def rows(self):
        for a in self.activities.iterator(chunk_size=500):
            yield [
                timezone.localtime(a.starts_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(a.ends_at).strftime("%Y-%m-%d %H:%M"),
                a.title,
                a.type.name,
                a.place,
                a.office.name,
                a.get_status_display(),
            ]

    def filters(self):
        return self._filters


SHOWS = ("upcoming", "past", "all")


@perm_required(*SEE)
def list_view(request):
    """Every activity the user can see: upcoming first by default, or past, or all of a year."""
    show = request.GET.get("show") if request.GET.get("show") in SHOWS else "upcoming"
    activities = visible_activities(request.user).select_related("type", "office")
    now = timezone.now()
    if show == "upcoming":
        activities = activities.filter(ends_at__gte=now).order_by("starts_at")
    elif show == "past":
        activities = activities.filter(ends_at__lt=now).order_by("-starts_at")
    else:
        activities = activities.order_by("-starts_at")
    year = request.GET.get("year", "")
    if year:
        if int_param(year, low=2000, high=2100) is not None:
            activities = activities.filter(starts_at__year=int(year))
        else:
            messages.warning(request, _("“%(year)s” is not a year.") % {"year": year})
            year = ""
    types = list(ActivityType.objects.filter(is_active=True))
    type_code = request.GET.get("type", "")
    if type_code in {t.code for t in types}:
        activities = activities.filter(type__code=type_code)
    else:
        type_code = ""
    if request.GET.get("format") in ("xlsx", "csv"):
        filters = {"show": show, "year": year, "type": type_code}
        return export_response(
            request, ActivityExporter(activities, filters), request.GET["format"]
        )
    return render(
        request,
        "activities/calendar_list.html",
        {
            "page": paginate(request, activities),
            "show": show,
            "year": year,
            "types": types,
            "type_code": type_code,
            "now": now,
        },
    )


def _as_utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


@perm_required(*SEE)
def ics(request, pk):
    """One activity as an iCalendar file, for the phone's or the desktop's calendar."""
    activity = get_object_or_404(visible_activities(request.user).select_related("office"), pk=pk)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Liaison//CPPCC liaison office//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"activity-{activity.pk}@{request.get_host().split(':')[0] or 'liaison'}")
    event.add("dtstamp", _as_utc(timezone.now()))
    event.add("dtstart", _as_utc(activity.starts_at))
    event.add("dtend", _as_utc(activity.ends_at))
    event.add("summary", activity.title)
    if activity.place:
        event.add("location", activity.place)
    description = "\n\n".join(part for part in [activity.office.name, activity.description] if part)
    event.add("description", description)
    event.add("url", request.build_absolute_uri(activity.get_absolute_url()))
    event.add("status", "CONFIRMED" if activity.status != Status.DRAFT else "TENTATIVE")
    cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activity-{activity.pk}.ics"'
    return response
