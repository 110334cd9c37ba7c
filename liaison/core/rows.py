"""What the table rows written in Python share.

The long tables (a member's acts, the ranking, the list pages' 50 rows) write their rows in
Python: through the template engine each row cost 0.05–0.1 ms of lookups, filters and
reversed URLs, the larger part of such a page. Each writer is tested against the template
loop it replaced, so the HTML stays the template's.
"""

import html
import re

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

_SENTINEL = 987654321987654321


def pk_url(url_name: str, *, escape: bool = False):
    """pk → reverse(url_name, args=[pk]), reversed once: each row's id goes in its place.
    `escape`: the URL as HTML writes it (escaped once here, since an id adds nothing to
    escape)."""
    head, tail = reverse(url_name, args=[_SENTINEL]).split(str(_SENTINEL))
    if escape:
        head, tail = html.escape(head), html.escape(tail)
    return lambda pk: f"{head}{pk}{tail}"


# What html.escape replaces: a text without any of these is written as it is (most names and
# titles are), without five replace() passes over it.
_SPECIAL = re.compile("[&<>\"']")


def escape_text(text: str) -> str:
    """html.escape(text), the same text, at a search's cost where there is nothing to escape."""
    return html.escape(text) if _SPECIAL.search(text) else text


def local_date(moment, shown: str = "%Y-%m-%d") -> str:
    """{{ moment|date:"Y-m-d" }} (or another format, in strftime's words): a datetime in the
    local time zone, a date as it is."""
    if moment is None:
        return ""
    if hasattr(moment, "tzinfo") and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime(shown)


def once_per(key, compute):
    """item → compute(item), computed once per key(item) for the table: a page shows a few
    statuses and badges fifty times, and each label is a translation lookup."""
    found = {}

    def value(item):
        k = key(item)
        if k not in found:
            found[k] = compute(item)
        return found[k]

    return value


def escaped(value) -> str:
    """conditional_escape(value) as text: HTML as it is, anything else escaped as Django's
    escape() does (the standard library's), without its lazy and safe-string wrapping."""
    written = getattr(value, "__html__", None)
    return written() if written is not None else escape_text(str(value))


def write_rows(items, row: str, values, empty: str, *, before: str = "") -> str:
    """The rows of a table: `row` (format_html's template) filled with values(item) for each
    item, or the `empty` row (already HTML) when there are none; `before` (already HTML)
    goes first, as the template's whitespace before its loop did. What format_html_join
    writes, at a third of its cost: it wraps each of a page's few hundred values."""
    items = list(items)
    if not items:
        return mark_safe(before + empty)
    fill = row.format
    # every value is escaped or already HTML
    return mark_safe(before + "".join(fill(*map(escaped, values(item))) for item in items))
