"""get_FOO_display() from the kept tables (liaison.core.choices) says what Django's does, for
every choice field of every model, in each language, and for a value outside the choices."""

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.utils import translation

LIAISON_MODELS = [m for m in apps.get_models() if m.__module__.startswith("liaison.")]


def _choice_fields():
    for model in LIAISON_MODELS:
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_choice_field_reads_the_kept_table():
    fields = list(_choice_fields())
    assert len(fields) > 30
    for model, field in fields:
        display = model.__dict__[f"get_{field.name}_display"]
        assert isinstance(display, partialmethod) and "labels" in display.keywords, field


def test_the_kept_table_says_what_django_says_in_every_language():
    for language in ("zh-hans", "zh-hant", "en"):
        with translation.override(language):
            for model, field in _choice_fields():
                for value, _label in [*field.flatchoices, ("not-a-choice", None)]:
                    row = model(**{field.attname: value})
                    ours = getattr(row, f"get_{field.name}_display")()
                    assert ours == models.Model._get_FIELD_display(row, field), (field, value)
