"""Optimistic concurrency: two people editing the same record do not overwrite each other.

An edit form carries a hidden token of the values its fields had when the form was shown
(VersionedFormMixin). The service checks it, under a row lock inside its transaction, before it
writes (`Version.verify`, called by save_with_audit(expected_version=...)): if someone saved a
change to one of those fields in between, the save is refused and the form shows again with
the other person's change named; saving once more then overwrites knowingly.
"""

import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from liaison.core.errors import Refusal

CHANGED_MEANWHILE = "changed_meanwhile"


def version_token(obj, fields) -> str:
    from liaison.orgs.audit import snapshot

    values = snapshot(obj, fields=list(fields))
    encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Version:
    """What the editor saw: a token of `fields` of the record."""

    fields: tuple
    token: str

    def verify(self, obj) -> None:
        """Lock the record's row and refuse when the fields changed since the token."""
        current = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        if version_token(current, self.fields) == self.token:
            return
        # `obj` holds the editor's submission: name the fields where the saved value differs.
        labels = [
            str(type(obj)._meta.get_field(name).verbose_name)
            for name in self.fields
            if _value(current, name) != _value(obj, name)
        ]
        message = _(
            "Someone else saved a change to this record after you opened it; your changes were "
            "not saved. Check the current values, then save again to overwrite them."
        )
        if labels:
            message += " " + _("Saved values that differ from yours: %(fields)s.") % {
                "fields": "、".join(labels)
            }
        raise Refusal(CHANGED_MEANWHILE, message)


def _value(obj, name):
    field = type(obj)._meta.get_field(name)
    return field.value_from_object(obj)


class VersionedFormMixin:
    """For ModelForms that edit an existing record: adds the hidden `version` field.

    Pass `form.expected_version` to the service; on a Refusal call `form.refuse(refusal)`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            stored = type(self.instance)._base_manager.get(pk=self.instance.pk)
            self.fields["version"].initial = version_token(stored, self.versioned_fields())

    def versioned_fields(self) -> tuple:
        return tuple(self._meta.fields)

    @property
    def expected_version(self) -> Version | None:
        token = self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else ""
        if not self.instance.pk or not token:
            return None  # a new record, or a client that never saw the form
        return Version(self.versioned_fields(), token)

    def refuse(self, refusal: Refusal) -> None:
        self.add_error(None, refusal.message)
        if refusal.code == CHANGED_MEANWHILE:
            # The form shows again with the current token: saving again is a knowing overwrite.
            stored = type(self.instance)._base_manager.get(pk=self.instance.pk)
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = version_token(stored, self.versioned_fields())
