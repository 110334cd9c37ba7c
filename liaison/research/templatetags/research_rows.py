"""{% rectification_items %}: the office home's overdue rectifications, written in Python (see
liaison.core.rows)."""

from django import template
from django.utils.translation import gettext as _

from liaison.core.rows import local_date, pk_url, write_rows

register = template.Library()

ITEM = (
    '<li class="py-1 border-bottom"><a href="{}#inspection-{}">{}</a> · {} · '
    '<span class="text-danger">{} {}</span></li>'
)


@register.simple_tag
def rectification_items(inspections):
    campaign_url, rectify_by = pk_url("campaign_detail"), _("rectify by")
    return write_rows(
        inspections,
        ITEM,
        lambda i: (
            campaign_url(i.campaign_id),
            i.pk,
            i.premises,
            str(i.campaign),
            rectify_by,
            local_date(i.rectification_deadline),
        ),
        "",
    )
