"""Points: the rules in force, the two published schemes, and keeping DutyRecord.points current.

A row's points are rule.points (× its quantity in half-days for a rule per half-day) under the
rule in force for the row's year (the latest effective_from ≤ year). A kind's yearly cap is
applied per member in date order, so the row that crosses the cap earns the rest and later
rows earn 0. Totals are then one SUM.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core import figures
from liaison.core.errors import Refusal
from liaison.duty import yearly
from liaison.duty.models import DutyRecord, DutyRule, Scoring, Unit
from liaison.orgs.audit import log_action


@dataclass(frozen=True)
class Preset:
    code: str
    label: object
    base_points: int
    excellent: int
    competent: int
    basic: int
    # kind code → (points, unit, yearly cap or None)
    rules: dict


# Kind codes of apps still being built are assumed here; a code no app registers is kept
# and earns nothing until an app registers it.
PRESETS = {
    "minhang": Preset(
        "minhang",
        gettext_lazy("Minhang style: points per act, caps per kind"),
        base_points=0,
        excellent=60,
        competent=30,
        basic=15,
        rules={
            "activities.attended": (2, Unit.HALF_DAY, None),
            "activities.absent": (-2, Unit.ITEM, None),
            "activities.leave_approved": (0, Unit.ITEM, None),
            "activities.leave_refused": (0, Unit.ITEM, None),
            "activities.speech": (5, Unit.ITEM, 20),
            "activities.visit": (2, Unit.ITEM, 10),
            "members.care_visit": (1, Unit.ITEM, 10),
            "proposals.lead": (15, Unit.REPORT, None),
            "proposals.cosign": (3, Unit.REPORT, 15),
            "proposals.registered": (5, Unit.REPORT, None),
            "proposals.key": (10, Unit.REPORT, None),
            "proposals.excellent": (10, Unit.REPORT, None),
            "proposals.report_submitted": (5, Unit.REPORT, None),
            "proposals.adopted_district": (10, Unit.REPORT, None),
            "proposals.adopted_city": (15, Unit.REPORT, None),
            "proposals.adopted_province": (20, Unit.REPORT, None),
            "proposals.adopted_national": (30, Unit.REPORT, None),
            "proposals.instruction": (10, Unit.REPORT, None),
            "opinions.raised": (2, Unit.ITEM, 20),
            "opinions.solved": (3, Unit.ITEM, 15),
            "research.participation": (5, Unit.ITEM, None),
            "research.report_author": (10, Unit.REPORT, None),
            "research.recommendation_adopted": (10, Unit.ITEM, None),
            "research.campaign": (3, Unit.ITEM, 15),
            "research.inspection": (1, Unit.ITEM, 10),
            "research.donation": (5, Unit.ITEM, 10),
        },
    ),
    "jinan": Preset(
        "jinan",
        gettext_lazy("Jinan style: 70 base points plus a bonus, deductions for absences"),
        base_points=70,
        excellent=100,
        competent=70,
        basic=60,
        rules={
            "activities.attended": (1, Unit.HALF_DAY, 10),
            "activities.absent": (-30, Unit.ITEM, None),
            "activities.leave_approved": (0, Unit.ITEM, None),
            "activities.leave_refused": (-10, Unit.ITEM, None),
            "activities.speech": (5, Unit.ITEM, 10),
            "activities.visit": (1, Unit.ITEM, 5),
            "members.care_visit": (1, Unit.ITEM, 5),
            "proposals.lead": (10, Unit.REPORT, 20),
            "proposals.cosign": (2, Unit.REPORT, 10),
            "proposals.registered": (3, Unit.REPORT, 15),
            "proposals.key": (5, Unit.REPORT, 10),
            "proposals.excellent": (5, Unit.REPORT, 10),
            "proposals.report_submitted": (3, Unit.REPORT, 15),
            "proposals.adopted_district": (5, Unit.REPORT, 15),
            "proposals.adopted_city": (8, Unit.REPORT, 16),
            "proposals.adopted_province": (10, Unit.REPORT, 20),
            "proposals.adopted_national": (15, Unit.REPORT, 30),
            "proposals.instruction": (5, Unit.REPORT, 15),
            "opinions.raised": (1, Unit.ITEM, 5),
            "opinions.solved": (2, Unit.ITEM, 6),
            "research.participation": (5, Unit.ITEM, 10),
            "research.report_author": (5, Unit.REPORT, 10),
            "research.recommendation_adopted": (5, Unit.ITEM, 10),
            "research.campaign": (2, Unit.ITEM, 6),
            "research.inspection": (1, Unit.ITEM, 5),
            "research.donation": (2, Unit.ITEM, 4),
        },
    ),
}


# --- Rules in force -------------------------------------------------------------------------


def rules_for_year(year: int) -> dict[str, DutyRule]:
    """kind code → the rule in force for `year` (one query)."""
    latest = DutyRule.objects.filter(effective_from__lte=year).order_by("kind", "-effective_from")
    found: dict[str, DutyRule] = {}
    for rule in latest:
        found.setdefault(rule.kind, rule)
    return found


def rule_for(kind: str, year: int) -> DutyRule | None:
    return (
        DutyRule.objects.filter(kind=kind, effective_from__lte=year)
        .order_by("-effective_from")
        .first()
    )


def capped_points(raw: list[int], cap: int | None) -> list[int]:
    """Each row's points in date order, the cap bounding the sum of the positive ones."""
    if cap is None:
        return raw
    earned, out = 0, []
    for value in raw:
        if value > 0:
            value = max(0, min(value, cap - earned))
            earned += value
        out.append(value)
    return out


_ORDER = ("date", "content_type_id", "object_id")  # the same in the ledger and its rebuild


def rescore(member_id: int, kind: str, year: int, rule=False) -> None:
    """Recompute the points of one member's rows of one kind in one year."""
    if rule is False:
        rule = rule_for(kind, year)
    rows = DutyRecord.objects.filter(member_id=member_id, kind=kind, year=year)
    if rule is None:
        rows.exclude(points=0).update(points=0)
        return
    if rule.yearly_cap is None:
        _set_uncapped(rows, rule)
        return
    rows = list(rows.order_by(*_ORDER).only("pk", "quantity", "points"))
    values = capped_points([rule.points_for(r.quantity) for r in rows], rule.yearly_cap)
    changed = []
    for row, value in zip(rows, values, strict=True):
        if row.points != value:
            row.points = value
            changed.append(row)
    DutyRecord.objects.bulk_update(changed, ["points"])


def has_cap(kind: str, year: int) -> bool:
    rule = rule_for(kind, year)
    return rule is not None and rule.yearly_cap is not None


def _set_uncapped(rows, rule: DutyRule) -> None:
    if rule.unit == Unit.HALF_DAY:
        rows.update(points=F("quantity") * rule.points)
    else:
        rows.exclude(points=rule.points).update(points=rule.points)


def points_on_record(entry: DutyRecord) -> bool:
    """After record(): the new or changed row, and its neighbours when a cap binds them.
    Whether the row's points were all that changed (no cap binds the kind)."""
    rule = rule_for(entry.kind, entry.year)
    if rule is None or rule.yearly_cap is None:
        value = rule.points_for(entry.quantity) if rule else 0
        if entry.points != value:
            DutyRecord.objects.filter(pk=entry.pk).update(points=value)
            entry.points = value
        return True
    rescore(entry.member_id, entry.kind, entry.year, rule)
    entry.refresh_from_db(fields=["points"])
    return False


def recompute_year(year: int) -> int:
    """All points of one year under the rules now in force: one UPDATE per uncapped kind."""
    rules = rules_for_year(year)
    rows = DutyRecord.objects.filter(year=year)
    with transaction.atomic():
        figures.changed_everywhere()  # the annual summaries' points (liaison.reports.stored)
        rows.exclude(kind__in=list(rules)).exclude(points=0).update(points=0)
        for kind, rule in rules.items():
            if rule.yearly_cap is None:
                _set_uncapped(rows.filter(kind=kind), rule)
                continue
            members = rows.filter(kind=kind).values_list("member_id", flat=True).distinct()
            for member_id in members:
                rescore(member_id, kind, year, rule)
        yearly.refresh_year(year)
    return rows.count()


def recompute_later(years) -> None:
    """Enqueue the recomputation once the rule change is committed."""
    from liaison.duty.tasks import recompute_points

    for year in sorted(set(years)):
        transaction.on_commit(lambda y=year: recompute_points.enqueue(y))


def affected_years(effective_from: int) -> range:
    """The years a rule from `effective_from` may change: up to the latest year recorded."""
    last = DutyRecord.objects.aggregate(last=Max("year"))["last"] or effective_from
    return range(effective_from, max(last, effective_from) + 1)


# --- Administrator's changes ----------------------------------------------------------------


def _check_rule(rule: DutyRule) -> None:
    if rule.yearly_cap is not None and rule.yearly_cap < 0:
        raise Refusal("negative_cap", _("A yearly cap cannot be negative."))
    if not rule.kind.strip():
        raise Refusal("rule_kind", _("Choose the kind of act the rule scores."))
    if not 2000 <= rule.effective_from <= 2100:
        raise Refusal("rule_year", _("Give the year the rule takes effect from."))


@transaction.atomic
def save_rule(actor, rule: DutyRule, **fields) -> DutyRule:
    """Create or change a rule; the years it touches are recomputed in the background."""
    from liaison.orgs.audit import save_with_audit

    cap = fields.get("yearly_cap", rule.yearly_cap)
    if cap is not None and cap < 0:  # before full_clean, for a clear message
        raise Refusal("negative_cap", _("A yearly cap cannot be negative."))
    before_year = rule.effective_from if rule.pk else None
    fields["updated_at"] = timezone.now()
    rule = save_with_audit(rule, actor, check=_check_rule, **fields)
    start = min(y for y in (before_year, rule.effective_from) if y is not None)
    recompute_later(affected_years(start))
    return rule


@transaction.atomic
def delete_rule(actor, rule: DutyRule) -> None:
    log_action(rule, "delete", actor, {"kind": rule.kind, "effective_from": rule.effective_from})
    start = rule.effective_from
    rule.delete()
    recompute_later(affected_years(start))


@transaction.atomic
def save_scoring(actor, **fields) -> Scoring:
    from liaison.orgs.audit import save_with_audit

    scoring = Scoring.current()

    def ordered(s):
        if not s.excellent > s.competent > s.basic:
            raise Refusal(
                "grade_order",
                _("Thresholds must fall from excellent to competent to basically competent."),
            )

    return save_with_audit(scoring, actor, check=ordered, updated_at=timezone.now(), **fields)


@transaction.atomic
def load_preset(actor, code: str, effective_from: int) -> int:
    """Replace the rules from `effective_from` on with a published scheme's."""
    preset = PRESETS.get(code)
    if preset is None:
        raise Refusal("preset_unknown", _("No such scoring scheme."))
    DutyRule.objects.filter(effective_from__gte=effective_from).delete()
    DutyRule.objects.bulk_create(
        DutyRule(kind=kind, points=p, unit=unit, yearly_cap=cap, effective_from=effective_from)
        for kind, (p, unit, cap) in preset.rules.items()
    )
    save_scoring(
        actor,
        scheme=preset.code,
        base_points=preset.base_points,
        excellent=preset.excellent,
        competent=preset.competent,
        basic=preset.basic,
    )
    log_action(None, "duty_preset", actor, {"preset": code, "from": effective_from})
    recompute_later(affected_years(effective_from))
    return len(preset.rules)


# --- Totals (aggregate queries only) ---------------------------------------------------------


def period_of(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def totals_by_kind(records) -> list[dict]:
    """[{kind, n, quantity, points}] of a ledger queryset, one GROUP BY."""
    return list(
        records.order_by()
        .values("kind")
        .annotate(n=Count("pk"), quantity=Sum("quantity"), points=Sum("points"))
        .order_by("kind")
    )


def period_points(members, start: datetime.date, end: datetime.date):
    """Annotate a Member queryset with the period's acts and points (one query).

    Correlated subqueries read each member's records through the member index; a join
    grouped by member made PostgreSQL hash the whole ledger (10 M rows at province scale)."""
    in_period = DutyRecord.objects.filter(
        member=OuterRef("pk"), date__range=(start, end)
    ).order_by()
    in_period = in_period.values("member")
    return members.annotate(
        acts=Coalesce(Subquery(in_period.annotate(n=Count("*")).values("n")), 0),
        points=Coalesce(Subquery(in_period.annotate(n=Sum("points")).values("n")), 0),
    )


def member_points(members, start: datetime.date, end: datetime.date):
    """period_points() and each member's last act ever (one query)."""
    own = DutyRecord.objects.filter(member=OuterRef("pk")).order_by()
    return period_points(members, start, end).annotate(
        last_act=Subquery(own.order_by("-date").values("date")[:1]),
    )
