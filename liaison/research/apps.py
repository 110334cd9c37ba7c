from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "liaison.research"
    verbose_name = _("Research and services")

    def ready(self):
        from liaison.core.registry import NavItem, add_nav, add_panel
        from liaison.duty.kinds import register_kind, register_rebuilder
        from liaison.orgs.access import Perm
        from liaison.research import figures, home, services

        add_nav(
            NavItem(
                "research",
                _("Research and services"),
                "research_list",
                (Perm.OFFICE_VIEW,),
                icon="search",
                order=45,
            )
        )
        for panel in home.PANELS:
            add_panel(panel)
        for code, label in [
            (services.RESEARCH, _("Took part in research")),
            (services.REPORT_AUTHOR, _("Wrote a research report")),
            (services.ADOPTED, _("Research recommendation adopted")),
            (services.CAMPAIGN, _("On a campaign's supervision team")),
            (services.INSPECTION, _("Inspected premises")),
            (services.DONATION, _("Donation")),
        ]:
            register_kind(code, label)
        register_rebuilder(self.label, services.rebuild_duty_entries)
        figures.register()
