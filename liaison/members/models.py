from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.masking import mask_phone
from liaison.orgs.access import Perm, ScopedQuerySet
from liaison.orgs.models import Organization, phone_validator


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
        return super().visible_to(user, perm) | self.of_user(user)


class Member(models.Model):
    """A CPPCC member (委员) attached to a liaison office. Issue 3 completes the profile."""

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
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.DISTRICT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SERVING
    )
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    post = models.CharField(_("post"), max_length=100, blank=True)
    phone = models.CharField(
        _("mobile phone"), max_length=11, blank=True, validators=[phone_validator]
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = MemberQuerySet.as_manager()
    scope_field = "office"

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["office", "name"]
        indexes = [models.Index(fields=["office", "status"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("member_detail", args=[self.pk])

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class Enterprise(models.Model):
    """An enterprise a member runs or works for (南景饭店…). Issue 3 adds contributions."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="enterprises"
    )
    name = models.CharField(_("name"), max_length=100)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
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
