from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.members.models import Member
from liaison.opinions.models import Category, Feedback, Opinion, Source, Status
from liaison.orgs.models import Organization, RoleAssignment, User
from liaison.research.models import ResearchProject

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _categories():
    return Category.objects.filter(is_active=True)


class OpinionForm(forms.Form):
    """Staff record an opinion gathered on a visit, at an activity, in research…"""

    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    raisers = forms.ModelMultipleChoiceField(
        label=_("Raised by"), queryset=Member.objects.none(), widget=forms.SelectMultiple
    )
    text = forms.CharField(
        label=_("Verbatim text"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("As the member said or wrote it; it cannot be changed later."),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=_categories(), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    research_project = forms.ModelChoiceField(
        label=_("Research project"),
        queryset=ResearchProject.objects.none(),
        required=False,
        help_text=_("When the opinion came out of one of the office's research projects."),
    )
    files = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, office, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories()
        if member is not None:  # a member's own submission
            del self.fields["source"], self.fields["raisers"], self.fields["research_project"]
        else:
            self.fields["raisers"].queryset = Member.objects.filter(office=office).serving()
            self.fields["research_project"].queryset = ResearchProject.objects.filter(office=office)


class NotesForm(forms.ModelForm):
    class Meta:
        model = Opinion
        fields = ["summary", "category", "place"]


TRIAGE_CHOICES = [
    (Status.SOLVED_ON_SPOT, Status.SOLVED_ON_SPOT.label),
    (Status.ESCALATED, _("Escalate to the level above")),
    (Status.REFERENCE, Status.REFERENCE.label),
    (Status.OUT_OF_SCOPE, Status.OUT_OF_SCOPE.label),
    (Status.MERGED, _("Merge into another opinion")),
]


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=TRIAGE_CHOICES)
    note = forms.CharField(
        label=_("What was done / reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    merge_into = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Opinion.objects.none(), required=False
    )
    escalated_to = forms.CharField(label=_("Escalated to"), max_length=100, required=False)
    escalated_on = forms.DateField(label=_("Escalated on"), required=False, widget=DATE)

    def __init__(self, *args, opinion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = (
            Opinion.objects.filter(office=opinion.office)
            .exclude(pk=opinion.pk)
            .exclude(status=Status.MERGED)
            .order_by("-submitted_at")[:200]
        )


def departments_for(office):
    """The street departments under the office's district."""
    district = office.parent
    departments = Organization.objects.filter(kind=Organization.Kind.DEPARTMENT, is_active=True)
    if district is not None:
        departments = departments.filter(path__startswith=district.path)
    return departments.order_by("path")


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Organization.objects.none())
    handler = forms.ModelChoiceField(
        label=_("Handler"), queryset=User.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for the category's default, counted in working days."),
    )
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        departments = departments_for(office)
        self.fields["department"].queryset = departments
        self.fields["handler"].queryset = User.objects.filter(
            pk__in=RoleAssignment.objects.filter(
                organization__in=departments, role="handler"
            ).values("user_id")
        )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    solved = forms.BooleanField(
        label=_("The department considers it solved"), required=False, initial=True
    )
    files = MultipleFileField(label=_("Attachments"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionForm(ReasonForm):
    deadline = forms.DateField(label=_("New deadline"), widget=DATE)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), required=False, widget=DATE)
    note = forms.CharField(label=_("What more is needed"), max_length=500, required=False)


class EscalationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer from above"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    solved = forms.BooleanField(label=_("Solved"), required=False)


class FeedbackForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Is it solved?"), choices=Feedback.Result.choices, widget=forms.RadioSelect
    )
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you?"),
        choices=Feedback.Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period cannot end before it starts."))
        return data


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "default_deadline_days", "sort_order", "is_active"]


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("holiday", _("Holiday (no work)")), ("workday", _("Make-up working day"))],
    )
    name = forms.CharField(label=_("Occasion"), max_length=40, required=False)
