from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "liaison.members"
    verbose_name = _("Members")

    def ready(self):
        from liaison.core.registry import NavItem, add_nav
        from liaison.orgs.access import Perm

        add_nav(
            NavItem(
                "members", _("Members"), "member_list", (Perm.OFFICE_VIEW,), icon="people", order=10
            )
        )
