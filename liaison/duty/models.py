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
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
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
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self):
        return f"{self.member} · {self.kind} · {self.date}"

    @property
    def kind_label(self):
        from liaison.duty.kinds import get_kind

        kind = get_kind(self.kind)
        return kind.label if kind else self.kind
