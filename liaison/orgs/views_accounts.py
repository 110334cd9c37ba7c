from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from liaison.core.ratelimit import rate_limit
from liaison.orgs import services
from liaison.orgs.forms import LoginForm
from liaison.orgs.passwords import is_expired


def login_limit():
    return settings.LOGIN_RATE_LIMIT


def login_window():
    return settings.LOGIN_RATE_WINDOW


# Password guesses from one address are capped on top of the per-account lockout, so spraying
# many usernames from one place is slowed too.
@method_decorator(
    rate_limit("login", limit=login_limit, window=login_window, failures_only=True),
    name="dispatch",
)
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(password_expired=is_expired(self.request.user), **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response
