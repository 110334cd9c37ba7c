from django import forms
from django.forms.renderers import TemplatesSetting

from liaison.core.widget_html import widget_html


class BootstrapRenderer(TemplatesSetting):
    """Every form renders with Bootstrap 5 markup through templates/core/forms/."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name, context, request=None):
        # Common widgets are written in Python (liaison.core.widget_html): through templates
        # a <select> costs one include per option.
        html = widget_html(template_name, context)
        return html if html is not None else super().render(template_name, context, request)


def widget_css(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    return f"{css} is-invalid" if field.errors else css
