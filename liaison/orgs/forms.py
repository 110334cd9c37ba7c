from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from liaison.core.concurrency import VersionedFormMixin
from liaison.orgs import services
from liaison.orgs.audit import log_action
from liaison.orgs.models import Organization, Role, User


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("The username or password is incorrect."),
        "inactive": _("This account has been disabled."),
    }

    def clean(self):
        login = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not login or not password:
            return self.cleaned_data
        user = services.find_login_user(login)
        if user is not None and user.is_locked():
            raise self._locked_error(user)
        self.user_cache = authenticate(self.request, username=login, password=password)
        if self.user_cache is None:
            if user is None:
                log_action(None, "login_failed", None, {"username": login[:150]})
            else:
                services.login_failed(user)
                if user.is_locked():
                    raise self._locked_error(user)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        services.login_succeeded(self.user_cache)
        return self.cleaned_data

    def _locked_error(self, user):
        minutes = max(1, int((user.locked_until - timezone.now()).total_seconds() // 60) + 1)
        return forms.ValidationError(
            ngettext(
                "Too many wrong passwords: this account is locked. Try again in %(n)d minute.",
                "Too many wrong passwords: this account is locked. Try again in %(n)d minutes.",
                minutes,
            )
            % {"n": minutes},
            code="locked",
        )


class OrganizationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "kind", "parent", "sort_order", "is_active"]

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents


class TemporaryPasswordForm(forms.Form):
    """A password an administrator sets; the person must change it at first login."""

    password = forms.CharField(
        label=_("Temporary password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        min_length=10,
        max_length=128,
        help_text=_("The person must change it at first login."),
    )

    def __init__(self, *args, account=None, **kwargs):
        self.account = account
        super().__init__(*args, **kwargs)

    def password_owner(self):
        return self.account

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.password_owner())
        return password


class UserCreateForm(TemporaryPasswordForm, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "display_name", "phone", "email"]

    def password_owner(self):
        # The account does not exist yet: check against the username typed above.
        return User(username=self.cleaned_data.get("username", ""))


class UserEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "phone", "email", "is_active"]


class RoleAssignmentForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class PasswordResetByAdminForm(TemporaryPasswordForm):
    pass
