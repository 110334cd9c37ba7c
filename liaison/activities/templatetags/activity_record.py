"""{% activity_record %}: the record of an activity (agenda, leaders, materials, photos,
speeches, opinions raised, minutes), read with a bounded number of queries.

templates/activities/_record.html calls it with the page's context, which must hold
`activity`; `can_manage` (staff of the activity's office) shows the forms.
"""

from django import template

from liaison.activities.forms_record import (
    AgendaItemForm,
    LeaderForm,
    MaterialForm,
    MinutesForm,
    OpinionForm,
    SpeechForm,
    leader_accounts,
    office_members,
)
from liaison.activities.models import Material, Status
from liaison.activities.visibility import may_manage

register = template.Library()


def record_context(activity, user, can_manage=None) -> dict:
    if can_manage is None:
        can_manage = may_manage(user, activity)
    materials = list(activity.materials.all())
    editable = can_manage and activity.status != Status.ARCHIVED
    context = {
        "activity": activity,
        "agenda": activity.agenda.select_related("speaker"),
        "leaders": activity.leaders.select_related("user"),
        "documents": [m for m in materials if m.kind == Material.Kind.DOCUMENT],
        "photos": [m for m in materials if m.kind == Material.Kind.PHOTO],
        "speeches": activity.speeches.select_related("member"),
        "opinions": activity.opinions.select_related("member"),
        "can_edit_record": editable,
        "can_manage": can_manage,  # may pass an opinion raised on to the opinions app
    }
    if editable:
        members = office_members(activity.office)
        context["forms"] = {
            "agenda": AgendaItemForm(members=members, auto_id="id_agenda_%s"),
            "leader": LeaderForm(accounts=leader_accounts(activity.office), auto_id="id_leader_%s"),
            "material": MaterialForm(auto_id="id_material_%s"),
            "minutes": MinutesForm(initial={"summary": activity.summary}, auto_id="id_minutes_%s"),
            "speech": SpeechForm(members=members, auto_id="id_speech_%s"),
            "opinion": OpinionForm(members=members, auto_id="id_opinion_%s"),
        }
    return context


@register.inclusion_tag("activities/record_section.html", takes_context=True)
def activity_record(context):
    request = context.get("request")
    values = record_context(
        context["activity"], getattr(request, "user", None), context.get("can_manage")
    )
    values["csrf_token"] = context.get("csrf_token")
    values["request"] = request
    values["is_invited"] = context.get("is_invited")
    return values
