from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "liaison.activities"
    verbose_name = _("Activities")

    def ready(self):
        from liaison.activities import figures, home, services
        from liaison.core.registry import NavItem, add_nav, add_panel
        from liaison.duty.kinds import register_kind, register_rebuilder
        from liaison.orgs.access import Perm
        from liaison.orgs.audit import register_action

        add_nav(
            NavItem(
                "activities",
                _("Activities"),
                "activity_list",
                (Perm.OFFICE_VIEW, Perm.MEMBER_SELF),
                icon="calendar-event",
                order=20,
            )
        )
        for code, label in [
            (services.ATTENDED, _("Attended an activity")),
            (services.ABSENT, _("Absent without leave")),
            (services.LEAVE_APPROVED, _("Leave approved")),
            (services.LEAVE_REFUSED, _("Leave refused")),
            (services.SPEECH, _("Speech at an activity")),
            (services.VISIT, _("Took part in a visit")),
        ]:
            register_kind(code, label)
        register_rebuilder(self.label, services.rebuild_duty_entries)
        figures.register()
        for code, label in [
            ("status", _("Status change")),
            ("invite", _("Invitation")),
            ("respond", _("Reply to an invitation")),
            ("leave_request", _("Leave request")),
            ("leave_decision", _("Leave decision")),
            ("check_in", _("Check-in")),
            ("check_out", _("Check-in undone")),
        ]:
            register_action(code, label)
        for panel in home.PANELS:
            add_panel(panel)
        home.register_parts()

        from liaison.activities import reminders
        from liaison.notify.calendar import CalendarProvider, register_calendar
        from liaison.notify.kinds import Kind
        from liaison.notify.kinds import register_kind as register_notice
        from liaison.notify.reminders import ReminderProvider, register_provider

        register_provider(
            ReminderProvider(
                "activities.soon", _("Activities in 48 hours"), reminders.activities_soon
            )
        )
        register_provider(
            ReminderProvider(
                "activities.signup", _("Sign-up deadlines"), reminders.signup_deadlines
            )
        )
        register_calendar(
            CalendarProvider("activities", _("Activities"), reminders.calendar_events)
        )
        for key, label, default, sms in [
            ("activity.invitation", _("Invitations to activities"), "immediate", True),
            ("activity.soon", _("Activities in 48 hours"), "immediate", True),
            ("activity.signup", _("Sign-up deadlines"), "immediate", False),
            ("activity.waitlist", _("A place from the waiting list"), "immediate", True),
            ("activity.leave", _("Leave requests to decide"), "immediate", False),
            ("activity.leave_decision", _("Decisions on my leave requests"), "immediate", False),
        ]:
            register_notice(Kind(key, label, default=default, sms=sms, order=20))
