"""Forms of visits to members (走访)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.activities.models import Activity
from liaison.members.models import Member
from liaison.orgs.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def office_staff(office):
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__organization=office,
            role_assignments__role__in=["office_director", "office_staff"],
        )
        .distinct()
        .order_by("display_name")
    )


class VisitForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member visited"), queryset=Member.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE)
    staff = forms.ModelMultipleChoiceField(
        label=_("Staff who went"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    visitors = forms.ModelMultipleChoiceField(
        label=_("Members who went"), required=False, queryset=Member.objects.none()
    )
    discussed = forms.CharField(
        label=_("What was discussed"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opinions = forms.CharField(
        label=_("Opinions collected"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Word for word, as the member said them."),
    )
    care_notes = forms.CharField(label=_("Care notes"), max_length=500, required=False)
    activity = forms.ModelChoiceField(
        label=_("During the activity"), required=False, queryset=Activity.objects.none()
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(office=office).serving().order_by("name_pinyin")
        self.fields["member"].queryset = members
        self.fields["visitors"].queryset = members
        self.fields["staff"].queryset = office_staff(office)
        year = timezone.localdate().year
        self.fields["activity"].queryset = Activity.objects.filter(
            office=office, starts_at__year__gte=year - 1
        ).order_by("-starts_at")

    def clean(self):
        data = super().clean()
        member, visitors = data.get("member"), data.get("visitors") or []
        if member is not None and member in visitors:
            self.add_error("visitors", _("The member visited cannot also be a visitor."))
        return data


class VisitFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    member = forms.ModelChoiceField(label=_("Member"), required=False, queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
