"""get_FOO_display() by a table kept per field.

Django's Model._get_FIELD_display builds dict(make_hashable(field.flatchoices)) at every call,
and hashing a lazy label translates it: a list page of fifty rows that shows two choice fields
translated some 1,500 labels (≈ 2 ms of the overdue-assignments list). Here each field's
values map to their lazy labels once; a label is still translated when it is shown, in the
reader's language. The choices of these models are fixed lists (no callable choices).
"""

from functools import partialmethod

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def _display(self, field, labels):
    value = getattr(self, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


def install(models) -> None:
    """Give these models' choice fields the kept table (a get_FOO_display a model writes
    itself is left alone)."""
    for model in models:
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            if not field.choices or not isinstance(model.__dict__.get(name), partialmethod):
                continue
            labels = {make_hashable(value): label for value, label in field.flatchoices}
            setattr(model, name, partialmethod(_display, field=field, labels=labels))
