from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.orgs.access import ScopedQuerySet


class DutyRecordQuerySet(ScopedQuerySet):
    def of_year(self, year: int):
        return self.filter(year=year)


class DutyRecord(models.Model):
    """One member-relevant act, pointing at the record it came from.

    The single source for points, duty records, dashboards and summaries: statistics read
    this table, never the apps' own rows. Written only by duty.services.record/retract.
    """

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="duty_records",
    )
    office = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("liaison office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")
    date = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("year"))
    # How long the act took, in half-days (an activity of a whole day: 2); 1 for the rest.
    # Only rules counted per half-day multiply by it.
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    # Points under the rule in force for the year, the kind's yearly cap applied in date order:
    # stored so that every total is one SUM (duty.scoring keeps it current).
    points = models.IntegerField(_("points"), default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DutyRecordQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("duty record")
        verbose_name_plural = _("duty records")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "content_type", "object_id"],
                name="duty_record_once_per_source",
            )
        ]
        indexes = [
            models.Index(fields=["office", "year", "kind"]),
            models.Index(fields=["member", "year"]),
            # A member's points of a period and last act (duty ranking, talks due), read
            # from the index alone (points in it), without the records of other years.
            models.Index(fields=["member", "date", "points"], name="duty_member_date_points"),
            # An office's ledger of a year in its order (-date, -id): a page is 50 index
            # entries, not a sort of the office's year (8,700 rows, parallel workers).
            models.Index(fields=["office", "year", "date", "id"], name="duty_office_year_date"),
            models.Index(fields=["year", "kind"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self):
        return f"{self.member} · {self.kind} · {self.date}"

    @property
    def kind_label(self):
        from liaison.duty.kinds import get_kind

        kind = get_kind(self.kind)
        return kind.label if kind else self.kind


class Unit(models.TextChoices):
    ITEM = "item", _("per item")
    HALF_DAY = "half_day", _("per half-day")
    REPORT = "report", _("per report")


class DutyRule(models.Model):
    """Points of one ledger kind from a year on (积分规则). The kind is a code: a rule for a kind
    no app registers yet is kept and ignored until one does."""

    kind = models.CharField(_("kind"), max_length=50)
    points = models.IntegerField(_("points"), help_text=_("Negative for a deduction."))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.ITEM)
    yearly_cap = models.PositiveIntegerField(
        _("yearly cap"),
        null=True,
        blank=True,
        help_text=_("Most points a member earns from this kind in a year; empty for no cap."),
    )
    effective_from = models.PositiveSmallIntegerField(_("effective from (year)"))
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="duty_rule_once"),
            models.CheckConstraint(
                condition=models.Q(yearly_cap__gte=0) | models.Q(yearly_cap__isnull=True),
                name="duty_rule_cap_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.points:+d} ({self.effective_from})"

    @property
    def kind_label(self):
        from liaison.duty.kinds import get_kind

        kind = get_kind(self.kind)
        return kind.label if kind else ""

    def points_for(self, quantity: int) -> int:
        return self.points * quantity if self.unit == Unit.HALF_DAY else self.points


class Scoring(models.Model):
    """The scheme in force (one row): base points, grade thresholds, the inactivity window."""

    scheme = models.CharField(_("scheme"), max_length=50, blank=True)
    base_points = models.IntegerField(_("base points"), default=0)
    excellent = models.IntegerField(_("excellent from"), default=60)
    competent = models.IntegerField(_("competent from"), default=30)
    basic = models.IntegerField(_("basically competent from"), default=15)
    inactive_months = models.PositiveSmallIntegerField(
        _("inactive after (months without any act)"), default=6
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")

    def __str__(self):
        return self.scheme or "scoring"

    @classmethod
    def current(cls) -> "Scoring":
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls()

    def grade(self, total: int) -> str:
        if total >= self.excellent:
            return str(_("Excellent"))
        if total >= self.competent:
            return str(_("Competent"))
        if total >= self.basic:
            return str(_("Basically competent"))
        return str(_("Not competent"))


class MemberYear(models.Model):
    """A member's acts and points of one year: the sums of their ledger rows of that year,
    kept by duty.yearly whenever the rows change, so the office's ranking reads a thousand
    members' totals instead of summing their two hundred thousand rows."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="duty_years",
        db_index=False,  # led by the (member, year) constraint's index
    )
    year = models.PositiveSmallIntegerField()
    acts = models.PositiveIntegerField(default=0)
    points = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="duty_member_year_once")
        ]

    def __str__(self):
        return f"{self.member_id} · {self.year}: {self.acts} / {self.points}"
