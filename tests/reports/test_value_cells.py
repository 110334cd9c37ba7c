"""value_cells writes each value as {{ value }} does, counts by their fast path included."""

import datetime
from decimal import Decimal

from django.template import engines
from django.test import override_settings
from django.utils import translation

from liaison.reports.templatetags.reports import value_cells

LOOP = '{% for v in values %}<td class="text-end">{{ v }}</td>{% endfor %}'
VALUES = [
    0,
    7,
    -3,
    12345678,
    True,
    None,
    2.5,
    Decimal("1234.50"),
    "<b>甲</b>",
    datetime.date(2026, 1, 2),
]


def test_value_cells_write_what_the_template_wrote():
    loop = engines["django"].from_string(LOOP)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert value_cells(VALUES) == loop.render({"values": VALUES}), language
    with override_settings(USE_THOUSAND_SEPARATOR=True), translation.override("en"):
        assert value_cells(VALUES) == loop.render({"values": VALUES})
        assert "12,345,678" in value_cells(VALUES)


def test_district_rows_write_what_the_template_loop_wrote(world):
    from liaison.orgs.models import Organization
    from liaison.reports.templatetags.reports import district_rows

    loop = engines["django"].from_string(
        '{% load reports %}{% for office, counted in rows %}<tr><td><a href="{% url '
        "'reports_dashboard' %}?office={{ office.pk }}&year={{ year }}\">{{ office.name }}</a>"
        "</td>\n  {{ counted|value_cells }}</tr>\n  {% endfor %}"
    )
    Organization.objects.filter(pk=world.office.pk).update(name='燕山<街道> & "联络处"')
    world.office.refresh_from_db()
    rows = [(world.office, [3, 0, 2.5]), (world.other_office, [12345, -1, None])]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert district_rows(rows, 2026) == loop.render({"rows": rows, "year": 2026})
    with override_settings(USE_THOUSAND_SEPARATOR=True), translation.override("en"):
        assert district_rows(rows, 2026) == loop.render({"rows": rows, "year": 2026})
