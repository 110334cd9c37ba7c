from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "liaison.plans"
    verbose_name = _("Plans and reports")

    def ready(self):
        from liaison.activities.services import register_publish_check
        from liaison.core.registry import NavItem, add_nav, add_panel
        from liaison.notify.kinds import Kind, register_kind
        from liaison.notify.reminders import ReminderProvider, register_provider
        from liaison.orgs.access import Perm
        from liaison.orgs.audit import register_action
        from liaison.plans import figures, home, reminders, services

        add_nav(
            NavItem(
                "plans",
                _("Plans and reports"),
                "plan_list",
                (Perm.OFFICE_VIEW, Perm.REVIEW),
                icon="journal-check",
                order=40,
            )
        )
        for panel in home.PANELS:
            add_panel(panel)
        register_publish_check(services.major_activity_gate)
        register_action("comment", _("Review comment"))
        register_provider(
            ReminderProvider("plans.review", _("Awaiting review"), reminders.awaiting_review)
        )
        register_provider(
            ReminderProvider(
                "plans.targets", _("Yearly targets behind schedule"), reminders.targets_behind
            )
        )
        for key, label in [
            ("plans.review", _("Plans, requests and reports to review")),
            ("plans.decision", _("Comments and decisions on our plans and requests")),
            ("plans.targets", _("Yearly targets behind schedule")),
        ]:
            register_kind(Kind(key, label, default="immediate", order=40))
        figures.register()
