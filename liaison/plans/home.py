"""Home panel: what awaits the reviewer's review (plans, requests, reports sent to them)."""

from django.utils.translation import gettext_lazy as _

from liaison.core.registry import HomePanel
from liaison.orgs.access import Perm, organizations_for
from liaison.plans.models import (
    InstructionRequest,
    PlanStatus,
    ReportStatus,
    RequestStatus,
    WorkPlan,
    WorkReport,
)

AWAITING = (
    (WorkPlan, (PlanStatus.SUBMITTED, PlanStatus.REVISED)),
    (InstructionRequest, (RequestStatus.SUBMITTED,)),
    (WorkReport, (ReportStatus.SUBMITTED,)),
)


def awaiting_review(bodies, model, statuses):
    return model.objects.filter(review_bodies__in=bodies, status__in=statuses).distinct()


def awaiting_my_review(request):
    bodies = organizations_for(request.user, Perm.REVIEW)
    rows = []
    for model, statuses in AWAITING:
        rows += list(awaiting_review(bodies, model, statuses).order_by("submitted_at")[:10])
    return rows


PANELS = [
    HomePanel(
        "review.pending",
        _("Awaiting my review"),
        (Perm.REVIEW,),
        items=awaiting_my_review,
        empty_text=_("Nothing is awaiting review."),
        order=30,
    ),
]
