"""record() and retract(): the only writers of the duty ledger."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from liaison.core import figures
from liaison.duty import kinds, scoring, yearly
from liaison.duty.models import DutyRecord


def _as_date(when) -> datetime.date:
    if isinstance(when, datetime.datetime):
        return timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
    return when


def record(member, kind: str, source, when, quantity: int = 1, *, new_source=False) -> DutyRecord:
    """Record that `member` did `kind` through `source` on `when`. Calling again for the same
    member, kind and source updates that one row instead of adding another.

    `new_source`: the source was created in the caller's transaction, so no row can exist yet
    and one INSERT does (the check-in path, where hundreds arrive within a minute)."""
    if kinds.get_kind(kind) is None:
        raise ValueError(f"Unregistered duty kind {kind!r}: register it in the app's ready().")
    day = _as_date(when)
    content_type = ContentType.objects.get_for_model(source)
    key = {"member": member, "kind": kind, "content_type": content_type, "object_id": source.pk}
    values = {
        "office_id": member.office_id,
        "date": day,
        "year": day.year,
        "quantity": quantity,
        "updated_at": timezone.now(),
    }
    figures.changed([member.office_id])  # a plan item's done count reads the ledger
    if new_source:
        entry = DutyRecord.objects.create(**key, **values)
        if scoring.points_on_record(entry):
            yearly.add(member.pk, entry.year, entry.points)
        else:  # a cap moved the points of the member's other rows of the kind
            yearly.refresh([(member.pk, entry.year)])
        return entry
    before = DutyRecord.objects.filter(**key).values_list("year", flat=True).first()
    entry, _created = DutyRecord.objects.update_or_create(**key, defaults=values)
    scoring.points_on_record(entry)
    if before is not None and before != entry.year:  # moved to another year: its cap frees up
        scoring.rescore(member.pk, kind, before)
    yearly.refresh([(member.pk, entry.year), (member.pk, before or entry.year)])
    return entry


def retract(source, kind: str | None = None, member=None) -> int:
    """Remove the ledger rows `source` produced (optionally of one kind or one member)."""
    rows = DutyRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(source), object_id=source.pk
    )
    if kind is not None:
        rows = rows.filter(kind=kind)
    if member is not None:
        rows = rows.filter(member=member)
    groups = list(rows.values_list("member_id", "kind", "year", "office_id").distinct())
    deleted, _ = rows.delete()
    figures.changed(office for *_key, office in groups)
    for member_id, code, year, _office in groups:
        if scoring.has_cap(code, year):
            scoring.rescore(member_id, code, year)
    yearly.refresh((member_id, year) for member_id, _code, year, _office in groups)
    return deleted


@transaction.atomic
def rebuild_ledger() -> int:
    """Recompute the whole ledger from the source records the apps register."""
    DutyRecord.objects.all().delete()
    figures.changed_everywhere()
    count = 0
    for rebuild in kinds.rebuilders().values():
        for entry in rebuild():
            record(entry.member, entry.kind, entry.source, entry.date, entry.quantity)
            count += 1
    # (order_by(): the default ordering would make DISTINCT one row per record)
    for year in DutyRecord.objects.order_by().values_list("year", flat=True).distinct():
        scoring.recompute_year(year)
    yearly.rebuild()  # the years left without rows too
    return count
