from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "liaison.activities"
    verbose_name = _("Activities")

    def ready(self):
        from liaison.activities import home, services
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
