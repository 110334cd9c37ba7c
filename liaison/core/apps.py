from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "liaison.core"
    verbose_name = _("Core")

    def ready(self):
        from django.apps import apps
        from django.forms import ModelChoiceField

        from liaison.core import (
            choices,
            home,  # noqa: F401  (registers the built-in home panels)
        )
        from liaison.core.forms import ListedChoices

        choices.install(m for m in apps.get_models() if m.__module__.startswith("liaison."))
        ModelChoiceField.iterator = ListedChoices  # one query per select (see ListedChoices)
