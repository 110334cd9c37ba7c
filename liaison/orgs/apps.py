from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "liaison.orgs"
    verbose_name = _("Organizations and accounts")

    def ready(self):
        from liaison.core.registry import NavItem, add_nav
        from liaison.orgs import signals  # noqa: F401
        from liaison.orgs.access import Perm

        add_nav(
            NavItem(
                "orgs",
                _("Organizations"),
                "org_list",
                (Perm.ORGS_MANAGE,),
                icon="diagram-3",
                order=900,
            )
        )
        add_nav(
            NavItem(
                "accounts",
                _("Accounts"),
                "user_list",
                (Perm.ACCOUNTS_MANAGE, Perm.ROLES_MANAGE),
                icon="people",
                order=905,
            )
        )
        add_nav(
            NavItem(
                "audit",
                _("Audit log"),
                "audit_list",
                (Perm.AUDIT_VIEW,),
                icon="journal-text",
                order=910,
            )
        )
