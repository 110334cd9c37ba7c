"""{% member_rows page %}: the member list's rows, written in Python (see liaison.core.rows)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from liaison.core.rows import pk_url

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
    members = list(members)
    if not members:
        return format_html(
            '\n  <tr><td colspan="7" class="panel-empty">{}</td></tr>', _("No members found.")
        )
    detail_url = pk_url("member_detail")
    return mark_safe("\n  ") + format_html_join(
        "",
        ROW,
        (
            (
                detail_url(m.pk),
                m.name,
                m.sector or "",
                m.group or "",
                m.employer,
                m.post,
                m.phone_masked,
                m.get_status_display(),
                m.office.short_name or m.office.name,
            )
            for m in members
        ),
    )
