"""Home panels: a member's proposals and co-signing invitations; the office's yearly
targets for proposals and 社情民意 with the breakdown by category."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import Figure, grouped
from liaison.core.registry import HomePanel
from liaison.orgs.access import Perm
from liaison.proposals.models import CoSigner, Proposal, YearlyTarget


def my_proposals(request):
    return list(
        Proposal.objects.filter(
            Q(lead__user=request.user)
            | Q(
                cosigners__member__user=request.user,
                cosigners__status__in=[CoSigner.Status.INVITED, CoSigner.Status.CONFIRMED],
            )
        )
        .distinct()
        .select_related("lead")
        .order_by("-updated_at")[:8]
    )


def _targets(office_ids, start, end):
    return YearlyTarget.objects.filter(office__in=office_ids, year=start.year).values_list(
        "office", "proposals", "reports"
    )


# The offices' targets for the year, counted with the home page's other figures.
TARGETS = Figure(
    "proposals.home_targets",
    _("Yearly targets"),
    "proposals",
    grouped(_targets, lambda proposals, reports: (int(proposals), int(reports)), columns=2),
)


def office_progress(request):
    from liaison.core.home import home_counts, home_year, shown_offices

    offices = shown_offices(request)
    if not offices:
        return []
    counted, split, _parts = home_year(request)
    submitted, reports = counted["proposals.submitted"], counted["proposals.reports_submitted"]
    categories = split["proposals.submitted"]  # its breakdown: by category, in their order
    targets = home_counts(request, [TARGETS])[TARGETS.code]
    year = timezone.localdate().year
    default = YearlyTarget()
    rows = []
    for office in offices:
        proposal_target, report_target = targets.get(
            office.pk, (default.proposals, default.reports)
        )
        rows.append(
            {
                "office": office,
                "year": year,
                "proposals": submitted.get(office.pk, 0),
                "proposal_target": proposal_target,
                "reports": reports.get(office.pk, 0),
                "report_target": report_target,
                "categories": sorted(categories.get(office.pk, {}).items()),
            }
        )
    return rows


PANELS = [
    HomePanel(
        "member.proposals",
        _("My proposals"),
        (Perm.MEMBER_SELF,),
        template="proposals/panels/mine.html",
        items=my_proposals,
        empty_text=_("No proposals yet."),
        more_url_name="proposal_list",
        order=22,
    ),
    HomePanel(
        "office.proposals",
        _("Proposals and social-sentiment reports"),
        (Perm.OFFICE_MANAGE,),
        template="proposals/panels/progress.html",
        items=office_progress,
        order=14,
        figures=(TARGETS,),
    ),
]
