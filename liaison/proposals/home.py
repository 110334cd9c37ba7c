"""Home panels: a member's proposals and co-signing invitations; the office's yearly
targets for proposals and 社情民意 with the breakdown by category."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


GOALS = "goals"  # the stored part of the offices' targets of the year


def yearly_goals(office_ids, year: int) -> dict[int, list]:
    """{office id: [proposals, reports]}: each office's targets of the year (the defaults where
    it set none), stored with its figures (YearlyTarget is a counted source)."""
    default = YearlyTarget()
    found = {pk: [default.proposals, default.reports] for pk in office_ids}
    rows = YearlyTarget.objects.filter(office__in=list(office_ids), year=year)
    for office, proposals, reports in rows.values_list("office", "proposals", "reports"):
        found[office] = [proposals, reports]
    return found


def office_progress(request):
    from liaison.core.home import home_year, shown_offices

    offices = shown_offices(request)
    if not offices:
        return []
    counted, split, parts = home_year(request, [GOALS])
    submitted, reports = counted["proposals.submitted"], counted["proposals.reports_submitted"]
    categories = split["proposals.submitted"]  # its breakdown: by category, in their order
    year = timezone.localdate().year
    rows = []
    for office in offices:
        proposal_target, report_target = parts[GOALS][office.pk]
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
        parts=(GOALS,),
    ),
]
