"""Home panels: a member's proposals and co-signing invitations; the office's yearly
targets for proposals and 社情民意 with the breakdown by category."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import year_bounds
from liaison.core.registry import HomePanel
from liaison.orgs.access import Perm, organizations_for
from liaison.proposals import figures
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


def office_progress(request):
    year = timezone.localdate().year
    start, end = year_bounds(year)
    offices = list(
        organizations_for(request.user, Perm.OFFICE_MANAGE).filter(kind="liaison_office")[:3]
    )
    ids = [o.pk for o in offices]
    submitted = figures.proposals_submitted(ids, start, end)
    categories = figures.proposals_by_category(ids, start, end)
    reports = figures.reports_submitted(ids, start, end)
    targets = {t.office_id: t for t in YearlyTarget.objects.filter(office__in=ids, year=year)}
    rows = []
    for office in offices:
        target = targets.get(office.pk) or YearlyTarget(office=office, year=year)
        rows.append(
            {
                "office": office,
                "year": year,
                "proposals": submitted.get(office.pk, 0),
                "proposal_target": target.proposals,
                "reports": reports.get(office.pk, 0),
                "report_target": target.reports,
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
    ),
]
