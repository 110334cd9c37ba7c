import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info

from liaison.core.forms import bootstrap_widget

register = template.Library()


register.simple_tag(bootstrap_widget, name="bootstrap_widget")


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and sorting).
    From a plain dict of the lists: QueryDict.copy() deep-copies, and a table's sort headers
    ask thirty times."""
    params = dict(context["request"].GET.lists())
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = [value]
    return "?" + urlencode(sorted(params.items()), doseq=True) if params else "?"


@register.filter
def is_checkbox(field):
    return field.widget_type == "checkbox"


# Written navigations by (entries, current page, language, URLconf, prefix): a user's entries follow
# from their roles, so a deployment has a few hundred of them at most.
_NAV_HTML: dict = {}
NAV_KEPT = 2000


@register.simple_tag(takes_context=True)
def nav_links(context):
    """The main navigation's entries, written here rather than by a template loop (ten entries
    of a loop with a reversed URL and three lookups each cost ≈ 0.8 ms), and kept once
    written: reversing and escaping them still cost every page ≈ 0.4 ms."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    items = tuple(context.get("nav_items", ()))
    key = (
        tuple(item.key for item in items),
        current,
        get_language(),
        get_urlconf(),
        get_script_prefix(),
    )
    html = _NAV_HTML.get(key)
    if html is None:
        if len(_NAV_HTML) >= NAV_KEPT:
            _NAV_HTML.clear()
        html = _NAV_HTML[key] = format_html_join(
            "\n        ",
            '<li class="nav-item"><a class="nav-link{}" href="{}">'
            '<i class="bi bi-{}" aria-hidden="true"></i> {}</a></li>',
            (
                (
                    " active" if item.url_name == current else "",
                    reverse(item.url_name),
                    item.icon,
                    item.label,
                )
                for item in items
            ),
        )
    return html


@register.simple_tag
@functools.cache
def language_buttons(current):
    """The footer's language switcher buttons (a tag for the same reason as nav_links; the
    same for every page in a language, so written once)."""
    return format_html_join(
        "\n    ",
        '<button type="submit" name="language" value="{0}" class="btn btn-sm {1}" lang="{0}" '
        'data-testid="lang-{0}">{2}</button>',
        (
            (
                code,
                "btn-secondary" if code == current else "btn-outline-secondary",
                get_language_info(code)["name_local"],
            )
            for code, _name in settings.LANGUAGES
        ),
    )
