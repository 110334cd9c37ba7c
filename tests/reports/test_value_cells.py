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
