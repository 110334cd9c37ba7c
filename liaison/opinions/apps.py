from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "liaison.opinions"
    verbose_name = _("Opinions")

    def ready(self):
        from liaison.core.registry import NavItem, add_nav, add_panel
        from liaison.duty.kinds import register_kind, register_rebuilder
        from liaison.notify.kinds import Kind
        from liaison.notify.kinds import register_kind as register_notice
        from liaison.notify.reminders import ReminderProvider, register_provider
        from liaison.opinions import figures, home, reminders, services
        from liaison.orgs.access import Perm
        from liaison.orgs.audit import register_action

        add_nav(
            NavItem(
                "opinions",
                _("Opinions"),
                "opinion_list",
                (Perm.OFFICE_VIEW, Perm.MEMBER_SELF),
                icon="chat-square-text",
                order=30,
            )
        )
        add_nav(
            NavItem(
                "assignments",
                _("Assignments"),
                "assignment_list",
                (Perm.HANDLE,),
                icon="inboxes",
                order=31,
            )
        )
        register_kind(services.RAISED, _("Raised an opinion"))
        register_kind(services.SOLVED, _("Opinion adopted or solved"))
        register_rebuilder(self.label, services.rebuild_duty_entries)
        for code, label in [
            ("assignment", _("Assignment step")),
            ("feedback", _("Member's feedback")),
            ("extension_request", _("Extension request")),
            ("extension_decision", _("Extension decision")),
        ]:
            register_action(code, label)
        for panel in home.PANELS:
            add_panel(panel)
        for key, label, due in [
            ("opinions.due3", _("Assignments due in 3 working days"), reminders.due_in_three_days),
            ("opinions.due0", _("Assignments due today"), reminders.due_today),
            ("opinions.overdue", _("Overdue assignments"), reminders.overdue),
            ("opinions.receive", _("Assignments not signed for"), reminders.not_received),
        ]:
            register_provider(ReminderProvider(key, label, due))
        from liaison.notify.calendar import CalendarProvider, register_calendar

        register_calendar(
            CalendarProvider("opinions", _("Assignment deadlines"), reminders.calendar_events)
        )
        for key, label, sms in [
            ("opinion.submitted", _("Opinions submitted by members"), False),
            ("opinion.assigned", _("Opinions assigned to my department"), True),
            ("opinion.due", _("Assignment deadlines"), True),
            ("opinion.overdue", _("Overdue assignments"), False),
            ("opinion.replied", _("Replies from departments"), False),
            ("opinion.sent_back", _("Replies sent back for more work"), True),
            ("opinion.returned", _("Assignments returned by departments"), False),
            ("opinion.extension", _("Extension requests"), False),
            ("opinion.extension_decision", _("Decisions on extension requests"), False),
            ("opinion.published", _("Replies to my opinions"), True),
            ("opinion.outcome", _("What became of my opinions"), False),
            ("opinion.not_solved", _("Members saying an opinion is not solved"), False),
        ]:
            register_notice(Kind(key, label, sms=sms, order=30))
        figures.register()
