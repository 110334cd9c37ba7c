"""Home panels: a member's invitations; the office's yearly targets and visit coverage."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.activities.models import Activity, ActivityType, Invitation, Status, Visit
from liaison.core.registry import HomePanel
from liaison.members.models import Member
from liaison.orgs.access import Perm, organizations_for

VISITS_PER_MEMBER = 2  # the seed: every member visited at least twice a year


def my_invitations(request):
    invitations = (
        Invitation.objects.filter(
            member__user=request.user,
            activity__status__in=[Status.PUBLISHED, Status.CHECKIN_OPEN],
            activity__ends_at__gte=timezone.now(),
        )
        .exclude(response=Invitation.Response.DECLINED)
        .select_related("activity")
        .order_by("activity__starts_at")[:10]
    )
    return [i.activity for i in invitations]


def yearly_progress(office, year: int) -> list[dict]:
    """Per activity type with a target: closed activities of the year against the target."""
    done = dict(
        Activity.objects.filter(
            office=office, starts_at__year=year, status__in=[Status.CLOSED, Status.ARCHIVED]
        )
        .values_list("type")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "type": t,
            "done": done.get(t.pk, 0),
            "target": t.yearly_target,
            "met": done.get(t.pk, 0) >= t.yearly_target,
        }
        for t in ActivityType.objects.filter(is_active=True, yearly_target__isnull=False)
    ]


def members_short_of_visits(office, year: int):
    """Serving members visited fewer than VISITS_PER_MEMBER times this year."""
    return (
        Member.objects.filter(office=office)
        .serving()
        .annotate(n=Count("visits_received", filter=Q(visits_received__date__year=year)))
        .filter(n__lt=VISITS_PER_MEMBER)
        .order_by("n", "name_pinyin")
    )


def office_targets(request):
    year = timezone.localdate().year
    offices = organizations_for(request.user, Perm.OFFICE_MANAGE).filter(kind="liaison_office")
    rows = []
    for office in offices[:3]:
        short = members_short_of_visits(office, year)
        rows.append(
            {
                "office": office,
                "progress": yearly_progress(office, year),
                "short_count": short.count(),
                "short": list(short[:8]),
                "visits": Visit.objects.filter(office=office, date__year=year).count(),
            }
        )
    return rows


PANELS = [
    HomePanel(
        "member.invitations",
        _("My invitations"),
        (Perm.MEMBER_SELF,),
        template="activities/panels/invitations.html",
        items=my_invitations,
        empty_text=_("No open invitations."),
        more_url_name="activity_list",
        order=20,
    ),
    HomePanel(
        "office.targets",
        _("Yearly targets"),
        (Perm.OFFICE_MANAGE,),
        template="activities/panels/targets.html",
        items=office_targets,
        order=13,
    ),
]
