"""Which activities a user may see: the one query every activity page of this module uses.

Office staff see their office's activities, district viewers their subtree's (both through
liaison.orgs.access); members see the published activities they are invited to, and invited
leaders with an account the ones they are invited to.
"""

from liaison.activities.models import Activity, Invitation, LeaderInvitation, Status
from liaison.orgs.access import Perm, any_of, can, organizations_q


def visible_activities(user):
    if not getattr(user, "is_authenticated", False):
        return Activity.objects.none()
    office = Activity.objects.filter(organizations_q(user, Perm.OFFICE_VIEW, "office__"))
    others = []  # activities outside the office scope, where the user has any
    if can(user, Perm.MEMBER_SELF):
        others.append(Invitation.objects.filter(member__user=user).values("activity"))
    if can(user, Perm.REVIEW):  # leaders are invited by their reviewer accounts (leader_accounts)
        others.append(LeaderInvitation.objects.filter(user=user).values("activity"))
    if not others:  # the office scope alone, read through its index without a union of ids
        return office
    published = [rows.exclude(activity__status=Status.DRAFT) for rows in others]
    return Activity.objects.filter(any_of(office.values("pk"), *published))


def may_manage(user, activity) -> bool:
    return can(user, Perm.OFFICE_MANAGE, activity.office)
