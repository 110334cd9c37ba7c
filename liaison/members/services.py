"""Every write on members, enterprises, honours and care events."""

import datetime
import functools

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin, pinyin

from liaison.core import figures
from liaison.core.bulk import insert_objects
from liaison.core.errors import Refusal
from liaison.duty import services as duty
from liaison.members.choices import DEFAULT_COMMITTEES, DEFAULT_SECTORS
from liaison.members.models import (
    CareEvent,
    CareVisit,
    Committee,
    Contribution,
    Enterprise,
    Honour,
    Member,
    MemberGroup,
    Sector,
)
from liaison.notify.services import notify
from liaison.orgs.audit import (
    audit_entries,
    delete_with_audit,
    log_action,
    log_actions,
    save_with_audit,
    snapshot,
)
from liaison.orgs.models import Organization, RoleAssignment, User

CARE_VISIT_KIND = "members.care_visit"


MAX_READINGS = 8


@functools.lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> tuple[str, str]:
    """The name's usual reading for sorting, and every reading's full pinyin and initials
    for search: 汤朝阳 → ("tangzhaoyang", " tangzhaoyang tangchaoyang tzy tcy"). Cached: a
    roster repeats names, and pypinyin costs about 0.1 ms a call."""
    # One heteronym lookup gives both: an option's initial is its first letter.
    per_char = [
        list(dict.fromkeys(options))
        for options in pinyin(name, style=Style.NORMAL, heteronym=True, errors=list)
    ]

    def readings(per_char) -> list[str]:
        combos = [""]
        for options in per_char:
            combos = [c + o for c in combos for o in dict.fromkeys(options)][:MAX_READINGS]
        return [c.lower().replace(" ", "") for c in combos]

    initials = [[option[:1] for option in options] for options in per_char]
    usual = "".join(lazy_pinyin(name, errors=list)).lower()
    usual = usual.replace(" ", "")
    variants = dict.fromkeys([usual, *readings(per_char), *readings(initials)])
    return usual, "".join(f" {v}" for v in variants)


# --- Lists ----------------------------------------------------------------------------------


def preload_district_lists(district: Organization) -> None:
    """Give a district CPPCC the usual sectors and special committees (idempotent)."""
    for model, names in [(Sector, DEFAULT_SECTORS), (Committee, DEFAULT_COMMITTEES)]:
        existing = set(model.objects.filter(district=district).values_list("name", flat=True))
        model.objects.bulk_create(
            model(district=district, name=name, sort_order=index)
            for index, name in enumerate(names)
            if name not in existing
        )


def district_of(office: Organization) -> Organization | None:
    return office.ancestors().filter(kind=Organization.Kind.DISTRICT_CPPCC).last()


@transaction.atomic
def save_list_item(actor, item, **fields):
    """A sector or special committee of a district."""
    return save_with_audit(item, actor, **fields)


@transaction.atomic
def save_group(actor, office, group: MemberGroup | None = None, **fields) -> MemberGroup:
    return save_with_audit(group or MemberGroup(office=office), actor, **fields)


@transaction.atomic
def delete_group(actor, group: MemberGroup) -> None:
    delete_with_audit(group, actor)  # members keep their record; their group becomes empty


# --- Members --------------------------------------------------------------------------------


def _check_lists(member: Member, district=False) -> None:
    """Sector, committee and group must belong to the member's own district and office
    (`district`: the office's, when the caller has already looked it up)."""
    if district is False:
        district = district_of(member.office)
    for item in (member.sector, member.committee):
        if item is not None and (district is None or item.district_id != district.pk):
            raise Refusal(
                "list_other_district",
                _("“%(name)s” belongs to another district.") % {"name": item.name},
            )
    if member.group is not None and member.group.office_id != member.office_id:
        raise Refusal(
            "group_other_office",
            _("“%(name)s” is a group of another office.") % {"name": member.group.name},
        )


@transaction.atomic
def save_member(actor, member: Member, *, expected_version=None, **fields) -> Member:
    """Create or update a member; the pinyin search keys follow the name."""
    fields["name"] = fields.get("name", member.name).strip()
    fields["name_pinyin"], fields["search_keys"] = pinyin_keys(fields["name"])
    if "id_number" in fields:
        fields["id_number"] = (fields["id_number"] or "").strip().upper()
    fields["updated_at"] = timezone.now()
    return save_with_audit(
        member, actor, check=_check_lists, expected_version=expected_version, **fields
    )


RELATED = ["office", "sector", "committee", "group", "user"]


@transaction.atomic
def create_members(actor, office: Organization, rows: list[dict]) -> list[Member]:
    """Create many members of one office at once (the roster import): each is checked as
    `save_member` checks it (lists of its district and office, every field's validation),
    then all are inserted in batches with one "create" audit entry each. Uniqueness of the ID
    number is the caller's to check beforehand (the import's plan does, against the file and
    the database); the database's constraint still refuses a duplicate, and the transaction
    then saves none of them."""
    district = district_of(office)
    members, now = [], timezone.now()
    for fields in rows:
        member = Member(office=office, **fields)
        member.name = member.name.strip()
        member.name_pinyin, member.search_keys = pinyin_keys(member.name)
        member.id_number = (member.id_number or "").strip().upper()
        member.updated_at = now
        _check_lists(member, district)
        # Its office and lists were read from the database by the caller: not again a row.
        member.full_clean(exclude=RELATED, validate_unique=False, validate_constraints=False)
        members.append(member)
    insert_objects(Member, members)
    figures.changed([office.pk])  # no signals for a bulk insert: the coverage counts them
    log_actions(audit_entries(members, "create", actor, lambda m: {"values": snapshot(m)}))
    return members


@transaction.atomic
def change_status(actor, member: Member, status: str, date: datetime.date, reason: str = ""):
    if status != Member.Status.SERVING and not reason.strip():
        raise Refusal("status_reason", _("Give the reason the member's term ended or was left."))
    return save_member(actor, member, status=status, status_date=date, status_reason=reason)


# --- Enterprises, contributions, honours ----------------------------------------------------


@transaction.atomic
def save_enterprise(actor, member, enterprise: Enterprise | None = None, **fields):
    return save_with_audit(enterprise or Enterprise(member=member), actor, **fields)


@transaction.atomic
def delete_enterprise(actor, enterprise: Enterprise) -> None:
    delete_with_audit(enterprise, actor)


@transaction.atomic
def save_contribution(actor, enterprise: Enterprise, year: int, **fields) -> Contribution:
    """One row per enterprise and year: saving a year again updates it."""
    row = Contribution.objects.filter(enterprise=enterprise, year=year).first()
    return save_with_audit(row or Contribution(enterprise=enterprise, year=year), actor, **fields)


@transaction.atomic
def delete_contribution(actor, contribution: Contribution) -> None:
    delete_with_audit(contribution, actor)


@transaction.atomic
def save_honour(actor, member, honour: Honour | None = None, **fields) -> Honour:
    enterprise = fields.get("enterprise")
    if enterprise is not None and enterprise.member_id != member.pk:
        raise Refusal("honour_enterprise", _("That enterprise is not this member's."))
    return save_with_audit(honour or Honour(member=member), actor, **fields)


@transaction.atomic
def delete_honour(actor, honour: Honour) -> None:
    delete_with_audit(honour, actor)


def contribution_totals(office: Organization) -> list[dict]:
    """Yearly totals of tax and jobs over the enterprises of the office's members."""
    return list(
        Contribution.objects.filter(enterprise__member__office=office)
        .values("year")
        .annotate(tax=Sum("tax_paid"), employees=Sum("employees"))
        .order_by("-year")
    )


# --- Care events ----------------------------------------------------------------------------


def care_due_by(kind: str, event_date: datetime.date, recorded_at: datetime.datetime):
    """Illness and bereavement: within 24 hours of hearing of it. Celebrations: on the day."""
    if kind in CareEvent.URGENT_KINDS:
        return recorded_at + datetime.timedelta(hours=24)
    end_of_day = datetime.datetime.combine(event_date, datetime.time(23, 59, 59))
    return timezone.make_aware(end_of_day)


def office_leaders(office, roles=("office_director", "office_staff")):
    """The active accounts holding one of `roles` on the office (an Organization or its id)."""
    ids = RoleAssignment.objects.filter(organization=office, role__in=roles).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


@transaction.atomic
def record_care_event(actor, member: Member, *, kind, event_date, description="") -> CareEvent:
    now = timezone.now()
    event = CareEvent(
        member=member,
        office_id=member.office_id,
        kind=kind,
        event_date=event_date,
        description=description,
        recorded_at=now,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        due_by=care_due_by(kind, event_date, now),
    )
    save_with_audit(event, actor)
    if kind in CareEvent.URGENT_KINDS:
        notify(
            office_leaders(member.office),
            "care.urgent",
            event,
            _("%(member)s: %(kind)s — visit within 24 hours.")
            % {"member": member.name, "kind": event.get_kind_display()},
        )
    return event


@transaction.atomic
def record_care_visit(
    actor, event: CareEvent, *, date, staff=(), members=(), gifts="", notes=""
) -> CareVisit:
    event = CareEvent.objects.select_for_update().get(pk=event.pk)
    if event.status == CareEvent.Status.CANCELLED:
        raise Refusal("care_cancelled", _("This care event was cancelled."))
    if date > timezone.localdate():
        raise Refusal("visit_future", _("A visit cannot be recorded for a future date."))
    outsiders = [m.name for m in members if m.office_id != event.office_id]
    if outsiders:
        raise Refusal(
            "visit_other_office",
            _("Not members of this office: %(names)s") % {"names": "、".join(outsiders)},
        )
    visit = CareVisit.objects.create(event=event, date=date, gifts=gifts, notes=notes)
    visit.staff.set(staff)
    visit.members.set(members)
    log_action(
        event,
        "care_visit",
        actor,
        {"date": date, "members": [m.name for m in members], "gifts": gifts},
    )
    if event.status != CareEvent.Status.DONE:
        save_with_audit(event, actor, status=CareEvent.Status.DONE)
    for member in members:
        duty.record(member, CARE_VISIT_KIND, visit, date)
    return visit


@transaction.atomic
def cancel_care_event(actor, event: CareEvent) -> CareEvent:
    if event.status != CareEvent.Status.PENDING:
        raise Refusal("care_not_pending", _("Only a pending care event can be cancelled."))
    return save_with_audit(event, actor, status=CareEvent.Status.CANCELLED)


def rebuild_duty_entries():
    """The ledger entries care visits imply (for duty.services.rebuild_ledger)."""
    from liaison.duty.kinds import Entry

    for visit in CareVisit.objects.prefetch_related("members"):
        for member in visit.members.all():
            yield Entry(member, CARE_VISIT_KIND, visit, visit.date)
