"""write_rows writes what format_html_join writes, value for value."""

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from liaison.core.rows import escaped, write_rows


class Marked:
    def __html__(self):
        return "<i>已标记</i>"

    def __str__(self):
        return "<unused>"


VALUES = [
    "康<希> & \"甲\" '乙'",
    mark_safe("<b>安全</b>"),
    format_html("<span>{}</span>", "<x>"),
    gettext_lazy("Overdue"),
    0,
    -3,
    None,
    2.5,
    Marked(),
]


def test_escaped_is_conditional_escape_as_text():
    for value in VALUES:
        assert escaped(value) == str(conditional_escape(value)), repr(value)


def test_write_rows_writes_what_format_html_join_wrote():
    row = "<tr>" + "<td>{}</td>" * len(VALUES) + "</tr>"
    items = [VALUES, list(reversed(VALUES))]
    written = write_rows(items, row, list, "<tr><td>—</td></tr>", before="\n  ")
    assert written == "\n  " + format_html_join("", row, items)
    assert hasattr(written, "__html__")
    assert write_rows([], row, list, "<tr><td>—</td></tr>") == "<tr><td>—</td></tr>"


def test_once_per_computes_once_for_each_key():
    from liaison.core.rows import once_per

    calls = []
    label = once_per(lambda n: n % 2, lambda n: calls.append(n) or f"奇偶{n % 2}")
    assert [label(n) for n in (1, 2, 3, 4)] == ["奇偶1", "奇偶0", "奇偶1", "奇偶0"]
    assert calls == [1, 2]
