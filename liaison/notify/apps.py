from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "liaison.notify"
    verbose_name = _("Notifications")

    def ready(self):
        from liaison.notify.kinds import Kind, register_kind

        register_kind(Kind("welcome", _("Welcome and account messages"), order=10))
