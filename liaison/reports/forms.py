from django import forms

from liaison.reports.models import AnnualSummary


class SummaryForm(forms.ModelForm):
    class Meta:
        model = AnnualSummary
        fields = ["title", "initiative", "services", "priorities", "awareness", "conclusion"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ["initiative", "services", "priorities", "awareness", "conclusion"]
        }
