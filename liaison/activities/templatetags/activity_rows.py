"""{% activity_rows page %}: the activity list's rows, written in Python (see
liaison.core.rows)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from liaison.core.rows import local_date, pk_url, write_rows

register = template.Library()

ROW = """<tr>
    <td class="text-nowrap">{}</td>
    <td><a href="{}">{}</a>{}</td>
    <td>{}</td><td>{}</td><td class="text-end">{} / {}</td>
  </tr>"""


@register.simple_tag
def activity_rows(activities):
    detail_url = pk_url("activity_detail")
    major = format_html(' <span class="badge text-bg-warning">{}</span>', _("Major"))
    return write_rows(
        activities,
        ROW,
        lambda a: (
            local_date(a.starts_at, "%Y-%m-%d %H:%M"),
            detail_url(a.pk),
            a.title,
            major if a.is_major else "",
            a.type,
            a.get_status_display(),
            a.present,
            a.invited,
        ),
        format_html('<tr><td colspan="5" class="panel-empty">{}</td></tr>', _("No activities.")),
    )
