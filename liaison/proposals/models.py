"""Proposals (提案) and social-sentiment reports (社情民意信息), with their lifecycles."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.orgs.access import ScopedQuerySet

SECTION_MAX = 8000  # characters per section: a proposal is a few pages, not a book
REPORT_WARN = 1500  # 社情民意: one matter, short; past this the form warns
MAX_ATTACHMENTS = 5


class Category(models.Model):
    """经济发展, 社会稳定… Configurable; the usual ones are preloaded (defaults.py)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("proposal category")
        verbose_name_plural = _("proposal categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class RejectionReason(models.Model):
    """The customary reasons a district gives for 不立案 (defaults.py)."""

    text = models.CharField(_("reason"), max_length=200, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("reason for not registering")
        verbose_name_plural = _("reasons for not registering")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.text


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the office")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved by the office")
    FORWARDED = "forwarded", _("Submitted to the district")
    REGISTERED = "registered", _("Registered")
    NOT_REGISTERED = "not_registered", _("Not registered")
    MERGED = "merged", _("Merged")
    ASSIGNED = "assigned", _("Assigned to host units")
    REPLIED = "replied", _("Replied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied, awaiting re-handling")
    CLOSED = "closed", _("Handling completed")


# The lifecycle, written once: from each state, where a proposal may go.
TRANSITIONS = {
    State.DRAFT: {State.SUBMITTED},
    State.SUBMITTED: {State.RETURNED, State.APPROVED},
    State.RETURNED: {State.SUBMITTED},
    State.APPROVED: {State.FORWARDED},
    State.FORWARDED: {State.REGISTERED, State.NOT_REGISTERED, State.MERGED},
    State.REGISTERED: {State.ASSIGNED},
    State.MERGED: {State.ASSIGNED},
    State.NOT_REGISTERED: set(),
    State.ASSIGNED: {State.REPLIED},
    State.REPLIED: {State.CLOSED, State.UNSATISFIED},
    State.UNSATISFIED: {State.ASSIGNED, State.CLOSED},
    State.CLOSED: set(),
}
# Where the lead may still edit the text; co-signers may still confirm.
EDITABLE = {State.DRAFT, State.RETURNED}
OPEN_FOR_COSIGNING = {State.DRAFT, State.SUBMITTED, State.RETURNED, State.APPROVED}
# Decided by the district (立案 or 并案): counted, flagged, handled.
ACCEPTED = {
    State.REGISTERED,
    State.MERGED,
    State.ASSIGNED,
    State.REPLIED,
    State.UNSATISFIED,
    State.CLOSED,
}


class ProposalQuerySet(ScopedQuerySet):
    def of_year(self, year: int):
        return self.filter(year=year)

    def forwarded(self):
        """Submitted to the district (and on from there)."""
        return self.filter(forwarded_at__isnull=False)


class Proposal(models.Model):
    class ProposerType(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        JOINT = "joint", _("Joint")
        GROUP = "group", _("The office's group")

    class Timing(models.TextChoices):
        SESSION = "session", _("During the session")
        AFTER = "after", _("After the session")

    class Conversion(models.TextChoices):
        NONE = "", _("None")
        REPORT = "report", _("Converted into a social-sentiment report")
        LETTER = "letter", _("Handled as a letter")

    office = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("liaison office"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("proposal number"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("subject (案由)"), max_length=50)
    situation = models.TextField(_("situation"), max_length=SECTION_MAX)
    analysis = models.TextField(_("analysis"), max_length=SECTION_MAX, blank=True)
    suggestions = models.TextField(_("suggestions"), max_length=SECTION_MAX)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    lead = models.ForeignKey(
        "members.Member",
        verbose_name=_("lead member"),
        on_delete=models.PROTECT,
        related_name="proposals_led",
    )
    proposer_type = models.CharField(
        _("proposer"), max_length=20, choices=ProposerType.choices, default=ProposerType.INDIVIDUAL
    )
    timing = models.CharField(
        _("submitted"), max_length=20, choices=Timing.choices, default=Timing.AFTER
    )
    suggested_units = models.CharField(_("suggested host units"), max_length=200, blank=True)
    host_main = models.CharField(_("main host unit (主办)"), max_length=200, blank=True)
    host_assist = models.CharField(_("assisting units (会办)"), max_length=200, blank=True)
    # Where the proposal grew from: a research project of the office, or an opinion.
    research_project = models.ForeignKey(
        "research.ResearchProject",
        verbose_name=_("research project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    opinion = models.ForeignKey(
        "opinions.Opinion",
        verbose_name=_("opinion it grew from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    cosign_deadline = models.DateTimeField(_("co-signers confirm by"), null=True, blank=True)
    office_comment = models.TextField(_("office's comments"), max_length=2000, blank=True)
    is_key = models.BooleanField(_("key proposal (重点提案)"), default=False)
    is_excellent = models.BooleanField(_("excellent proposal (优秀提案)"), default=False)
    rejection_reason = models.ForeignKey(
        RejectionReason,
        verbose_name=_("reason for not registering"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    conversion = models.CharField(
        _("converted into"), max_length=20, choices=Conversion.choices, blank=True, default=""
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    reply_deadline = models.DateField(_("reply deadline"), null=True, blank=True)
    # The best match of the similar-proposal check at submission, for the office's warning.
    similarity_max = models.FloatField(_("highest similarity"), default=0, editable=False)
    similar_at_submission = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    forwarded_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    assigned_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ProposalQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-year", "-created_at"]
        indexes = [
            models.Index(fields=["office", "year", "state"]),
            # The list's order with its id: a district's page is picked by an index-only scan.
            models.Index(fields=["office", "year", "created_at", "id"]),
            models.Index(fields=["office", "forwarded_at"]),
            models.Index(fields=["office", "decided_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposal_detail", args=[self.pk])

    @property
    def text(self) -> str:
        """What the similar-proposal check compares: title and every section."""
        return "\n".join(
            [self.title, self.summary, self.situation, self.analysis, self.suggestions]
        )

    @property
    def latest_reply(self):
        return self.replies.order_by("-round", "-pk").first()


class CoSigner(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        DROPPED = "dropped", _("Dropped (not confirmed in time)")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="cosignatures",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="cosigner_once")]

    def __str__(self):
        return f"{self.member} · {self.proposal}"


def _attachment_path(instance, filename):
    return f"proposals/{instance.proposal_id}/{filename}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Grade(models.TextChoices):
    A = "A", _("A · solved or adopted")
    B = "B", _("B · being solved or planned")
    C = "C", _("C · kept for reference under current conditions")
    D = "D", _("D · other")


class Reply(models.Model):
    """A host unit's answer (办复); a second round after an unsatisfied evaluation (再办理)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    unit = models.CharField(_("host unit"), max_length=200)
    text = models.TextField(_("reply"), max_length=SECTION_MAX)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    replied_on = models.DateField(_("replied on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["round", "pk"]

    def __str__(self):
        return f"{self.proposal} · {self.round}"


class Evaluation(models.Model):
    """The lead member's evaluation of a reply (委员评价)."""

    class Consulted(models.TextChoices):
        IN_PERSON = "in_person", _("Met in person")
        PHONE = "phone", _("By phone or letter")
        NOT = "not", _("Not consulted")

    class Attitude(models.TextChoices):
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        POOR = "poor", _("Poor")

    class Agreement(models.TextChoices):
        AGREE = "agree", _("Agree")
        PARTLY = "partly", _("Partly agree")
        DISAGREE = "disagree", _("Disagree")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    reply = models.OneToOneField(Reply, on_delete=models.CASCADE, related_name="evaluation")
    consulted = models.CharField(
        _("how the unit consulted you"), max_length=20, choices=Consulted.choices
    )
    attitude = models.CharField(_("attitude"), max_length=20, choices=Attitude.choices)
    agreement = models.CharField(
        _("agreement with the result"), max_length=20, choices=Agreement.choices
    )
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    evaluated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.reply} · {self.get_satisfaction_display()}"


class SimilarityEntry(models.Model):
    """One proposal's term signature for the similar-proposal check (similarity.py): the index
    each process keeps in memory is rebuilt and refreshed from these rows."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="+")
    terms = models.JSONField(default=dict)  # term → sublinear frequency
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("similarity index entry")
        verbose_name_plural = _("similarity index entries")

    def __str__(self):
        return str(self.proposal_id)


class YearlyTarget(models.Model):
    """How many proposals and reports an office aims at in a year; without a row, the
    defaults of the seed (10 and 6)."""

    DEFAULT_PROPOSALS = 10
    DEFAULT_REPORTS = 6

    office = models.ForeignKey(
        "orgs.Organization", verbose_name=_("liaison office"), on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("year"))
    proposals = models.PositiveSmallIntegerField(_("proposals"), default=DEFAULT_PROPOSALS)
    reports = models.PositiveSmallIntegerField(
        _("social-sentiment reports"), default=DEFAULT_REPORTS
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="proposal_target_once")
        ]

    def __str__(self):
        return f"{self.office} · {self.year}"

    @classmethod
    def for_office(cls, office, year: int) -> "YearlyTarget":
        return cls.objects.filter(office=office, year=year).first() or cls(office=office, year=year)


# --- 社情民意 --------------------------------------------------------------------------------


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed off")
    SUBMITTED = "submitted", _("Submitted upward")


REPORT_TRANSITIONS = {
    ReportState.DRAFT: {ReportState.SIGNED},
    ReportState.SIGNED: {ReportState.DRAFT, ReportState.SUBMITTED},
    ReportState.SUBMITTED: set(),
}


class Level(models.TextChoices):
    DISTRICT = "district", _("District")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class ReportQuerySet(ScopedQuerySet):
    def of_year(self, year: int):
        return self.filter(year=year)


class SocialSentimentReport(models.Model):
    office = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("liaison office"),
        on_delete=models.PROTECT,
        related_name="sentiment_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=120)
    problem = models.TextField(_("problem"), max_length=SECTION_MAX)
    suggestions = models.TextField(_("suggestions"), max_length=SECTION_MAX)
    # The office's edited version, kept beside the original.
    edited_title = models.CharField(_("edited title"), max_length=120, blank=True)
    edited_problem = models.TextField(_("edited problem"), max_length=SECTION_MAX, blank=True)
    edited_suggestions = models.TextField(
        _("edited suggestions"), max_length=SECTION_MAX, blank=True
    )
    submitters = models.ManyToManyField(
        "members.Member",
        verbose_name=_("submitting members"),
        blank=True,
        related_name="sentiment_reports",
    )
    other_submitters = models.CharField(
        _("other submitters (not members)"), max_length=200, blank=True
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    is_excellent = models.BooleanField(_("excellent (优秀)"), default=False)
    from_proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("converted from proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="converted_reports",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ReportQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("social-sentiment report")
        verbose_name_plural = _("social-sentiment reports")
        ordering = ["-year", "-created_at"]
        indexes = [models.Index(fields=["office", "submitted_at"])]

    def __str__(self):
        return self.final_title

    def get_absolute_url(self):
        return reverse("sentiment_detail", args=[self.pk])

    @property
    def final_title(self) -> str:
        return self.edited_title or self.title

    @property
    def length(self) -> int:
        return len(self.problem) + len(self.suggestions)

    @property
    def too_long(self) -> bool:
        return self.length > REPORT_WARN


class Adoption(models.Model):
    class Mode(models.TextChoices):
        SINGLE = "single", _("Single (单篇)")
        COMBINED = "combined", _("Combined (综合)")

    report = models.ForeignKey(
        SocialSentimentReport, on_delete=models.CASCADE, related_name="adoptions"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    mode = models.CharField(_("form"), max_length=20, choices=Mode.choices, default=Mode.SINGLE)
    date = models.DateField(_("date"))
    body = models.CharField(_("adopted by"), max_length=200)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.report} · {self.get_level_display()}"


class Instruction(models.Model):
    """A leader's written instruction (批示) on a report."""

    report = models.ForeignKey(
        SocialSentimentReport, on_delete=models.CASCADE, related_name="instructions"
    )
    leader = models.CharField(_("leader"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    text = models.TextField(_("instruction"), max_length=2000)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.report} · {self.leader}"
