from django.urls import path

from liaison.orgs import views_accounts as views
from liaison.orgs import views_otp

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("otp/", views_otp.otp_settings, name="otp_settings"),
    path("otp/setup/", views_otp.otp_setup, name="otp_setup"),
    path("otp/verify/", views_otp.otp_verify, name="otp_verify"),
    path("otp/recovery-codes/", views_otp.otp_recovery_codes, name="otp_recovery_codes"),
    path("otp/remove/", views_otp.otp_remove, name="otp_remove"),
]
