"""Who sees and acts on plans, requests and reports: the office (through liaison.orgs.access)
and the reviewers of the bodies the office sent the record to."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from liaison.orgs.access import Perm, can, organizations_for, organizations_q
from liaison.orgs.models import Organization

REVIEW_KINDS = (Organization.Kind.PARTY_COMMITTEE, Organization.Kind.SUBDISTRICT_OFFICE)


def review_candidates(office):
    """The bodies beside the office that review its work (党工委, 办事处)."""
    return Organization.objects.filter(
        parent_id=office.parent_id, kind__in=REVIEW_KINDS, is_active=True
    ).order_by("kind", "name")


def _review_ids(user):
    return organizations_for(user, Perm.REVIEW).values("pk")


def visible(model, user):
    """The office's own records, and the ones sent to a body the user reviews for (never a
    draft: the office has not sent it yet)."""
    if not getattr(user, "is_authenticated", False):
        return model.objects.none()
    sent = model.objects.filter(review_bodies__in=_review_ids(user)).exclude(status="draft")
    return model.objects.filter(
        organizations_q(user, Perm.OFFICE_VIEW, "office__") | Q(pk__in=sent.values("pk"))
    )


def get_visible(model, user, pk):
    return get_object_or_404(visible(model, user).select_related("office"), pk=pk)


def may_manage(user, obj) -> bool:
    return can(user, Perm.OFFICE_MANAGE, obj.office)


def may_review(user, obj) -> bool:
    return obj.review_bodies.filter(pk__in=_review_ids(user)).exists()
