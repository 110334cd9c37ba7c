from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.orgs.access import ScopedQuerySet

phone_validator = RegexValidator(
    r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland mobile number, e.g. 13800000000.")
)


class Organization(models.Model):
    """A node of the tree 市政协 → 区政协 → 联络处, with 党工委, 办事处 and departments beside."""

    class Kind(models.TextChoices):
        CITY_CPPCC = "city_cppcc", _("City CPPCC")
        DISTRICT_CPPCC = "district_cppcc", _("District CPPCC")
        LIAISON_OFFICE = "liaison_office", _("Liaison office")
        PARTY_COMMITTEE = "party_committee", _("Street Party working committee")
        SUBDISTRICT_OFFICE = "subdistrict_office", _("Sub-district office")
        DEPARTMENT = "department", _("Department")
        HIGHER_DEPARTMENT = "higher_department", _("Higher-level department")

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path "/1/4/9/": a subtree is one indexed prefix match, not a recursive query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = ""  # the organization is its own scope

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_in_parent")
        ]

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        return Organization.objects.filter(pk__in=ids).order_by("path")

    def is_within(self, other: "Organization") -> bool:
        return self.path.startswith(other.path)


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    phone = models.CharField(
        _("mobile phone"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[phone_validator],
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    failed_login_count = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Kept by orgs.services beside django-otp's device rows, so checking it costs no query.
    otp_enrolled = models.BooleanField(_("two-factor login on"), default=False, editable=False)
    password_changed_at = models.DateTimeField(
        _("password changed at"), default=timezone.now, editable=False
    )
    # Moved on whenever the user's roles or their organizations change (liaison.orgs.access):
    # a session keeps the roles it read under this number, so a page reads them from the
    # session while it holds. Written only by that UPDATE, never by save() (below).
    roles_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.display_name or self.username

    def save(self, *args, **kwargs):
        # An empty phone is stored as NULL so the unique constraint ignores it.
        self.phone = self.phone or None
        if not self._state.adding and kwargs.get("update_fields") is None:
            # Every column but roles_version: an instance read before a role change must not
            # write the old number back, or a session's cached roles would hold again.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "roles_version"
            ]
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))


class PasswordHistory(models.Model):
    """The hashes of an account's recent passwords, so an old one is not chosen again."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("password history entry")
        verbose_name_plural = _("password history")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class Role(models.TextChoices):
    OFFICE_DIRECTOR = "office_director", _("Office director")
    OFFICE_STAFF = "office_staff", _("Office staff")
    PERSONAL_DATA = "personal_data", _("May view members' personal data")
    MEMBER = "member", _("CPPCC member")
    REVIEWER = "reviewer", _("Reviewer")
    HANDLER = "handler", _("Department handler")
    DISTRICT_VIEWER = "district_viewer", _("District viewer")
    ADMIN = "admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="role_assignment_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def delete(self):
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One row per change or security event. Written by orgs.audit.log_action only."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # No database constraints to users and organizations: the log outlives what it describes.
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only.")

    @property
    def action_label(self):
        from liaison.orgs.audit import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)
