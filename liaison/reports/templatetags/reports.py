"""Template helpers of the reports pages."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def value_cells(values):
    """`<td class="text-end">value</td>` for each value, shown as
    `{{ value }}` shows it: a district row's thirty-odd figures
    in one step (the template's loop cost more than the rest of the page)."""
    return mark_safe("".join(f'<td class="text-end">{_shown(v)}</td>' for v in values))


def _shown(value) -> str:
    # A count is what localize() writes for it without thousands grouping, at a tenth of the
    # cost (its format lookups took a seventh of a district page's three thousand cells).
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return conditional_escape(localize(value))


@register.simple_tag
def district_rows(rows, year):
    """The district table's office rows: each office's name linking to its dashboard, then
    its figures (value_cells). In Python: a hundred offices' {% url %} and lookups cost more
    than the rest of the page."""
    dashboard = conditional_escape(reverse("reports_dashboard"))
    shown_year = _shown(year)
    return mark_safe(
        "".join(
            f'<tr><td><a href="{dashboard}?office={_shown(office.pk)}&year={shown_year}">'
            f"{conditional_escape(office.name)}</a></td>\n  {value_cells(counted)}</tr>\n  "
            for office, counted in rows
        )
    )
