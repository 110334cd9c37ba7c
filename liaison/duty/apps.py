from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "liaison.duty"
    verbose_name = _("Duty record")

    def ready(self):
        from liaison.core.registry import NavItem, add_nav
        from liaison.orgs.access import Perm

        add_nav(
            NavItem(
                "duty",
                _("Duty record"),
                "duty_home",
                (Perm.MEMBER_SELF, Perm.OFFICE_VIEW),
                icon="award",
                order=80,
            )
        )
        add_nav(
            NavItem(
                "duty_rules",
                _("Scoring rules"),
                "duty_rules",
                (Perm.SETTINGS_MANAGE,),
                icon="sliders",
                order=910,
            )
        )
