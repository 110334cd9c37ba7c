from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "liaison.proposals"
    verbose_name = _("Proposals and social-sentiment reports")

    def ready(self):
        from liaison.core.registry import NavItem, add_nav, add_panel
        from liaison.duty.kinds import register_kind, register_rebuilder
        from liaison.notify.kinds import Kind
        from liaison.notify.kinds import register_kind as register_notice
        from liaison.notify.reminders import ReminderProvider, register_provider
        from liaison.orgs.access import Perm
        from liaison.orgs.audit import register_action
        from liaison.proposals import figures, home, reminders, services

        add_nav(
            NavItem(
                "proposals",
                _("Proposals"),
                "proposal_list",
                (Perm.OFFICE_VIEW, Perm.MEMBER_SELF),
                icon="file-earmark-text",
                order=30,
            )
        )
        add_nav(
            NavItem(
                "sentiment_reports",
                _("Social-sentiment reports"),
                "sentiment_list",
                (Perm.OFFICE_VIEW, Perm.MEMBER_SELF),
                icon="megaphone",
                order=31,
            )
        )
        add_nav(
            NavItem(
                "proposal_settings",
                _("Proposal categories"),
                "proposal_settings_categories",
                (Perm.SETTINGS_MANAGE,),
                icon="tags",
                order=92,
            )
        )
        for code, label in [
            (services.LEAD, _("Led a proposal")),
            (services.COSIGN, _("Co-signed a proposal")),
            (services.REGISTERED, _("Proposal registered")),
            (services.KEY, _("Key proposal")),
            (services.EXCELLENT, _("Excellent proposal or report")),
            (services.REPORT_SUBMITTED, _("Social-sentiment report submitted")),
            (services.ADOPTED["district"], _("Report adopted by the district")),
            (services.ADOPTED["city"], _("Report adopted by the city")),
            (services.ADOPTED["province"], _("Report adopted by the province")),
            (services.ADOPTED["national"], _("Report adopted nationally")),
            (services.INSTRUCTION, _("Leader's instruction on a report")),
        ]:
            register_kind(code, label)
        register_rebuilder(self.label, services.rebuild_duty_entries)
        for code, label in [
            ("cosign_invite", _("Co-signers invited")),
            ("cosign", _("Co-signing answered")),
            ("attach", _("Attachment added")),
            ("reply", _("Reply recorded")),
            ("adoption", _("Adoption recorded")),
            ("instruction", _("Instruction recorded")),
        ]:
            register_action(code, label)
        for panel in home.PANELS:
            add_panel(panel)
        figures.register()
        register_provider(
            ReminderProvider(
                "proposals.cosign", _("Co-signing to confirm"), reminders.cosign_pending
            )
        )
        for key, label in [
            ("proposal.cosign", _("Invitations to co-sign a proposal")),
            ("proposal.review", _("Proposals to review")),
            ("proposal.returned", _("My proposal returned for revision")),
            ("proposal.progress", _("Progress of my proposals")),
            ("proposal.reply", _("Replies to my proposals")),
            ("proposal.unsatisfied", _("Unsatisfied evaluations")),
            ("proposal.adopted", _("My reports adopted")),
        ]:
            register_notice(Kind(key, label, default="immediate", order=30))
