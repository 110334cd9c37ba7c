from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.activities.models import Activity, ActivityType
from liaison.core.concurrency import VersionedFormMixin
from liaison.members.models import Member, MemberGroup, Sector

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "type",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "mandatory",
            "signup_deadline",
            "capacity",
            "is_major",
            "description",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "signup_deadline": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = ActivityType.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The activity cannot end before it starts."))
        deadline = data.get("signup_deadline")
        if deadline and starts and deadline > starts:
            self.add_error("signup_deadline", _("The sign-up deadline must be before the start."))
        return data


class InviteForm(forms.Form):
    everyone = forms.BooleanField(label=_("All serving members of the office"), required=False)
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        required=False,
        queryset=MemberGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), required=False, queryset=Sector.objects.none()
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members one by one"), required=False, queryset=Member.objects.none()
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        serving = Member.objects.filter(office=office).serving()
        self.serving = serving
        self.fields["groups"].queryset = MemberGroup.objects.filter(office=office)
        self.fields["sectors"].queryset = Sector.objects.filter(
            pk__in=serving.exclude(sector=None).values("sector")
        )
        self.fields["members"].queryset = serving

    def chosen(self):
        data = self.cleaned_data
        if data["everyone"]:
            return list(self.serving)
        picked = self.serving.none()
        if data["groups"]:
            picked |= self.serving.filter(group__in=data["groups"])
        if data["sectors"]:
            picked |= self.serving.filter(sector__in=data["sectors"])
        if data["members"]:
            picked |= self.serving.filter(pk__in=[m.pk for m in data["members"]])
        return list(picked.distinct())


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class ManualCheckInForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(office=office).serving()
