from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "liaison.members"
    verbose_name = _("Members")

    def ready(self):
        from liaison.core.registry import NavItem, add_nav, add_panel
        from liaison.duty.kinds import register_kind, register_rebuilder
        from liaison.members import figures, home, services, signals  # noqa: F401
        from liaison.orgs.access import Perm
        from liaison.orgs.audit import register_action

        add_nav(
            NavItem(
                "members", _("Members"), "member_list", (Perm.OFFICE_VIEW,), icon="people", order=10
            )
        )
        add_nav(
            NavItem("care", _("Care"), "care_list", (Perm.OFFICE_MANAGE,), icon="heart", order=15)
        )
        add_nav(
            NavItem(
                "sectors",
                _("Sectors"),
                "sector_list",
                (Perm.ORGS_MANAGE,),
                icon="list-ul",
                order=905,
            )
        )
        register_kind(services.CARE_VISIT_KIND, _("Care visit"))
        register_rebuilder(self.label, services.rebuild_duty_entries)
        figures.register()
        register_action("care_visit", _("Care visit"))
        register_action("view_personal", _("Viewed personal data"))
        register_action("import", _("Import"))
        for panel in home.PANELS:
            add_panel(panel)

        from liaison.members import reminders
        from liaison.notify.kinds import DIGEST, Kind
        from liaison.notify.kinds import register_kind as register_notice
        from liaison.notify.reminders import ReminderProvider, register_provider

        register_provider(
            ReminderProvider(
                "care.urgent", _("Urgent care not visited in time"), reminders.urgent_care_overdue
            )
        )
        register_provider(
            ReminderProvider(
                "care.coming", _("Birthdays and celebrations"), reminders.coming_celebrations
            )
        )
        register_notice(
            Kind("care.urgent", _("Illness and bereavement of members"), sms=True, order=30)
        )
        register_notice(Kind("care.overdue", _("Care visits not made in time"), sms=True, order=31))
        register_notice(Kind("care.birthday", _("Members' birthdays"), default=DIGEST, order=32))
        register_notice(
            Kind("care.celebration", _("Members' celebrations"), default=DIGEST, order=33)
        )
