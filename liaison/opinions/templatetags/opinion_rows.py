"""{% opinion_status o %}, {% opinion_rows page %}, {% overdue_items %}, {% waiting_items %}: an
opinion's status badge, the opinion list's rows, the office home's two lists, written in Python
(see liaison.core.rows)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from liaison.core.rows import local_date, once_per, pk_url, write_rows
from liaison.opinions.models import Status

register = template.Library()

BADGES = {
    Status.CLOSED: "text-bg-success",
    Status.SOLVED_ON_SPOT: "text-bg-success",
    Status.CLOSED_UNSOLVED: "text-bg-warning",
    Status.NEW: "text-bg-primary",
}
ROW = """<tr>
    <td class="text-nowrap">{}</td>
    <td><a href="{}">{}</a><div class="small text-body-secondary">{}</div></td>
    <td>{}</td>
    <td>{}</td><td>{}
</td>
  </tr>"""  # the newline in the last cell is the one the status include wrote


@register.simple_tag
def opinion_status(o):
    badge = format_html(
        '<span class="badge {}" data-testid="opinion-status">{}</span>',
        BADGES.get(o.status, "text-bg-secondary"),
        o.get_status_display(),
    )
    if getattr(o, "is_overdue", False):
        badge += format_html(' <span class="badge text-bg-danger">{}</span>', _("Overdue"))
    return badge


@register.simple_tag
def opinion_rows(opinions, category_names=None):
    """The rows; `category_names` ({id: name}, the filter's list) spares joining each row's
    category (without it the row reads o.category)."""
    detail_url = pk_url("opinion_detail")

    def category(o):
        if category_names is None:
            return o.category or ""
        return category_names.get(o.category_id, "")

    badge = once_per(lambda o: (o.status, getattr(o, "is_overdue", False)), opinion_status)
    source = once_per(lambda o: o.source, lambda o: o.get_source_display())

    return write_rows(
        opinions,
        ROW,
        lambda o: (
            local_date(o.submitted_at),
            detail_url(o.pk),
            str(o),
            source(o),
            "、".join(m.name for m in raisers(o)),
            category(o),
            badge(o),
        ),
        format_html('<tr><td colspan="5" class="panel-empty">{}</td></tr>', _("No opinions.")),
    )


def raisers(o):
    """The opinion's raisers: the list the page prefetched (to_attr, without a related manager
    per row), else through the relation."""
    found = getattr(o, "raiser_list", None)
    return o.raisers.all() if found is None else found


# The office home's two lists (templates/opinions/panels/office.html).
OVERDUE_ITEM = (
    '<li class="py-1 border-bottom"><a href="{}">{}</a> <span class="badge text-bg-danger">{}'
    '</span> <span class="small text-body-secondary">{} · {}</span></li>'
)
WAITING_ITEM = (
    '<li class="py-1 border-bottom"><a href="{}">{}</a> '
    '<span class="small text-body-secondary">{} · {}</span></li>'
)


@register.simple_tag
def overdue_items(assignments):
    detail_url, overdue = pk_url("assignment_detail"), _("Overdue")
    return write_rows(
        assignments,
        OVERDUE_ITEM,
        lambda a: (
            detail_url(a.pk),
            str(a.opinion),
            overdue,
            str(a.department),
            local_date(a.deadline, "%m-%d"),
        ),
        "",
    )


@register.simple_tag
def waiting_items(assignments):
    detail_url = pk_url("assignment_detail")
    return write_rows(
        assignments,
        WAITING_ITEM,
        lambda a: (detail_url(a.pk), str(a.opinion), str(a.department), a.get_status_display()),
        "",
    )
