from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "liaison.notify"
    verbose_name = _("Notifications")

    def ready(self):
        from liaison.core.registry import NavItem, add_nav
        from liaison.notify import reminder_providers
        from liaison.notify.kinds import DIGEST, Kind, register_kind
        from liaison.notify.reminders import ReminderProvider, register_provider
        from liaison.orgs.access import Perm
        from liaison.orgs.audit import register_action

        add_nav(
            NavItem(
                "failed_tasks",
                _("Failed tasks"),
                "failed_tasks",
                (Perm.TASKS_VIEW,),
                icon="exclamation-triangle",
                order=920,
            )
        )
        register_kind(Kind("welcome", _("Welcome and account messages"), order=10))
        register_kind(
            Kind(
                reminder_providers.KIND,
                _("Reminders of unread notifications"),
                default=DIGEST,
                order=90,
            )
        )
        register_kind(Kind("export.ready", _("Exports ready for download"), order=50))
        register_kind(Kind("export.failed", _("Exports that failed"), order=51))
        register_action("calendar_link_issue", _("Calendar link made"))
        register_action("calendar_link_revoke", _("Calendar link stopped"))
        register_provider(
            ReminderProvider(
                "unread", _("Unread notifications"), reminder_providers.unread_notifications
            )
        )
