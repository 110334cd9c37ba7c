"""Small forms of an activity's record: agenda, leaders, materials, minutes, speeches, opinions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.activities.models import AgendaItem, Material
from liaison.members.models import Member
from liaison.orgs.models import User


def office_members(office):
    return Member.objects.filter(office=office).serving().order_by("name_pinyin")


def leader_accounts(office):
    """Accounts of reviewers in the organizations beside the office (党工委, 办事处)."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role="reviewer",
            role_assignments__organization__parent_id=office.parent_id,
        )
        .distinct()
        .order_by("display_name")
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.ON_STAGE
    )
    speaker = forms.ModelChoiceField(
        label=_("Speaker (member)"), required=False, queryset=Member.objects.none()
    )
    speaker_name = forms.CharField(label=_("Speaker (others)"), max_length=100, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = members


class LeaderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    user = forms.ModelChoiceField(
        label=_("Account (optional)"), required=False, queryset=User.objects.none()
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Material.Kind.choices, initial=Material.Kind.DOCUMENT
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the file name."),
    )
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint or a photo; at most 10 MB."),
    )


class MinutesForm(forms.Form):
    summary = forms.CharField(
        label=_("Minutes"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class SpeechForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.ON_STAGE
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class OpinionForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    text = forms.CharField(
        label=_("What was said"),
        max_length=5000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Word for word: it cannot be edited after saving."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
