from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.core.concurrency import VersionedFormMixin
from liaison.core.forms import listed_choices
from liaison.members.choices import Affiliation
from liaison.members.models import (
    CareEvent,
    Committee,
    Contribution,
    Enterprise,
    Honour,
    Member,
    MemberGroup,
    Sector,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

SORTS = {
    "name": ("name_pinyin", pgettext_lazy("person", "Name")),
    "-birth_date": ("birth_date", _("Age (youngest first)")),
    "birth_date": ("-birth_date", _("Age (oldest first)")),
    "sector": ("sector__sort_order", _("Sector")),
    "group": ("group__sort_order", _("Group")),
    "-created": ("-created_at", _("Newest first")),
}


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or pinyin"), required=False, max_length=50)
    sector = forms.ModelChoiceField(
        label=_("Sector"), required=False, queryset=Sector.objects.none(), empty_label=_("Any")
    )
    group = forms.ModelChoiceField(
        label=_("Group"), required=False, queryset=MemberGroup.objects.none(), empty_label=_("Any")
    )
    affiliation = forms.ChoiceField(
        label=_("Political affiliation"),
        required=False,
        choices=[("", _("Any")), *Affiliation.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Member.Status.choices]
    )
    term = forms.IntegerField(label=_("Term"), required=False, min_value=1, max_value=99)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any")), *Member.Level.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(k, label) for k, (_f, label) in SORTS.items()]
    )

    def __init__(self, *args, sectors, groups, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: the selects' options, and the list's sector and group names.
        self.sectors = listed_choices(self.fields["sector"], sectors)
        self.groups = listed_choices(self.fields["group"], groups)

    def apply(self, members):
        """The members narrowed and sorted by the valid filters (invalid ones are ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        members = members.search(data.get("q", ""))
        for field in ["sector", "group", "affiliation", "status", "term", "level"]:
            value = data.get(field)
            if value not in (None, ""):
                members = members.filter(**{field: value})
        order = SORTS.get(data.get("sort") or "name", SORTS["name"])[0]
        return members.order_by(order, "name_pinyin", "pk")

    def active_filters(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {k: str(v) for k, v in data.items() if v not in (None, "")}


class MemberForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "affiliation",
            "sector",
            "term",
            "term_start",
            "term_end",
            "committee",
            "employer",
            "post",
            "group",
            "level",
            "phone",
            "id_number",
            "address",
            "photo",
        ]
        widgets = {"birth_date": DATE, "term_start": DATE, "term_end": DATE}

    def __init__(self, *args, office, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(district=district, is_active=True)
        self.fields["committee"].queryset = Committee.objects.filter(
            district=district, is_active=True
        )
        self.fields["group"].queryset = MemberGroup.objects.filter(office=office)

    def clean_birth_date(self):
        born = self.cleaned_data.get("birth_date")
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("The birth date cannot be in the future."))
        return born

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and photo.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The photo may be at most 2 MB."))
        return photo


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Member.Status.choices)
    date = forms.DateField(label=_("Since"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "industry", "role", "address", "building"]


def _clean_year(form):
    year = form.cleaned_data["year"]
    if not 1949 <= year <= timezone.localdate().year:
        raise forms.ValidationError(_("Enter a year between 1949 and this year."))
    return year


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["year", "tax_paid", "employees", "notes"]

    clean_year = _clean_year

    def validate_unique(self):
        pass  # saving a year that exists updates that year's row (services.save_contribution)


class HonourForm(forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["title", "granted_by", "year", "enterprise"]

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = member.enterprises.all()

    clean_year = _clean_year


class CareEventForm(forms.ModelForm):
    class Meta:
        model = CareEvent
        fields = ["kind", "event_date", "description"]
        widgets = {"event_date": DATE}


class CareVisitForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    members = forms.ModelMultipleChoiceField(
        label=_("Members who went"),
        required=False,
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    gifts = forms.CharField(label=_("What was brought"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.filter(office=office).serving()


class GroupForm(forms.ModelForm):
    class Meta:
        model = MemberGroup
        fields = ["name", "sort_order"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (xlsx or csv)"))


class DistrictListItemForm(forms.Form):
    district = forms.ModelChoiceField(label=_("District CPPCC"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=50)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=100)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        if len(districts) == 1:
            self.fields["district"].initial = districts[0]
