import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.masking import mask_address, mask_id_number, mask_phone
from liaison.members.choices import ETHNICITIES, Affiliation
from liaison.members.validators import validate_id_number
from liaison.orgs.access import Perm, ScopedQuerySet, any_of, can, organizations_q
from liaison.orgs.models import Organization, phone_validator

# --- Lists configured per district or office ------------------------------------------------


class DistrictListItem(models.Model):
    """An entry of a list a district CPPCC configures for all its offices."""

    district = models.ForeignKey(
        Organization,
        verbose_name=_("district CPPCC"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": Organization.Kind.DISTRICT_CPPCC},
    )
    name = models.CharField(_("name"), max_length=50)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    scope_field = "district"

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Sector(DistrictListItem):
    """界别."""

    objects = ScopedQuerySet.as_manager()

    class Meta(DistrictListItem.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="sector_unique_name")
        ]


class Committee(DistrictListItem):
    """专委会 of the district CPPCC."""

    objects = ScopedQuerySet.as_manager()

    class Meta(DistrictListItem.Meta):
        verbose_name = _("special committee")
        verbose_name_plural = _("special committees")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="committee_unique_name")
        ]


class MemberGroup(models.Model):
    """委员组 / 活动组 within one liaison office."""

    office = models.ForeignKey(
        Organization,
        verbose_name=_("liaison office"),
        on_delete=models.CASCADE,
        related_name="member_groups",
    )
    name = models.CharField(_("name"), max_length=50)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = ScopedQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("member group")
        verbose_name_plural = _("member groups")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="member_group_unique_name")
        ]

    def __str__(self):
        return self.name


# --- Members --------------------------------------------------------------------------------


class MemberQuerySet(ScopedQuerySet):
    def serving(self):
        return self.filter(status=Member.Status.SERVING)

    def of_user(self, user):
        """The member records linked to this account (one per office at most)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def visible_to(self, user, perm: Perm = Perm.OFFICE_VIEW):
        # A member always sees their own record, whatever the office-level scope says.
        if not user.is_authenticated:
            return self.none()
        scope = organizations_q(user, perm, "office__")
        if not can(user, Perm.MEMBER_SELF):  # no record of their own: the scope alone, read
            return self.filter(scope)  # through the office's index without a union of ids
        scoped = Member.objects.filter(scope)
        return self.filter(any_of(scoped.values("pk"), Member.objects.of_user(user).values("pk")))

    def managed_by(self, user):
        """The members of the offices the user manages: visible_to without the user's own
        record, so the office's index is read directly rather than through a union of ids."""
        return self.filter(organizations_q(user, Perm.OFFICE_MANAGE, "office__"))

    def search(self, text: str):
        """Name, full pinyin (kangxi) or pinyin initials (kx), as the office types them."""
        text = (text or "").strip()
        if not text:
            return self
        key = text.lower().replace(" ", "")
        return self.filter(Q(name__icontains=text) | Q(search_keys__contains=" " + key))

    def with_birthday_within(self, start: datetime.date, days: int):
        """Members whose birthday (month and day) falls in [start, start + days); a 29 February
        birthday counts on the 28th in a common year. One or two ranges of month × 100 + day
        (the window may cross New Year) rather than a condition per day."""
        keys = set()
        for offset in range(max(days, 0)):
            day = start + datetime.timedelta(days=offset)
            keys.add(day.month * 100 + day.day)
            if (day.month, day.day) == (2, 28) and not _is_leap(day.year):
                keys.add(229)
        q = Q()
        for low, high in _runs(keys):
            q |= Q(birthday_key__range=(low, high))
        return self.filter(q) if q else self.none()

    def in_birthday_order(self, start: datetime.date):
        """By the days from start to the birthday: those of the rest of start's year first,
        then the next year's (a 29 February one, counted on the 28th, ranks after the 28th's).
        In SQL, so that a panel reads its first few rather than an office's month."""
        next_year = Case(
            When(birthday_key__lt=start.month * 100 + start.day, then=Value(1)), default=Value(0)
        )
        return self.order_by(next_year, "birthday_key", "pk")


class MonthDay(models.Func):
    """A date's month × 100 + day, in expressions each database accepts in a stored generated
    column (Member.birthday_key): date_part on PostgreSQL, strftime on SQLite."""

    arity = 1
    output_field = models.IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        date = self.source_expressions[0]
        return compiler.compile(ExtractMonth(date) * 100 + ExtractDay(date))

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        shown = f"(date_part('month', {sql}) * 100 + date_part('day', {sql}))::integer"
        return shown, (*params, *params)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(strftime('%%m%%d', {sql}) AS INTEGER)", params


# Every month × 100 + day of a leap year, in calendar order.
_CALENDAR = [
    d.month * 100 + d.day
    for d in (datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(366))
]


def _runs(keys: set[int]) -> list[tuple[int, int]]:
    """The keys as runs of consecutive calendar days: [(first, last), …]."""
    runs: list[list[int]] = []
    previous_in = False
    for key in _CALENDAR:
        if key in keys:
            if previous_in:
                runs[-1][1] = key
            else:
                runs.append([key, key])
        previous_in = key in keys
    return [(low, high) for low, high in runs]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def member_photo_path(member, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"members/photos/{member.office_id}/{timezone.now():%Y%m%d%H%M%S%f}.{ext}"


class Member(models.Model):
    """A CPPCC member (委员) attached to a liaison office."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Level(models.TextChoices):
        DISTRICT = "district", _("District CPPCC member")
        CITY = "city", _("City CPPCC member")
        PROVINCE = "province", _("Provincial CPPCC member")
        NATIONAL = "national", _("National CPPCC member")

    class Status(models.TextChoices):
        SERVING = "serving", _("Serving")
        TERM_ENDED = "term_ended", _("Term ended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    office = models.ForeignKey(
        Organization,
        verbose_name=_("liaison office"),
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind": Organization.Kind.LIAISON_OFFICE},
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_profile",
    )
    name = models.CharField(_("name"), max_length=50)
    # Kept in step with the name by services: the usual reading for sorting ("kangxi") and
    # every reading's full form and initials for search (" tangzhaoyang tangchaoyang tzy tcy").
    name_pinyin = models.CharField(max_length=200, blank=True, editable=False)
    search_keys = models.CharField(max_length=500, blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=20, blank=True, choices=[(e, e) for e in ETHNICITIES]
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    affiliation = models.CharField(
        _("political affiliation"), max_length=20, choices=Affiliation.choices, blank=True
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    term = models.PositiveSmallIntegerField(
        _("term (届)"), null=True, blank=True, help_text=_("e.g. 14 for the 14th term")
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("special committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    post = models.CharField(_("post"), max_length=100, blank=True)
    group = models.ForeignKey(
        MemberGroup,
        verbose_name=_("member group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.DISTRICT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SERVING
    )
    status_date = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    phone = models.CharField(
        _("mobile phone"), max_length=11, blank=True, validators=[phone_validator]
    )
    id_number = models.CharField(
        _("ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to=member_photo_path, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    # month × 100 + day of birth_date, kept by the database: the birthday windows (the home
    # panel, the reminders) read it through an index instead of computing it on every row.
    birthday_key = models.GeneratedField(
        expression=MonthDay("birth_date"), output_field=models.IntegerField(), db_persist=True
    )

    objects = MemberQuerySet.as_manager()
    scope_field = "office"
    PERSONAL_FIELDS = ("phone", "id_number", "address")

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["office", "name_pinyin", "name"]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["office", "name_pinyin"]),
            models.Index(fields=["office", "birthday_key"], name="member_office_birthday"),
            models.Index(fields=["birthday_key"], name="member_birthday"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="member_unique_id_number",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("member_detail", args=[self.pk])

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def address_masked(self) -> str:
        return mask_address(self.address)

    def age_on(self, day: datetime.date) -> int | None:
        if not self.birth_date:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


# --- Enterprises and honours ----------------------------------------------------------------


class Enterprise(models.Model):
    """An enterprise a member runs or works for (南景饭店…)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="enterprises"
    )
    name = models.CharField(_("name"), max_length=100)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    building = models.CharField(_("building"), max_length=100, blank=True)
    role = models.CharField(_("member's role"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "name"], name="enterprise_unique_per_member")
        ]

    def __str__(self):
        return self.name


class Contribution(models.Model):
    """What an enterprise brought the district in one year."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tax_paid = models.DecimalField(
        _("tax paid (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("yearly contribution")
        verbose_name_plural = _("yearly contributions")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="contribution_per_year")
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"


class Honour(models.Model):
    """An honour won by a member or by one of their enterprises (税收贡献奖, 创业明星…)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="honours"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="honours",
        help_text=_("Leave empty when the honour is the member's own."),
    )
    title = models.CharField(_("title"), max_length=100)
    granted_by = models.CharField(_("granting body"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.title} ({self.year})"


# --- Care events (联谊慰问) ------------------------------------------------------------------


class CareEventQuerySet(ScopedQuerySet):
    def pending(self):
        return self.filter(status=CareEvent.Status.PENDING)

    def overdue(self, now=None):
        return self.pending().filter(due_by__lt=now or timezone.now())

    def counted(self):
        """The events statistics count: all but the cancelled ones."""
        return self.exclude(status=CareEvent.Status.CANCELLED)

    def visited_on_time(self):
        """Events whose first visit fell on or before the day they were due by."""
        first = (
            CareVisit.objects.filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(first=Min("date"))
            .values("first")
        )
        return self.annotate(first_visit=Subquery(first)).filter(
            first_visit__isnull=False, first_visit__lte=TruncDate("due_by")
        )


class CareEvent(models.Model):
    class Kind(models.TextChoices):
        BIRTHDAY = "birthday", _("Birthday")
        WEDDING = "wedding", _("Wedding")
        ENTERPRISE_EVENT = "enterprise_event", _("Major enterprise event")
        ILLNESS = "illness", _("Illness or hospital stay")
        BEREAVEMENT = "bereavement", _("Bereavement")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    # 第一时间: these are visited within a day of the office hearing of them.
    URGENT_KINDS = (Kind.ILLNESS, Kind.BEREAVEMENT)

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="care_events"
    )
    office = models.ForeignKey(
        Organization, verbose_name=_("liaison office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    event_date = models.DateField(_("date of the event"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_by = models.DateTimeField(_("due by"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )

    objects = CareEventQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("care event")
        verbose_name_plural = _("care events")
        ordering = ["status", "due_by"]
        indexes = [models.Index(fields=["office", "status", "due_by"])]

    def __str__(self):
        return f"{self.member} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("care_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.PENDING and self.due_by < timezone.now()

    @property
    def display_status(self):
        return _("Overdue") if self.is_overdue else self.get_status_display()


class CareVisit(models.Model):
    """A visit made for a care event: who went, what they brought."""

    event = models.ForeignKey(
        CareEvent, verbose_name=_("care event"), on_delete=models.CASCADE, related_name="visits"
    )
    date = models.DateField(_("date"))
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff who went"), blank=True, related_name="+"
    )
    members = models.ManyToManyField(
        Member, verbose_name=_("members who went"), blank=True, related_name="care_visits_made"
    )
    gifts = models.CharField(_("what was brought"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.event} · {self.date}"
