"""Office home: rectifications past their deadline and not yet found rectified."""

import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.registry import HomePanel
from liaison.orgs.access import Perm, organizations_q
from liaison.research.models import Campaign, PremisesInspection

SHOWN = 10
RECTIFY = "rectify"  # the stored part: each office's first rectifications still open


def open_rectifications(office_ids, year: int) -> dict[int, list]:
    """{office id: [[inspection id, campaign id, campaign's name, premises, deadline (ISO)],
    …]}: the first SHOWN rectifications still open (required, with a deadline, not found
    rectified) by deadline, of any year (those overdue today lead them), stored with the
    office's year: every write of an inspection or a campaign moves its counter."""
    from liaison.core.home import first_rows_per_office

    still_open = (
        PremisesInspection.objects.filter(
            campaign__office_id__in=list(office_ids),
            rectification_required=True,
            rectification_deadline__isnull=False,
        )
        .exclude(reinspection_result=PremisesInspection.Result.RECTIFIED)
        .annotate(office=F("campaign__office_id"))
    )
    rows = first_rows_per_office(still_open, "office", ["rectification_deadline", "pk"], SHOWN)
    found = {pk: [] for pk in office_ids}
    for office, pk, campaign, name, premises, deadline in rows.values_list(
        "office", "pk", "campaign_id", "campaign__name", "premises", "rectification_deadline"
    ):
        found[office].append([pk, campaign, name, premises, deadline.isoformat()])
    return found


def overdue_rectifications(request):
    """The first SHOWN rectifications past their deadline: from the stored part where it
    holds every office the user manages, else read."""
    from liaison.core.home import part_of_every_office

    stored = part_of_every_office(request, RECTIFY)
    if stored is None:
        return list(
            PremisesInspection.objects.overdue()
            .filter(organizations_q(request.user, Perm.OFFICE_MANAGE, "campaign__office__"))
            .select_related("campaign")
            .only("premises", "rectification_deadline", "campaign__name")  # what it shows
            .order_by("rectification_deadline", "pk")[:SHOWN]
        )
    today = timezone.localdate()
    found = [
        PremisesInspection(
            pk=pk,
            campaign=Campaign(pk=campaign, name=name),
            premises=premises,
            rectification_deadline=deadline,
        )
        for rows in stored.values()
        for pk, campaign, name, premises, day in rows
        if (deadline := datetime.date.fromisoformat(day)) < today
    ]
    return sorted(found, key=lambda i: (i.rectification_deadline, i.pk))[:SHOWN]


PANELS = [
    HomePanel(
        "office.rectifications_overdue",
        _("Overdue rectifications"),
        (Perm.OFFICE_MANAGE,),
        template="research/panels/rectifications.html",
        items=overdue_rectifications,
        empty_text=_("No rectification is overdue."),
        more_url_name="campaign_list",
        order=16,
        parts=(RECTIFY,),
    ),
]


def my_campaigns(request):
    from liaison.research.models import Campaign

    return list(Campaign.objects.filter(team__user=request.user).distinct()[:10])


PANELS.append(
    HomePanel(
        "handle.campaigns",
        _("Campaigns I supervise"),
        (Perm.HANDLE,),
        items=my_campaigns,
        empty_text=_("You are not on a campaign's team."),
        order=41,
    )
)
