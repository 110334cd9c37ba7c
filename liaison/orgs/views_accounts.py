from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from liaison.orgs import services
from liaison.orgs.forms import LoginForm
from liaison.orgs.passwords import is_expired


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
