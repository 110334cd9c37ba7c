"""{% member_rows page labels %} and {% birthday_items %}: the member list's rows and the office
home's birthdays, written in Python (see liaison.core.rows)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from liaison.core.rows import local_date, once_per, pk_url, write_rows

register = template.Library()

ROW = """
  <tr>
    <td><a href="{}">{}</a></td>
    <td>{}</td>
    <td>{}</td>
    <td>{} {}</td>
    <td class="text-nowrap">{}</td>
    <td>{}</td>
    <td class="d-none d-lg-table-cell">{}</td>
  </tr>
  """


class RowLabels:
    """The names a page of members shows by id (sector, group, office), from the rows the page
    read anyway (the filter's selects, the user's offices): joining the three to the page's
    fifty members and building their objects cost more than the rest of the query. An id
    found in none of them (a member's sector of another district) is read in one query."""

    def __init__(self, members, *, sectors=(), groups=(), offices=()):
        self.sector = {s.pk: s.name for s in sectors}
        self.group = {g.pk: g.name for g in groups}
        self.office = {o.pk: _name(o) for o in offices}
        self._read_missing(list(members))

    def _read_missing(self, members) -> None:
        from liaison.members.models import MemberGroup, Sector
        from liaison.orgs.models import Organization

        for names, model, attname in (
            (self.sector, Sector, "sector_id"),
            (self.group, MemberGroup, "group_id"),
            (self.office, Organization, "office_id"),
        ):
            missing = {getattr(m, attname) for m in members} - set(names) - {None}
            for row in model.objects.filter(pk__in=missing) if missing else ():
                names[row.pk] = _name(row)


def _name(row) -> str:
    """A sector's or group's name; an office's short name, else its name."""
    return getattr(row, "short_name", "") or row.name


@register.simple_tag
def member_rows(members, labels: RowLabels):
    detail_url = pk_url("member_detail")
    status = once_per(lambda m: m.status, lambda m: m.get_status_display())

    return write_rows(
        members,
        ROW,
        lambda m: (
            detail_url(m.pk),
            m.name,
            labels.sector.get(m.sector_id, ""),
            labels.group.get(m.group_id, ""),
            m.employer,
            m.post,
            m.phone_masked,
            status(m),
            labels.office[m.office_id],
        ),
        format_html('<tr><td colspan="7" class="panel-empty">{}</td></tr>', _("No members found.")),
        before="\n  ",
    )


BIRTHDAY_ITEM = (
    '<li class="py-1 border-bottom"><a href="{}">{}</a> '
    '<span class="small text-body-secondary">{}</span></li>'
)


@register.simple_tag
def birthday_items(members):
    detail_url = pk_url("member_detail")
    return write_rows(
        members,
        BIRTHDAY_ITEM,
        lambda m: (detail_url(m.pk), m.name, local_date(m.birth_date, "%m-%d")),
        "",
    )
