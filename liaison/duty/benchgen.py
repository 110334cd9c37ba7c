"""Benchmark data for the duty ledger: other apps' generators call load_ledger() for the acts
they generate, so the ledger matches its sources as the services would have written it."""

from django.contrib.contenttypes.models import ContentType

from liaison.core.benchgen import Context
from liaison.duty.models import DutyRecord

DUTY_COLUMNS = [
    "member_id", "office_id", "kind", "content_type_id", "object_id", "date", "year",
    "quantity", "created_at", "updated_at",
]  # fmt: skip


def load_ledger(ctx: Context, kind: str, source_model, entries) -> int:
    """Ledger rows for (member, office, source id, date) entries of one kind and source."""
    content_type = ContentType.objects.get_for_model(source_model).pk
    return ctx.loader.load(
        DutyRecord,
        DUTY_COLUMNS,
        (
            (member, office, kind, content_type, source, day, day.year, 1, ctx.now, ctx.now)
            for member, office, source, day in entries
        ),
    )
