from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.core.exports import ListExporter


class MemberExporter(ListExporter):
    name = "members"
    title = _("Members")

    def __init__(self, members, *, full_personal_data: bool, filters: dict, organization=None):
        self.members = members
        self.full = full_personal_data
        self._filters = filters
        self.organization = organization

    def headers(self):
        return [
            pgettext_lazy("person", "Name"),
            _("Gender"),
            _("Ethnicity"),
            _("Birth date"),
            _("Political affiliation"),
            _("Sector"),
            _("Term"),
            _("Special committee"),
            _("Employer"),
            _("Post"),
            _("Group"),
            _("Level"),
            _("Status"),
            _("Mobile phone"),
            _("ID number"),
            _("Address"),
            _("Office"),
        ]

    def rows(self):
        members = self.members.select_related("sector", "committee", "group", "office")
        for m in members.iterator(chunk_size=2000):
            yield [
                m.name,
                m.get_gender_display(),
                m.ethnicity,
                m.birth_date,
                m.get_affiliation_display(),
                m.sector,
                m.term,
                m.committee,
                m.employer,
                m.post,
                m.group,
                m.get_level_display(),
                m.get_status_display(),
                m.phone if self.full else m.phone_masked,
                m.id_number if self.full else m.id_number_masked,
                m.address if self.full else m.address_masked,
                m.office.name,
            ]

    def filters(self):
        return {**self._filters, "personal_data": "full" if self.full else "masked"}
