"""The home page's built-in panels, one set per role. Later apps replace them by key."""

from django.utils.translation import gettext_lazy as _

from liaison.core.registry import HomePanel, NavItem, add_nav, add_panel
from liaison.orgs.access import Perm, organizations_for


def _district_offices(request):
    offices = organizations_for(request.user, Perm.DISTRICT_VIEW)
    return list(offices.filter(kind="liaison_office"))


add_nav(NavItem("home", _("Home"), "home", icon="house", order=0))

add_panel(
    HomePanel(
        "office.today",
        _("Today's work"),
        (Perm.OFFICE_MANAGE,),
        empty_text=_("Nothing is due today."),
        order=10,
    )
)
add_panel(
    HomePanel(
        "member.invitations",
        _("My invitations"),
        (Perm.MEMBER_SELF,),
        empty_text=_("No open invitations."),
        order=20,
    )
)
add_panel(
    HomePanel(
        "member.open_items",
        _("My open items"),
        (Perm.MEMBER_SELF,),
        empty_text=_("Nothing is waiting for you."),
        order=21,
    )
)
add_panel(
    HomePanel(
        "review.pending",
        _("Awaiting my review"),
        (Perm.REVIEW,),
        empty_text=_("Nothing is awaiting review."),
        order=30,
    )
)
add_panel(
    HomePanel(
        "handle.assignments",
        _("My assignments"),
        (Perm.HANDLE,),
        empty_text=_("No assignments are open."),
        order=40,
    )
)
add_panel(
    HomePanel(
        "district.offices",
        _("Offices in my district"),
        (Perm.DISTRICT_VIEW,),
        template="core/panels/offices.html",
        order=50,
        items=_district_offices,
        empty_text=_("No offices yet."),
    )
)
