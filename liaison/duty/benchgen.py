"""Benchmark data for the duty ledger: the Minhang scheme's rules, and load_ledger(), which
the other apps' generators call for the acts they generate, so the ledger (points included)
matches its sources as the services and duty.scoring would have written it."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from liaison.core.benchgen import Context, register
from liaison.duty.models import DutyRecord, DutyRule, Scoring, Unit
from liaison.duty.scoring import PRESETS

DUTY_COLUMNS = [
    "member_id", "office_id", "kind", "content_type_id", "object_id", "date", "year",
    "quantity", "points", "created_at", "updated_at",
]  # fmt: skip
SCHEME = "minhang"


@register("duty", order=5)
def generate(ctx: Context) -> None:
    """The scheme's rules in force from the first generated year (what load_preset writes,
    without its background recomputation: the points are written with the rows)."""
    preset = PRESETS[SCHEME]
    DutyRule.objects.bulk_create(
        DutyRule(kind=kind, points=p, unit=unit, yearly_cap=cap, effective_from=ctx.years[0])
        for kind, (p, unit, cap) in preset.rules.items()
    )
    Scoring.objects.create(
        scheme=preset.code,
        base_points=preset.base_points,
        excellent=preset.excellent,
        competent=preset.competent,
        basic=preset.basic,
    )
    ctx.extra["ledger"] = Ledger(ctx, preset.rules)


class Ledger:
    """Writes ledger rows with their points: a capped kind's running total per member and
    year is kept here, so a member's rows of one kind must come in date order (one call, or
    calls in date order; generators work office by office, and a member has one office)."""

    def __init__(self, ctx: Context, rules: dict):
        self.ctx = ctx
        self.rules = rules
        self.earned: dict[tuple, int] = {}
        self.days: dict[datetime.date, str] = {}
        self.stamp = ctx.now.isoformat()

    def points(self, kind, member, year, quantity) -> int:
        rule = self.rules.get(kind)
        if rule is None:
            return 0
        points, unit, cap = rule
        value = points * quantity if unit == Unit.HALF_DAY else points
        if cap is None or value <= 0:
            return value
        key = (member, kind, year)
        earned = self.earned.get(key, 0)
        value = max(0, min(value, cap - earned))
        self.earned[key] = earned + value
        return value

    def capped(self, kind: str) -> bool:
        rule = self.rules.get(kind)
        return rule is not None and rule[2] is not None

    def load(self, kind: str, entries, ordered: bool = False) -> int:
        """(member, office, content type id, source id, date, quantity) entries of one kind.
        A capped kind's are sorted as duty.scoring orders them (date, content type, id)
        unless `ordered`."""
        if not ordered and self.capped(kind):
            entries = sorted(entries, key=lambda e: (e[4], e[2], e[3]))
        if connection.vendor == "postgresql":
            return self.ctx.loader.load_text(DutyRecord, DUTY_COLUMNS, self._lines(kind, entries))
        now = self.ctx.now
        return self.ctx.loader.load(
            DutyRecord,
            DUTY_COLUMNS,
            (
                (m, o, kind, ct, src, day, day.year, q, self.points(kind, m, day.year, q), now, now)
                for m, o, ct, src, day, q in entries
            ),
        )

    def _lines(self, kind, entries):
        days, stamp, points = self.days, self.stamp, self.points
        for member, office, ct, source, day, quantity in entries:
            text = days.get(day)
            if text is None:
                text = days[day] = f"{day.isoformat()}\t{day.year}"
            value = points(kind, member, day.year, quantity)
            yield (
                f"{member}\t{office}\t{kind}\t{ct}\t{source}\t{text}\t{quantity}\t{value}\t"
                f"{stamp}\t{stamp}\n"
            )


def content_type(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def load_ledger(ctx: Context, kind: str, source_model, entries) -> int:
    """Ledger rows for (member, office, source id, date) entries of one kind and source."""
    ct = content_type(source_model)
    ledger: Ledger = ctx.extra["ledger"]
    return ledger.load(kind, ((m, o, ct, src, day, 1) for m, o, src, day in entries))
