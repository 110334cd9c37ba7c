"""{% proposal_rows page me %}: the proposal list's rows, written in Python (see
liaison.core.rows); `me` is the member viewing their own, whose co-signed ones are marked."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from liaison.core.rows import pk_url, write_rows

register = template.Library()

ROW = """<tr>
    <td>{}</td>
    <td><a href="{}">{}</a>{}</td>
    <td>{}</td><td>{}</td><td>{}</td>
  </tr>"""


@register.simple_tag
def proposal_rows(proposals, me=None):
    detail_url = pk_url("proposal_detail")
    key = format_html(' <span class="badge text-bg-warning">{}</span>', _("Key"))
    excellent = format_html(' <span class="badge text-bg-success">{}</span>', _("Excellent"))
    cosigned = format_html(' <span class="badge text-bg-light">{}</span>', _("Co-signed"))

    def marks(p):  # badges written above, so already safe
        return mark_safe(
            (key if p.is_key else "")
            + (excellent if p.is_excellent else "")
            + (cosigned if me and p.lead_id != me.pk else "")
        )

    return write_rows(
        proposals,
        ROW,
        lambda p: (
            p.year,
            detail_url(p.pk),
            p.title,
            marks(p),
            p.category,
            p.lead.name,
            p.get_state_display(),
        ),
        format_html('<tr><td colspan="5" class="panel-empty">{}</td></tr>', _("No proposals.")),
    )
