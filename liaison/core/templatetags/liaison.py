from django import template
from django.utils.http import urlencode

from liaison.core.forms import widget_css

register = template.Library()


@register.simple_tag
def bootstrap_widget(field):
    attrs = {"class": widget_css(field)}
    if field.errors:
        attrs["aria-invalid"] = "true"
    existing = field.field.widget.attrs.get("class")
    if existing:
        attrs["class"] = f"{attrs['class']} {existing}"
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def is_checkbox(field):
    return field.widget_type == "checkbox"
