"""Which activities a user may see: the one query every activity page of this module uses.

Office staff see their office's activities, district viewers their subtree's (both through
liaison.orgs.access); members see the published activities they are invited to, and invited
leaders with an account the ones they are invited to.
"""

from django.db.models import Q

from liaison.activities.models import Activity, Invitation, LeaderInvitation, Status
from liaison.orgs.access import Perm, can, organizations_q


def visible_activities(user):
    if not getattr(user, "is_authenticated", False):
        return Activity.objects.none()
    invited = Q(pk__in=Invitation.objects.filter(member__user=user).values("activity")) | Q(
        pk__in=LeaderInvitation.objects.filter(user=user).values("activity")
    )
    return Activity.objects.filter(
        organizations_q(user, Perm.OFFICE_VIEW, "office__") | (invited & ~Q(status=Status.DRAFT))
    )


def may_manage(user, activity) -> bool:
    return can(user, Perm.OFFICE_MANAGE, activity.office)
