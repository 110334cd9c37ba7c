from django import forms

from liaison.notify import kinds
from liaison.notify.models import Preference


class PreferencesForm(forms.Form):
    """One choice per registered kind: immediately, daily digest or off."""

    def __init__(self, *args, modes: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.all_kinds():
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=Preference.Mode.choices,
                initial=modes.get(kind.key, kind.default),
                widget=forms.RadioSelect,
                required=False,  # a kind left out keeps its current choice
            )
