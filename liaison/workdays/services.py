"""Working days: Monday to Friday, minus public holidays, plus make-up working days.

Any app that counts a deadline in working days (交办 deadlines, 签收 within 2 working days,
申退 within 5) asks here. The exceptions are a small table the administrator maintains; the
whole table is read once per process and refreshed whenever a day is saved.
"""

import datetime

from django.core.cache import cache
from django.db import transaction

from liaison.orgs.audit import log_action
from liaison.workdays.models import CalendarDay

CACHE_KEY = "workdays:exceptions:v1"


def _exceptions() -> dict[datetime.date, str]:
    found = cache.get(CACHE_KEY)
    if found is None:
        found = dict(CalendarDay.objects.values_list("date", "kind"))
        cache.set(CACHE_KEY, found, timeout=3600)
    return found


def forget() -> None:
    cache.delete(CACHE_KEY)


def is_working_day(day: datetime.date) -> bool:
    kind = _exceptions().get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.WORKDAY
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The working day `days` working days after `start` (start itself not counted)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when end is earlier."""
    if end < start:
        return -working_days_between(end, start)
    exceptions = _exceptions()
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        kind = exceptions.get(day)
        count += (kind == CalendarDay.Kind.WORKDAY) if kind else day.weekday() < 5
    return count


def next_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


@transaction.atomic
def set_day(actor, date: datetime.date, kind: str, name: str = "") -> CalendarDay:
    day, created = CalendarDay.objects.update_or_create(
        date=date, defaults={"kind": kind, "name": name}
    )
    log_action(day, "create" if created else "update", actor, {"kind": kind, "name": name})
    transaction.on_commit(forget)
    forget()
    return day


@transaction.atomic
def clear_day(actor, day: CalendarDay) -> None:
    log_action(day, "delete", actor, {"date": day.date, "kind": day.kind})
    day.delete()
    transaction.on_commit(forget)
    forget()


def preload(years=None) -> int:
    """Load the State Council schedules (holidays.py); days already present are left as the
    administrator set them. Returns how many days were added."""
    from liaison.workdays.holidays import SCHEDULES

    added = 0
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    rows = []
    for year, schedule in SCHEDULES.items():
        if years and year not in years:
            continue
        for name, holidays, workdays in schedule:
            for day in holidays:
                # A holiday that falls on a weekend changes nothing, but is listed for people.
                rows.append(CalendarDay(date=day, kind=CalendarDay.Kind.HOLIDAY, name=name))
            for day in workdays:
                rows.append(CalendarDay(date=day, kind=CalendarDay.Kind.WORKDAY, name=name))
    new = [row for row in rows if row.date not in existing]
    CalendarDay.objects.bulk_create(new)
    added = len(new)
    forget()
    return added
