"""{% proposal_rows page me category_names %}: the proposal list's rows, written in Python (see
liaison.core.rows); `me` is the member viewing their own, whose co-signed ones are marked."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from liaison.core.rows import once_per, pk_url, write_rows

register = template.Library()

ROW = """<tr>
    <td>{}</td>
    <td><a href="{}">{}</a>{}</td>
    <td>{}</td><td>{}</td><td>{}</td>
  </tr>"""


@register.simple_tag
def proposal_rows(proposals, me=None, category_names=None):
    """The rows; `category_names` ({id: name}, the filter's list) spares joining each row's
    category (without it the row reads p.category)."""
    detail_url = pk_url("proposal_detail")
    state = once_per(lambda p: p.state, lambda p: p.get_state_display())

    def category(p):
        if category_names is None:
            return p.category
        return category_names.get(p.category_id, "")

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
            category(p),
            p.lead.name,
            state(p),
        ),
        format_html('<tr><td colspan="5" class="panel-empty">{}</td></tr>', _("No proposals.")),
    )
