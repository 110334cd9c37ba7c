"""Reminders on assignments: due in 3 working days, due today, overdue (the handler first,
the office once it is OVERDUE_TO_OFFICE working days late). Keys carry the deadline, so a
granted extension or a reopening reminds again."""

from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.notify.reminders import Reminder
from liaison.opinions.models import Assignment
from liaison.opinions.services import department_handlers, office_leaders
from liaison.workdays import services as workdays

OVERDUE_TO_OFFICE = 2


def _open():
    return Assignment.objects.open().select_related("opinion", "department", "handler")


def _to_handlers(assignment, key, text):
    return Reminder(
        key=f"{key}:{assignment.pk}:{assignment.deadline}",
        users=list(department_handlers(assignment)),
        text=text,
        kind="opinion.due",
        obj=assignment,
    )


def due_in_three_days(now):
    day = workdays.add_working_days(timezone.localdate(now), 3)
    for a in _open().filter(deadline=day):
        yield _to_handlers(
            a,
            "due3",
            _("Due in 3 working days (%(deadline)s): %(opinion)s")
            % {"deadline": a.deadline, "opinion": a.opinion},
        )


def due_today(now):
    for a in _open().filter(deadline=timezone.localdate(now)):
        yield _to_handlers(a, "due0", _("Due today: %(opinion)s") % {"opinion": a.opinion})


def not_received(now):
    """Not signed for within RECEIVE_WITHIN working days of assignment: remind the handlers."""
    from liaison.opinions.models import A
    from liaison.opinions.services import RECEIVE_WITHIN

    today = timezone.localdate(now)
    for a in _open().filter(status=A.ASSIGNED):
        assigned = timezone.localtime(a.assigned_at).date()
        if workdays.working_days_between(assigned, today) >= RECEIVE_WITHIN:
            yield _to_handlers(
                a,
                "receive",
                _("Please sign for the assigned item: %(opinion)s") % {"opinion": a.opinion},
            )


def overdue(now):
    today = timezone.localdate(now)
    for a in _open().filter(deadline__lt=today):
        yield _to_handlers(
            a,
            "overdue",
            _("Overdue since %(deadline)s: %(opinion)s")
            % {"deadline": a.deadline, "opinion": a.opinion},
        )
        if workdays.working_days_between(a.deadline, today) >= OVERDUE_TO_OFFICE:
            yield Reminder(
                key=f"overdue-office:{a.pk}:{a.deadline}",
                users=list(office_leaders(a.opinion.office_id)),
                text=_("%(department)s is overdue (due %(deadline)s): %(opinion)s")
                % {"department": a.department, "deadline": a.deadline, "opinion": a.opinion},
                kind="opinion.overdue",
                obj=a,
            )


def calendar_events(user):
    """Open assignments of the handler's department, on their deadline day, for the private
    iCal feed."""
    from liaison.notify.calendar import CalendarEvent

    for assignment in (
        Assignment.objects.of_department(user).open().select_related("opinion", "department")
    ):
        yield CalendarEvent(
            uid=f"assignment-{assignment.pk}-{assignment.deadline:%Y%m%d}",
            title=_("Due: %(opinion)s") % {"opinion": assignment.opinion},
            start=assignment.deadline,
            description=assignment.instructions,
            url=assignment.get_absolute_url(),
        )
