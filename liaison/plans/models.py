"""三个主动: the annual work plan, requests for instruction (请示) and work reports (汇报).

All three are written by an office and reviewed by the bodies it sends them to (党工委,
办事处): `review_bodies`, chosen by the office, is what lets a reviewer see the record.
Reviewers comment and decide; only the office edits its own text.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.orgs.access import ScopedQuerySet


class Reviewed(models.Model):
    """What plans, requests and reports share: an office, the bodies reviewing, a status."""

    office = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("liaison office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_bodies = models.ManyToManyField(
        "orgs.Organization",
        verbose_name=_("submitted to"),
        related_name="+",
        help_text=_("The Party working committee and the sub-district office reviewing it."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = "office"

    # Statuses in which the office may still change its text.
    EDITABLE: frozenset = frozenset()
    # Targets a reviewer moves the record to; every other move is the office's.
    REVIEWER_MOVES: frozenset = frozenset()
    TRANSITIONS: dict = {}

    class Meta:
        abstract = True


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    COMMENTED = "commented", _("Comments received")
    REVISED = "revised", _("Revised and resubmitted")
    APPROVED = "approved", _("Approved")
    INCORPORATED = "incorporated", _("Incorporated into the street's plan")


class WorkPlan(Reviewed):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=120)
    introduction = models.TextField(_("introduction"), max_length=10000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    incorporated_on = models.DateField(
        _("incorporated into the street's plan on"), null=True, blank=True, editable=False
    )

    EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.COMMENTED})
    REVIEWER_MOVES = frozenset({PlanStatus.COMMENTED, PlanStatus.APPROVED, PlanStatus.INCORPORATED})
    # The workflow, written once. A comment moves a plan under review to "commented" (a second
    # comment keeps it there); the office revises and resubmits.
    TRANSITIONS = {
        PlanStatus.DRAFT: {PlanStatus.SUBMITTED},
        PlanStatus.SUBMITTED: {PlanStatus.COMMENTED, PlanStatus.APPROVED},
        PlanStatus.COMMENTED: {PlanStatus.COMMENTED, PlanStatus.REVISED},
        PlanStatus.REVISED: {PlanStatus.COMMENTED, PlanStatus.APPROVED},
        PlanStatus.APPROVED: {PlanStatus.INCORPORATED},
        PlanStatus.INCORPORATED: set(),
    }

    class Meta:
        verbose_name = _("annual work plan")
        verbose_name_plural = _("annual work plans")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="plan_once_a_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plan_detail", args=[self.pk])


class PlanItem(models.Model):
    class Category(models.TextChoices):
        INITIATIVE = "initiative", _("Three initiatives (三个主动)")
        SERVICE = "service", _("Three services (三项服务)")
        FOCUS = "focus", _("Three priorities (三个重点)")
        AWARENESS = "awareness", _("Three kinds of awareness (三种意识)")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    target_count = models.PositiveSmallIntegerField(_("target count"), null=True, blank=True)
    target_quarter = models.PositiveSmallIntegerField(
        _("target quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    target_month = models.PositiveSmallIntegerField(
        _("target month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    responsible = models.CharField(_("responsible person"), max_length=50, blank=True)
    activity_type = models.ForeignKey(
        "activities.ActivityType",
        verbose_name=_("fulfilled by activities of type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duty_kind = models.CharField(_("fulfilled by duty records of kind"), max_length=50, blank=True)
    manual_done = models.PositiveSmallIntegerField(
        _("done (counted by hand)"),
        default=0,
        help_text=_("Only for items not linked to activities or duty records."),
    )
    notes = models.TextField(_("progress notes"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_linked(self) -> bool:
        return bool(self.activity_type_id or self.duty_kind)


class PlanComment(models.Model):
    """A reviewer's comment on the plan or on one item; the office's text stays untouched."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(
        PlanItem,
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:40]


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting instruction")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class InstructionRequest(Reviewed):
    """请示: asked before every major issue, activity or meeting."""

    title = models.CharField(_("title"), max_length=150)
    content = models.TextField(_("content"), max_length=10000)
    proposed_date = models.DateField(_("proposed date"), null=True, blank=True)
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("major activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instruction_requests",
    )
    matter = models.CharField(
        _("matter"), max_length=200, blank=True, help_text=_("When it is not an activity.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    decision_comment = models.TextField(_("instruction"), max_length=3000, blank=True)

    EDITABLE = frozenset({RequestStatus.DRAFT})
    REVIEWER_MOVES = frozenset({RequestStatus.APPROVED, RequestStatus.REFUSED})
    TRANSITIONS = {
        RequestStatus.DRAFT: {RequestStatus.SUBMITTED},
        RequestStatus.SUBMITTED: {RequestStatus.APPROVED, RequestStatus.REFUSED},
        RequestStatus.APPROVED: set(),
        RequestStatus.REFUSED: set(),
    }

    class Meta:
        verbose_name = _("request for instruction")
        verbose_name_plural = _("requests for instruction")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("request_detail", args=[self.pk])


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class WorkReport(Reviewed):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEAR = "half_year", _("Half-year")
        AD_HOC = "ad_hoc", _("Ad hoc")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    body = models.TextField(_("text"), max_length=50000)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    decision_comment = models.TextField(_("reviewer's remarks"), max_length=3000, blank=True)

    EDITABLE = frozenset({ReportStatus.DRAFT})
    REVIEWER_MOVES = frozenset({ReportStatus.ACKNOWLEDGED})
    TRANSITIONS = {
        ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
        ReportStatus.SUBMITTED: {ReportStatus.ACKNOWLEDGED},
        ReportStatus.ACKNOWLEDGED: set(),
    }

    class Meta:
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("report_detail", args=[self.pk])
