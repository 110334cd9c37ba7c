"""{% member_rows page %} and {% birthday_items %}: the member list's rows and the office home's
birthdays, written in Python (see liaison.core.rows)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from liaison.core.rows import local_date, pk_url, write_rows

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


@register.simple_tag
def member_rows(members):
    detail_url = pk_url("member_detail")
    return write_rows(
        members,
        ROW,
        lambda m: (
            detail_url(m.pk),
            m.name,
            m.sector or "",
            m.group or "",
            m.employer,
            m.post,
            m.phone_masked,
            m.get_status_display(),
            m.office.short_name or m.office.name,
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
