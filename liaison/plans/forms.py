from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.activities.models import Activity, ActivityType
from liaison.duty.kinds import all_kinds
from liaison.plans.access import review_candidates
from liaison.plans.models import InstructionRequest, PlanItem, WorkPlan, WorkReport


class ReviewedForm(forms.ModelForm):
    """The office's text plus the bodies it goes to (党工委, 办事处 beside the office)."""

    bodies = forms.ModelMultipleChoiceField(
        label=_("Submitted to"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose the Party working committee or the sub-district office.")
        },
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = review_candidates(office)
        if self.instance.pk:
            self.fields["bodies"].initial = list(self.instance.review_bodies.all())
        else:
            self.fields["bodies"].initial = list(review_candidates(office)[:1])

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PlanForm(ReviewedForm):
    class Meta:
        model = WorkPlan
        fields = ["year", "title", "introduction"]


class PlanItemForm(forms.ModelForm):
    duty_kind = forms.ChoiceField(label=_("Fulfilled by duty records of kind"), required=False)

    class Meta:
        model = PlanItem
        fields = [
            "order",
            "title",
            "category",
            "target_count",
            "target_quarter",
            "target_month",
            "responsible",
            "activity_type",
            "duty_kind",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = ActivityType.objects.filter(is_active=True)
        self.fields["duty_kind"].choices = [("", "---------")] + [
            (k.code, k.label) for k in sorted(all_kinds(), key=lambda k: k.code)
        ]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProgressForm(forms.Form):
    manual_done = forms.IntegerField(label=_("Done (counted by hand)"), min_value=0, max_value=999)
    notes = forms.CharField(
        label=_("Progress notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Instruction or remarks"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IncorporateForm(forms.Form):
    on = forms.DateField(label=_("Incorporated on"), widget=forms.DateInput(attrs={"type": "date"}))


class RequestForm(ReviewedForm):
    class Meta:
        model = InstructionRequest
        fields = ["title", "content", "proposed_date", "activity", "matter"]
        widgets = {"proposed_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, office=office, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(office=office, is_major=True)


class ReportForm(ReviewedForm):
    class Meta:
        model = WorkReport
        fields = ["kind", "title", "period_start", "period_end", "body"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }


class ReportStartForm(forms.Form):
    """Choose the period; the draft is then written from the period's figures."""

    kind = forms.ChoiceField(label=_("Kind"), choices=WorkReport.Kind.choices)
    period_start = forms.DateField(
        label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("period_start")
            and data.get("period_end")
            and data["period_end"] < data["period_start"]
        ):
            raise forms.ValidationError(_("The period cannot end before it starts."))
        return data
