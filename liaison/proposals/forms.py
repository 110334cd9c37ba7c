from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.uploads import UploadValidator
from liaison.members.models import Member
from liaison.opinions.models import Opinion
from liaison.proposals.models import (
    ACCEPTED,
    REPORT_WARN,
    Adoption,
    Category,
    Evaluation,
    Grade,
    Instruction,
    Proposal,
    RejectionReason,
    SocialSentimentReport,
    YearlyTarget,
)
from liaison.research.models import ResearchProject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProposalForm(forms.ModelForm):
    cosigners = forms.ModelMultipleChoiceField(
        label=_("Invite co-signers"),
        required=False,
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    cosign_deadline = forms.DateTimeField(
        label=_("co-signers confirm by"), required=False, widget=DATETIME
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "category",
            "proposer_type",
            "timing",
            "situation",
            "analysis",
            "suggestions",
            "suggested_units",
            "research_project",
            "opinion",
        ]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 6}),
            "analysis": forms.Textarea(attrs={"rows": 5}),
            "suggestions": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, office, lead=None, choose_lead=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        serving = Member.objects.filter(office=office).serving()
        if choose_lead:
            self.fields["lead"] = forms.ModelChoiceField(
                label=_("lead member"), queryset=serving, initial=lead
            )
        self.fields["cosigners"].queryset = serving.exclude(pk=getattr(lead, "pk", None))
        self.fields["research_project"].queryset = ResearchProject.objects.filter(office=office)
        self.fields["opinion"].queryset = Opinion.objects.filter(office=office).order_by("-pk")
        if self.instance.pk:
            self.fields["cosigners"].initial = list(
                self.instance.cosigners.values_list("member", flat=True)
            )
            self.fields["cosign_deadline"].initial = self.instance.cosign_deadline

    def clean_cosign_deadline(self):
        deadline = self.cleaned_data.get("cosign_deadline")
        if deadline and deadline <= timezone.now() and "cosign_deadline" in self.changed_data:
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be revised"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RegisterForm(forms.Form):
    number = forms.CharField(label=_("proposal number"), max_length=30, required=False)


class RejectForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("reason for not registering"), queryset=RejectionReason.objects.none()
    )
    conversion = forms.ChoiceField(
        label=_("converted into"), choices=Proposal.Conversion.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = RejectionReason.objects.filter(is_active=True)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("merged into"), queryset=Proposal.objects.none())

    def __init__(self, *args, proposal, visible, **kwargs):
        super().__init__(*args, **kwargs)
        # The proposal itself stays in the list: the service refuses it with a clear message.
        self.fields["into"].queryset = visible.filter(
            year=proposal.year, state__in=ACCEPTED, merged_into=None
        ) | visible.filter(pk=proposal.pk)


class AssignForm(forms.Form):
    host_main = forms.CharField(label=_("main host unit (主办)"), max_length=200)
    host_assist = forms.CharField(label=_("assisting units (会办)"), max_length=200, required=False)
    deadline = forms.DateField(
        label=_("reply deadline"),
        required=False,
        widget=DATE,
        help_text=_("Three months if left empty; at most six."),
    )


class ReplyForm(forms.Form):
    unit = forms.CharField(label=_("host unit"), max_length=200, required=False)
    text = forms.CharField(label=_("reply"), widget=forms.Textarea(attrs={"rows": 4}))
    grade = forms.ChoiceField(label=_("grade"), choices=Grade.choices)
    replied_on = forms.DateField(label=_("replied on"), widget=DATE, initial=timezone.localdate)


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["consulted", "attitude", "agreement", "satisfaction", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}


class FlagsForm(forms.Form):
    is_key = forms.BooleanField(label=_("key proposal (重点提案)"), required=False)
    is_excellent = forms.BooleanField(label=_("excellent proposal (优秀提案)"), required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment"), validators=[UploadValidator(kinds={"image", "pdf", "docx", "xlsx"})]
    )


class TargetForm(forms.ModelForm):
    class Meta:
        model = YearlyTarget
        fields = ["proposals", "reports"]


# --- 社情民意 --------------------------------------------------------------------------------


class ReportForm(forms.ModelForm):
    class Meta:
        model = SocialSentimentReport
        fields = ["title", "problem", "suggestions", "submitters", "other_submitters"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 6}),
            "suggestions": forms.Textarea(attrs={"rows": 5}),
            "submitters": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitters"].queryset = Member.objects.filter(office=office).serving()
        self.fields["problem"].help_text = _(
            "One matter per report; keep problem and suggestions within %(n)d characters."
        ) % {"n": REPORT_WARN}

    @property
    def length_warning(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return len(data.get("problem", "")) + len(data.get("suggestions", "")) > REPORT_WARN


class ReportEditForm(forms.ModelForm):
    """The office's edited version, beside the original."""

    class Meta:
        model = SocialSentimentReport
        fields = ["edited_title", "edited_problem", "edited_suggestions"]
        widgets = {
            "edited_problem": forms.Textarea(attrs={"rows": 6}),
            "edited_suggestions": forms.Textarea(attrs={"rows": 5}),
        }


class AdoptionForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ["level", "mode", "date", "body"]
        widgets = {"date": DATE}


class InstructionForm(forms.ModelForm):
    class Meta:
        model = Instruction
        fields = ["leader", "level", "text", "date"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 2})}
