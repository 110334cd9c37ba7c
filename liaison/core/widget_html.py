"""The HTML of Django's common form widgets, written in Python.

Django renders every widget through its templates, and a <select> through one template
include per option: a filter form with an office or sector list cost a list page ≈ 10 ms.
These functions write byte for byte what django/forms/widgets/{input,select,select_option,
textarea}.html write (tests/core/test_widget_html.py compares them over many widgets); a
value they do not know how to write as the template would (a number or date as a label)
returns None and the template renders it.
"""

from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
# Templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
SELECT, OPTION, TEXTAREA = (f"{WIDGETS}{n}.html" for n in ("select", "select_option", "textarea"))


class _Unknown(Exception):
    """A value the template would write through localization: leave it to the template."""


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else escape(text)


def _shown(value) -> str:
    """{{ value }} for a text; anything else may be localized: the template writes it."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        raise _Unknown
    return value if isinstance(value, SafeData) else escape(value)


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(
            f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        )
    return "".join(out)


def _input(widget) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def _select(widget) -> str:
    out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                raise _Unknown
            out.append(f"\n  {_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_shown(value) if value else ''}</textarea>"
    )


_WRITERS = {SELECT: _select, TEXTAREA: _textarea, **dict.fromkeys(INPUT_TEMPLATES, _input)}


def widget_html(template_name: str, context) -> str | None:
    """The widget's HTML as its template would write it (stripped, as the renderer strips
    it), or None when the template must write it."""
    writer = _WRITERS.get(template_name)
    widget = context.get("widget") if writer else None
    if widget is None or widget.get("template_name") != template_name:
        return None
    try:
        return writer(widget).strip()
    except _Unknown:
        return None
