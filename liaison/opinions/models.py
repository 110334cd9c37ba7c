"""Opinions (意见建议) kept verbatim, triaged by the office, assigned to departments (交办) with
deadlines in working days, replied to (办复), checked, published and fed back on by members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.uploads import UploadValidator
from liaison.orgs.access import ScopedQuerySet

ATTACHMENT_KINDS = {"image", "pdf", "docx", "xlsx"}


class Category(models.Model):
    """经济发展, 社区建设, 市政管理… with the default deadline the administrator sets."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    default_deadline_days = models.PositiveSmallIntegerField(
        _("default deadline (working days)"), default=15
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("opinion category")
        verbose_name_plural = _("opinion categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Source(models.TextChoices):
    VISIT = "visit", _("Visit")
    ACTIVITY = "activity", _("Activity")
    RESEARCH = "research", _("Research")
    MEMBER = "member", _("Member's own submission")
    RESIDENT = "resident", _("Resident through a member")
    SENTIMENT = "sentiment", _("Social sentiment report")


class Status(models.TextChoices):
    NEW = "new", _("Awaiting triage")
    SOLVED_ON_SPOT = "on_spot", _("Solved on the spot")
    ASSIGNED = "assigned", _("Assigned")
    ESCALATED = "escalated", _("Escalated to the level above")
    REFERENCE = "reference", _("For reference")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    MERGED = "merged", _("Merged")
    CLOSED = "closed", _("Closed, solved")
    CLOSED_UNSOLVED = "closed_unsolved", _("Closed but not solved")


# Triage (研判) decides where a new opinion goes; an escalated one closes with the answer.
TRANSITIONS = {
    Status.NEW: {
        Status.SOLVED_ON_SPOT,
        Status.ASSIGNED,
        Status.ESCALATED,
        Status.REFERENCE,
        Status.OUT_OF_SCOPE,
        Status.MERGED,
    },
    Status.ASSIGNED: {Status.CLOSED, Status.CLOSED_UNSOLVED, Status.NEW},
    Status.ESCALATED: {Status.CLOSED, Status.CLOSED_UNSOLVED},
    Status.CLOSED_UNSOLVED: {Status.ASSIGNED},
    Status.SOLVED_ON_SPOT: set(),
    Status.REFERENCE: set(),
    Status.OUT_OF_SCOPE: set(),
    Status.MERGED: set(),
    Status.CLOSED: set(),
}
SOLVED_STATUSES = {Status.SOLVED_ON_SPOT, Status.CLOSED}


class OpinionQuerySet(ScopedQuerySet):
    def received_between(self, start, end):
        return self.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)

    def of_member(self, member):
        return self.filter(raisers=member)


class Opinion(models.Model):
    office = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("liaison office"),
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    raisers = models.ManyToManyField(
        "members.Member", verbose_name=_("raised by"), related_name="opinions"
    )
    # Verbatim (原汁原味): set once at submission, never changed (services refuse it).
    text = models.TextField(_("verbatim text"), max_length=10000)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    raised_at_activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("raised at the activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_item = models.OneToOneField(
        "activities.RaisedOpinion",
        verbose_name=_("item raised"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinion",
    )
    visit = models.ForeignKey(
        "activities.Visit",
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    research_project = models.ForeignKey(
        "research.ResearchProject",
        verbose_name=_("research project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    outcome_note = models.TextField(_("what was done / reason"), max_length=5000, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    escalated_to = models.CharField(_("escalated to"), max_length=100, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    escalation_answer = models.TextField(_("answer from above"), max_length=5000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = OpinionQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            # The list's order with its id: a district's page is picked from this index
            # alone (an index-only scan), without reading every opinion row of the district.
            models.Index(fields=["office", "submitted_at", "id"]),
            models.Index(fields=["office", "status"]),
        ]

    def __str__(self):
        return self.summary or self.text[:40]

    def get_absolute_url(self):
        return reverse("opinion_detail", args=[self.pk])

    @property
    def is_solved(self) -> bool:
        return self.status in SOLVED_STATUSES


def _attachment_path(instance, filename):
    return f"opinions/{timezone.now():%Y/%m}/{filename}"


class OpinionAttachment(models.Model):
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=_attachment_path, validators=[UploadValidator(kinds=ATTACHMENT_KINDS)]
    )
    name = models.CharField(_("file name"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    REPLIED = "replied", _("Replied")
    CHECKED = "checked", _("Checked by the office")
    PUBLISHED = "published", _("Published to the member")
    NOT_SOLVED = "not_solved", _("Member says not solved")
    CLOSED = "closed", _("Closed")
    CLOSED_UNSOLVED = "closed_unsolved", _("Closed but not solved")
    RETURNED = "returned", _("Returned by the department")


A = AssignmentStatus
# An assignment's lifecycle, written once. IN_PROGRESS is also where the office sends a reply
# back for more work and where a reopened (再办理) item starts again.
ASSIGNMENT_TRANSITIONS = {
    A.ASSIGNED: {A.RECEIVED, A.RETURNED},
    A.RECEIVED: {A.IN_PROGRESS, A.REPLIED, A.RETURNED},
    A.IN_PROGRESS: {A.REPLIED, A.RETURNED},
    A.REPLIED: {A.CHECKED, A.IN_PROGRESS},
    A.CHECKED: {A.PUBLISHED},
    A.PUBLISHED: {A.CLOSED, A.NOT_SOLVED, A.CLOSED_UNSOLVED},
    A.NOT_SOLVED: {A.IN_PROGRESS, A.CLOSED_UNSOLVED},
    A.CLOSED_UNSOLVED: {A.IN_PROGRESS},
    A.CLOSED: set(),
    A.RETURNED: set(),
}
# Still the department's to do: the deadline runs, overdue is possible.
OPEN_STATUSES = (A.ASSIGNED, A.RECEIVED, A.IN_PROGRESS)
# A department may return an item only before it has replied.
RETURNABLE = (A.ASSIGNED, A.RECEIVED, A.IN_PROGRESS)


class AssignmentQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def due_between(self, start, end):
        return self.open().filter(deadline__gte=start, deadline__lte=end)

    def of_department(self, user):
        """The assignments of the departments where the user is a handler."""
        from liaison.orgs.access import Perm, organizations_q

        return self.filter(organizations_q(user, Perm.HANDLE, "department__"))


class Assignment(models.Model):
    """交办: one opinion to one department (optionally one handler), with a deadline."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="assignments")
    # The opinion's office (an opinion never moves), kept here so that the office's lists
    # (its home panel, the overdue list) read its assignments through one index instead of
    # joining each of its thousand opinions.
    office = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # led by the (office, status, deadline) index below
    )
    department = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="opinion_assignments",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinion_assignments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=A.ASSIGNED
    )
    deadline = models.DateField(_("deadline"))
    instructions = models.TextField(_("instructions"), max_length=2000, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Whether the accepted reply came in by the deadline then in force; set at publishing.
    on_time = models.BooleanField(_("replied on time"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), max_length=2000, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # Each publishing starts a feedback round; a feedback link is good for one round only.
    round = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = AssignmentQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["department", "status", "deadline"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["office", "status", "deadline"]),
        ]

    def __str__(self):
        return f"{self.opinion} → {self.department}"

    def save(self, *args, **kwargs):
        if self.office_id is None:
            self.office_id = self.opinion.office_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("assignment_detail", args=[self.pk])

    def is_overdue(self, today=None) -> bool:
        return self.status in OPEN_STATUSES and self.deadline < (today or timezone.localdate())


class DeadlineChange(models.Model):
    """The deadline history: first set, extended, reset on reopening."""

    class Reason(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        EXTENDED = "extended", _("Extension granted")
        REOPENED = "reopened", _("Reopened")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="deadline_changes"
    )
    old_deadline = models.DateField(_("old deadline"), null=True, blank=True)
    new_deadline = models.DateField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.old_deadline} → {self.new_deadline}"


class ExtensionRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(decision="pending"),
                name="one_pending_extension",
            )
        ]

    def __str__(self):
        return f"{self.assignment} → {self.requested_deadline}"


class Reply(models.Model):
    """办复: the department's answer. The office reads it first and may send it back."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("reply"), max_length=10000)
    solved = models.BooleanField(_("the department considers it solved"), default=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_back_comment = models.TextField(_("sent back for more work"), max_length=2000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:40]


class ReplyAttachment(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=_attachment_path, validators=[UploadValidator(kinds=ATTACHMENT_KINDS)]
    )
    name = models.CharField(_("file name"), max_length=200)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Feedback(models.Model):
    """A raiser's answer to a published reply: solved or not, and how satisfied."""

    class Result(models.TextChoices):
        SOLVED = "solved", _("Solved")
        PARTLY = "partly", _("Partly solved")
        NOT_SOLVED = "not_solved", _("Not solved")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")

    class Channel(models.TextChoices):
        LINK = "link", _("Link")
        INBOX = "inbox", _("In the app")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="feedback")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField()
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    channel = models.CharField(max_length=6, choices=Channel.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["created_at"]
        constraints = [
            # One answer per raiser per round: what makes a feedback link work once.
            models.UniqueConstraint(
                fields=["assignment", "member", "round"], name="feedback_once_per_round"
            )
        ]

    def __str__(self):
        return f"{self.member} · {self.get_result_display()}"

    @property
    def satisfied(self) -> bool:
        return self.satisfaction in (self.Satisfaction.SATISFIED, self.Satisfaction.BASICALLY)
