"""三项服务: research projects (调研课题), campaigns (专项行动) with inspections, donations."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.orgs.access import ScopedQuerySet


class OfficeRecord(models.Model):
    office = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("liaison office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        abstract = True


# --- Research -------------------------------------------------------------------------------


class ResearchProject(OfficeRecord):
    class Nature(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("Comprehensive (综合性)")
        OVERALL = "overall", _("Of overall importance (全局性)")
        FORWARD = "forward", _("Forward-looking (前瞻性)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Under way")
        REPORTED = "reported", _("Report final")

    topic = models.CharField(_("topic"), max_length=200)
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    decision_name = models.CharField(_("pending decision it prepares"), max_length=200, blank=True)
    decision_expected = models.DateField(_("decision expected on"), null=True, blank=True)
    lead = models.ForeignKey(
        "members.Member",
        verbose_name=_("lead member"),
        on_delete=models.PROTECT,
        related_name="research_led",
    )
    group = models.ManyToManyField(
        "members.Member",
        verbose_name=_("research group"),
        blank=True,
        related_name="research_groups",
    )
    plan = models.TextField(_("research plan"), max_length=10000, blank=True)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["office", "started_on"])]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("research_detail", args=[self.pk])


class FieldTrip(models.Model):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="trips")
    destinations = models.CharField(_("destinations"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    participants = models.ManyToManyField(
        "members.Member", verbose_name=_("participants"), blank=True, related_name="+"
    )
    findings = models.TextField(_("findings"), max_length=10000, blank=True)

    class Meta:
        verbose_name = _("field trip")
        verbose_name_plural = _("field trips")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="trip_ends_after_start",
                violation_error_message=_("The trip cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.destinations


class ResearchMaterial(models.Model):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    collected_on = models.DateField(_("collected on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("collected material")
        verbose_name_plural = _("collected materials")
        ordering = ["collected_on", "pk"]

    def __str__(self):
        return self.title


class ReportVersion(models.Model):
    class Stage(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=100000)
    authors = models.ManyToManyField(
        "members.Member", verbose_name=_("authors"), blank=True, related_name="+"
    )
    written_on = models.DateField(_("written on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="report_version_once"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(stage="final"), name="one_final_report"
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.number}"


class Recommendation(models.Model):
    class Adoption(models.TextChoices):
        PENDING = "pending", _("Awaiting answer")
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not", _("Not adopted")

    project = models.ForeignKey(
        ResearchProject, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"), max_length=5000)
    body = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("sent to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body_name = models.CharField(_("sent to (other body)"), max_length=100, blank=True)
    adoption = models.CharField(
        _("adoption"), max_length=10, choices=Adoption.choices, default=Adoption.PENDING
    )
    evidence = models.TextField(_("evidence of adoption"), max_length=5000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["pk"]

    def __str__(self):
        return self.text[:40]

    @property
    def receiver(self):
        return self.body or self.body_name


# --- Campaigns ------------------------------------------------------------------------------


class Campaign(OfficeRecord):
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    partners = models.ManyToManyField(
        "orgs.Organization", verbose_name=_("partner bodies"), blank=True, related_name="+"
    )
    leading_group = models.TextField(_("leading group"), max_length=2000, blank=True)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    schools_reached = models.PositiveIntegerField(_("schools reached"), default=0)
    kindergartens_reached = models.PositiveIntegerField(_("kindergartens reached"), default=0)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["office", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("The campaign cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaign_detail", args=[self.pk])


class CampaignMaterial(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=100)
    count = models.PositiveIntegerField(_("copies"))

    class Meta:
        verbose_name = _("material produced")
        verbose_name_plural = _("materials produced")

    def __str__(self):
        return f"{self.kind} × {self.count}"


class TeamMember(models.Model):
    """One of the standing supervision team; many have no account (城管, volunteers)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("CPPCC member")
        CADRE = "cadre", _("Street cadre")
        ENFORCEMENT = "enforcement", _("Urban management officer")
        MARKET = "market", _("Market supervisor")
        VOLUNTEER = "volunteer", _("Community volunteer")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="team")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=50)
    affiliation = models.CharField(_("works for"), max_length=100, blank=True)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="campaign_teams",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_teams",
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("supervision team")
        ordering = ["role", "name"]

    def __str__(self):
        return self.name


class InspectionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            rectification_required=True,
            rectification_deadline__lt=today,
        ).exclude(reinspection_result=PremisesInspection.Result.RECTIFIED)


class PremisesInspection(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", _("Not re-inspected yet")
        RECTIFIED = "rectified", _("Rectified")
        NOT_RECTIFIED = "not_rectified", _("Not rectified")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="inspections")
    premises = models.CharField(_("premises"), max_length=100)
    premises_kind = models.CharField(_("kind of premises"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    near_school = models.CharField(_("near school"), max_length=100, blank=True)
    date = models.DateField(_("inspected on"))
    inspectors = models.ManyToManyField(
        TeamMember, verbose_name=_("inspectors"), blank=True, related_name="inspections"
    )
    findings = models.TextField(_("findings"), max_length=5000, blank=True)
    rectification_required = models.BooleanField(_("rectification required"), default=False)
    rectification_deadline = models.DateField(_("rectify by"), null=True, blank=True)
    reinspected_on = models.DateField(_("re-inspected on"), null=True, blank=True)
    reinspection_result = models.CharField(
        _("re-inspection result"), max_length=20, choices=Result.choices, default=Result.PENDING
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection of premises")
        verbose_name_plural = _("inspections of premises")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rectification_deadline__isnull=True)
                | Q(rectification_deadline__gte=F("date")),
                name="rectification_after_inspection",
                violation_error_message=_(
                    "The rectification deadline cannot be before the inspection."
                ),
            )
        ]

    def __str__(self):
        return f"{self.premises} · {self.date}"

    def get_absolute_url(self):
        return reverse("campaign_detail", args=[self.campaign_id]) + f"#inspection-{self.pk}"


# --- Donations ------------------------------------------------------------------------------


class Donation(OfficeRecord):
    class Form(models.TextChoices):
        CASH = "cash", _("Cash")
        GOODS = "goods", _("Goods")

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("donor (member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
    )
    enterprise = models.ForeignKey(
        "members.Enterprise",
        verbose_name=_("donor (enterprise)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
    )
    recipient = models.CharField(_("recipient"), max_length=100)
    form = models.CharField(_("cash or goods"), max_length=10, choices=Form.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    value = models.DecimalField(
        _("value (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["office", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="donation_value_not_negative",
                violation_error_message=_("The value of a donation cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(enterprise__isnull=False),
                name="donation_has_donor",
                violation_error_message=_("Name the donor: a member or an enterprise."),
            ),
        ]

    def __str__(self):
        return f"{self.donor} → {self.recipient}"

    def get_absolute_url(self):
        return reverse("donation_list") + f"?year={self.date.year}"

    @property
    def donor(self):
        return self.enterprise or self.member

    @property
    def donor_member(self):
        """The member the donation counts for in the duty ledger."""
        return self.member or (self.enterprise.member if self.enterprise_id else None)
