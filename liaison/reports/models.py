from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.orgs.access import ScopedQuerySet


class AnnualSummary(models.Model):
    """The narrative paragraphs an office writes for one year's 年度工作总结; the facts and
    figures that open each section come from the data when the summary is made."""

    office = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("liaison office"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    initiative = models.TextField(_("I. Three initiatives"), blank=True)
    services = models.TextField(_("II. Three services"), blank=True)
    priorities = models.TextField(_("III. Three priorities"), blank=True)
    awareness = models.TextField(_("IV. Three kinds of awareness"), blank=True)
    conclusion = models.TextField(_("In sum"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("annual summary")
        verbose_name_plural = _("annual summaries")
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="annual_summary_once")
        ]

    def __str__(self):
        return f"{self.office} {self.year}"


class FigureYear(models.Model):
    """An office's figures of one whole year, as liaison.reports.stored counted them; the row
    of year 0 is the office's change counter instead. A year's row holds while its `version`
    equals the counter's: every change to rows a figure counts moves the counter on
    (liaison.core.figures.changed), so the next reader counts that office afresh."""

    office = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    # "figures": {"counts": {code: value}, "breakdowns": {code: [[key, value], …]}};
    # "ledger": [[kind, member's name, acts, points], …]; "" on the counter's row.
    part = models.CharField(max_length=10, default="")
    version = models.PositiveBigIntegerField(default=0)
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "part"], name="figure_year_once")
        ]

    def __str__(self):
        return f"{self.office_id} {self.year} {self.part} v{self.version}"
