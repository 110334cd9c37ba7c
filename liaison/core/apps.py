from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "liaison.core"
    verbose_name = _("Core")

    def ready(self):
        from liaison.core import home  # noqa: F401  (registers the built-in home panels)
