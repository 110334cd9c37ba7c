"""Who sees and does what with proposals and reports: the one place this app asks
liaison.orgs.access.

A member sees the proposals they lead or are invited to co-sign and the reports they submit
or drafted; office staff their office's; district users every office below them. The
district's decisions (立案, 交办, replies, flags) are entered by office staff or made by a
district user (Perm.DISTRICT_DECIDE).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from liaison.members.models import Member
from liaison.orgs.access import Perm, any_of, can, organizations_q
from liaison.proposals.models import CoSigner, Proposal, SocialSentimentReport


def visible_proposals(user):
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    office = Proposal.objects.filter(organizations_q(user, Perm.OFFICE_VIEW, "office__"))
    if not can(user, Perm.MEMBER_SELF):  # no proposals of their own: the office scope alone
        return office
    return Proposal.objects.filter(
        any_of(
            office.values("pk"),
            Proposal.objects.filter(lead__user=user).values("pk"),
            CoSigner.objects.filter(member__user=user).values("proposal_id"),
        )
    )


def visible_reports(user):
    if not getattr(user, "is_authenticated", False):
        return SocialSentimentReport.objects.none()
    return SocialSentimentReport.objects.filter(
        organizations_q(user, Perm.OFFICE_VIEW, "office__")
        | Q(submitters__user=user)
        | Q(created_by=user)
    ).distinct()


def get_proposal(user, pk) -> Proposal:
    return get_object_or_404(
        visible_proposals(user).select_related("office", "category", "lead", "rejection_reason"),
        pk=pk,
    )


def get_report(user, pk) -> SocialSentimentReport:
    return get_object_or_404(visible_reports(user).select_related("office"), pk=pk)


def my_member(user) -> Member | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.filter(user=user).select_related("office").first()


def may_manage(user, office) -> bool:
    return can(user, Perm.OFFICE_MANAGE, office)


def may_direct(user, office) -> bool:
    return can(user, Perm.OFFICE_DIRECT, office)


def may_decide(user, office) -> bool:
    return can(user, Perm.OFFICE_MANAGE, office) or can(user, Perm.DISTRICT_DECIDE, office)


def is_lead(user, proposal) -> bool:
    return proposal.lead.user_id is not None and proposal.lead.user_id == user.pk


def may_edit(user, proposal) -> bool:
    return is_lead(user, proposal) or may_manage(user, proposal.office)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
