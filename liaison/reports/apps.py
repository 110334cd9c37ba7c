from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "liaison.reports"
    verbose_name = _("Reports")

    def ready(self):
        from liaison.core.registry import NavItem, add_nav
        from liaison.orgs.access import Perm
        from liaison.orgs.audit import register_action

        add_nav(
            NavItem(
                "dashboard",
                _("Dashboard"),
                "reports_dashboard",
                (Perm.OFFICE_VIEW,),
                icon="bar-chart",
                order=85,
            )
        )
        add_nav(
            NavItem(
                "district",
                _("District overview"),
                "reports_district",
                (Perm.DISTRICT_VIEW,),
                icon="grid-3x3",
                order=86,
            )
        )
        register_action("summary_download", _("Annual summary downloaded"))

        from liaison.core.figures import on_change, read_years_with
        from liaison.reports.stored import bump, figures_and_parts

        on_change(bump)
        read_years_with(figures_and_parts)
