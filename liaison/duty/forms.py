from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.duty import scoring
from liaison.duty.kinds import all_kinds
from liaison.duty.models import DutyRule, Scoring


def year_field() -> forms.IntegerField:
    # Bounded: an unbounded number field took 32768, past what the year's column holds.
    return forms.IntegerField(label=_("effective from (year)"), min_value=2000, max_value=2100)


class RuleForm(forms.ModelForm):
    class Meta:
        model = DutyRule
        fields = ["kind", "points", "unit", "yearly_cap", "effective_from"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(k.code, f"{k.label} ({k.code})") for k in all_kinds()]
        if self.instance.kind and self.instance.kind not in dict(choices):
            choices.append((self.instance.kind, self.instance.kind))  # kept, not registered yet
        self.fields["kind"] = forms.ChoiceField(label=_("kind"), choices=choices)
        self.fields["yearly_cap"] = forms.IntegerField(
            label=_("yearly cap"),
            required=False,
            max_value=100_000,
            help_text=self.fields["yearly_cap"].help_text,
        )
        self.fields["effective_from"] = year_field()

    def clean_yearly_cap(self):
        cap = self.cleaned_data["yearly_cap"]
        if cap is not None and cap < 0:
            raise forms.ValidationError(_("A yearly cap cannot be negative."))
        return cap


class ScoringForm(forms.ModelForm):
    class Meta:
        model = Scoring
        fields = ["base_points", "excellent", "competent", "basic", "inactive_months"]


class PresetForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("scheme"), choices=[(p.code, p.label) for p in scoring.PRESETS.values()]
    )
    effective_from = year_field()
