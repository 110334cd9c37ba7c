import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.orgs.access import ScopedQuerySet


class ActivityType(models.Model):
    """政情通报会, 集中走访慰问, 学习… Configurable; the usual ones are preloaded."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    yearly_target = models.PositiveSmallIntegerField(
        _("yearly target"),
        null=True,
        blank=True,
        help_text=_("How many closed activities of this type an office holds per year."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CHECKIN_OPEN = "checkin_open", _("Check-in open")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


# The lifecycle, written once: from each status, where an activity may go.
TRANSITIONS = {
    Status.DRAFT: {Status.PUBLISHED},
    Status.PUBLISHED: {Status.CHECKIN_OPEN, Status.DRAFT},
    Status.CHECKIN_OPEN: {Status.CLOSED},
    Status.CLOSED: {Status.ARCHIVED, Status.CHECKIN_OPEN},
    Status.ARCHIVED: set(),
}


class ActivityQuerySet(ScopedQuerySet):
    def of_year(self, year: int):
        return self.filter(starts_at__year=year)

    def for_member(self, member):
        return self.filter(invitations__member=member)


def _secret():
    return secrets.token_urlsafe(24)


class Activity(models.Model):
    office = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organizing office"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    type = models.ForeignKey(ActivityType, verbose_name=_("type"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    mandatory = models.BooleanField(
        _("attendance required"),
        default=True,
        help_text=_("Required (必须参加) or by sign-up (报名参加)."),
    )
    signup_deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    is_major = models.BooleanField(
        _("major activity"),
        default=False,
        help_text=_("Major activities need an approved request for instruction first."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("minutes"), max_length=20000, blank=True)
    # Signs this activity's rotating check-in codes; a new secret voids every code shown.
    checkin_secret = models.CharField(max_length=64, default=_secret, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ActivityQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["office", "starts_at"]),
            models.Index(fields=["office", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="activity_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activity_detail", args=[self.pk])

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_open_for_signup(self) -> bool:
        return not self.mandatory and (
            self.signup_deadline is None or self.signup_deadline > timezone.now()
        )


class Invitation(models.Model):
    class Response(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WAITLISTED = "waitlisted", _("On the waiting list")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    response = models.CharField(
        _("response"), max_length=20, choices=Response.choices, default=Response.INVITED
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="invitation_once")
        ]

    def __str__(self):
        return f"{self.member} · {self.activity}"


class LeaderInvitation(models.Model):
    """A Party committee or sub-district leader invited; they may have no account."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invited leader")
        verbose_name_plural = _("invited leaders")

    def __str__(self):
        return self.name


class LeaveRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="leaves")
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="leave_requests"
    )
    reason = models.CharField(_("reason"), max_length=300)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="leave_once")]

    def __str__(self):
        return f"{self.member} · {self.activity}"


class Attendance(models.Model):
    """Who was there: only a validated check-in (or staff's hand) makes a row "attended".
    Absences are written when the activity closes."""

    class Status(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        MANUAL = "manual", _("By staff")
        COMPUTED = "computed", _("Computed at closing")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    checked_in_at = models.DateTimeField(_("time"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["checked_in_at"]
        # The database itself refuses a second row: two scans at once cannot both land.
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="attendance_once")
        ]
        # The activity list counts each row's attendees from the index alone.
        indexes = [models.Index(fields=["activity", "status"], name="attendance_activity_status")]

    def __str__(self):
        return f"{self.member} · {self.activity} · {self.status}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        ON_STAGE = "on_stage", _("Speech on stage")
        WRITTEN = "written", _("Written contribution")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    speaker = models.ForeignKey(
        "members.Member",
        verbose_name=_("speaker (member)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    speaker_name = models.CharField(_("speaker (others)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ON_STAGE)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Material(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Material")
        PHOTO = "photo", _("Photo")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="activities/%Y/%m/")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["kind", "uploaded_at"]

    def __str__(self):
        return self.title


class Speech(models.Model):
    """A speech given (on stage or in writing) at the activity, for the record and ledger."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="speeches")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="speeches",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgendaItem.Kind.choices, default=AgendaItem.Kind.ON_STAGE
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        ordering = ["created_at"]

    def __str__(self):
        return self.title


class RaisedOpinion(models.Model):
    """An opinion a member raised at the activity, kept verbatim. The opinions app picks these
    up and routes them (issue 5); `routed_to` then points at the opinion it became."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="opinions")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="raised_opinions",
    )
    text = models.TextField(_("what was said"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    routed_to_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("opinion raised")
        verbose_name_plural = _("opinions raised")
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:40]


class Visit(models.Model):
    """走访: staff and members visit a member; what was discussed and collected."""

    office = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("liaison office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("date"))
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member visited"),
        on_delete=models.CASCADE,
        related_name="visits_received",
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff who went"), blank=True, related_name="+"
    )
    visitors = models.ManyToManyField(
        "members.Member", verbose_name=_("members who went"), blank=True, related_name="visits_made"
    )
    discussed = models.TextField(_("what was discussed"), max_length=5000, blank=True)
    opinions = models.TextField(_("opinions collected"), max_length=5000, blank=True)
    care_notes = models.CharField(_("care notes"), max_length=500, blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("during the activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date"]
        indexes = [models.Index(fields=["office", "date"])]

    def __str__(self):
        return f"{self.member} · {self.date}"

    def get_absolute_url(self):
        return reverse("visit_detail", args=[self.pk])
