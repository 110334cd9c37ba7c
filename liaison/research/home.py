"""Office home: rectifications past their deadline and not yet found rectified."""

from django.utils.translation import gettext_lazy as _

from liaison.core.registry import HomePanel
from liaison.orgs.access import Perm, organizations_q
from liaison.research.models import PremisesInspection


def overdue_rectifications(request):
    return list(
        PremisesInspection.objects.overdue()
        .filter(organizations_q(request.user, Perm.OFFICE_MANAGE, "campaign__office__"))
        .select_related("campaign")
        .only("premises", "rectification_deadline", "campaign__name")  # what the panel shows
        .order_by("rectification_deadline", "pk")[:10]
    )


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
