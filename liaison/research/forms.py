from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.members.models import Enterprise, Member
from liaison.orgs.models import Organization
from liaison.research.models import (
    Campaign,
    CampaignMaterial,
    Donation,
    FieldTrip,
    PremisesInspection,
    Recommendation,
    ReportVersion,
    ResearchMaterial,
    ResearchProject,
    TeamMember,
)

DATE = forms.DateInput(attrs={"type": "date"})


def office_members(office):
    return Member.objects.filter(office=office).serving().order_by("name_pinyin")


class OfficeForm(forms.ModelForm):
    """A form whose member choices are the office's serving members."""

    member_fields: tuple = ()
    many: tuple = ()  # many-to-many fields the service sets itself

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        for name in self.member_fields:
            self.fields[name].queryset = office_members(office)

    def values(self) -> dict:
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n not in self.many}

    def related(self) -> dict:
        return {n: self.cleaned_data[n] for n in self.many}


class ProjectForm(OfficeForm):
    member_fields = ("lead", "group")
    many = ("group",)

    class Meta:
        model = ResearchProject
        fields = [
            "topic",
            "nature",
            "decision_name",
            "decision_expected",
            "lead",
            "group",
            "plan",
            "started_on",
        ]
        widgets = {"decision_expected": DATE, "started_on": DATE}


class TripForm(OfficeForm):
    member_fields = ("participants",)
    many = ("participants",)

    class Meta:
        model = FieldTrip
        fields = ["destinations", "starts_on", "ends_on", "participants", "findings"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "findings": forms.Textarea(attrs={"rows": 2}),
        }


class MaterialForm(OfficeForm):
    class Meta:
        model = ResearchMaterial
        fields = ["title", "source", "summary", "collected_on"]
        widgets = {"collected_on": DATE, "summary": forms.Textarea(attrs={"rows": 2})}


class VersionForm(OfficeForm):
    member_fields = ("authors",)
    many = ("authors",)

    class Meta:
        model = ReportVersion
        fields = ["title", "text", "authors", "written_on"]
        widgets = {"written_on": DATE, "text": forms.Textarea(attrs={"rows": 4})}


class RecommendationForm(OfficeForm):
    class Meta:
        model = Recommendation
        fields = ["text", "body", "body_name"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, office=office, **kwargs)
        self.fields["body"].queryset = Organization.objects.filter(is_active=True).exclude(
            kind=Organization.Kind.LIAISON_OFFICE
        )


class AdoptionForm(forms.Form):
    adoption = forms.ChoiceField(label=_("Adoption"), choices=Recommendation.Adoption.choices)
    evidence = forms.CharField(
        label=_("Evidence of adoption"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answered_on = forms.DateField(label=_("Answered on"), required=False, widget=DATE)


class CampaignForm(OfficeForm):
    many = ("partners",)

    class Meta:
        model = Campaign
        fields = [
            "name",
            "starts_on",
            "ends_on",
            "partners",
            "leading_group",
            "description",
            "schools_reached",
            "kindergartens_reached",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "partners": forms.CheckboxSelectMultiple}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, office=office, **kwargs)
        self.fields["partners"].queryset = Organization.objects.filter(
            is_active=True, kind=Organization.Kind.DEPARTMENT
        ).filter(path__startswith=_district_path(office))


def _district_path(office):
    parent = office.parent
    return parent.path if parent is not None else office.path


class CampaignMaterialForm(OfficeForm):
    class Meta:
        model = CampaignMaterial
        fields = ["kind", "count"]


class TeamMemberForm(OfficeForm):
    member_fields = ("member",)

    class Meta:
        model = TeamMember
        fields = ["role", "name", "affiliation", "member", "user"]

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, office=office, **kwargs)
        from liaison.orgs.models import User

        self.fields["name"].required = False
        self.fields["user"].queryset = User.objects.filter(
            is_active=True, role_assignments__role="handler"
        ).distinct()


class InspectionForm(OfficeForm):
    many = ("inspectors",)

    class Meta:
        model = PremisesInspection
        fields = [
            "premises",
            "premises_kind",
            "address",
            "near_school",
            "date",
            "inspectors",
            "findings",
            "rectification_required",
            "rectification_deadline",
        ]
        widgets = {
            "date": DATE,
            "rectification_deadline": DATE,
            "findings": forms.Textarea(attrs={"rows": 2}),
            "inspectors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, office, campaign, **kwargs):
        super().__init__(*args, office=office, **kwargs)
        self.fields["inspectors"].queryset = campaign.team.all()


class ReinspectionForm(forms.Form):
    on = forms.DateField(label=_("Re-inspected on"), widget=DATE)
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            c
            for c in PremisesInspection.Result.choices
            if c[0] != PremisesInspection.Result.PENDING
        ],
    )


class DonationForm(OfficeForm):
    member_fields = ("member",)

    class Meta:
        model = Donation
        fields = ["member", "enterprise", "recipient", "form", "description", "value", "date"]
        widgets = {"date": DATE}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, office=office, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(
            member__office=office
        ).select_related("member")
