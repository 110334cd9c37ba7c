from django import forms
from django.forms.models import ModelChoiceIterator
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


class ListedChoices(ModelChoiceIterator):
    """A model select's options read in one query. Django's iterator reads them through
    QuerySet.iterator(), which on PostgreSQL is a server-side cursor: DECLARE, FETCH and
    CLOSE, four round trips for a select of 30 sectors (≈ 1.5 ms on a member list). The
    options of a select are few by nature; Django itself lists them this way when the
    queryset has prefetches. Installed for every ModelChoiceField by CoreConfig.ready."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():  # a copy: the field's own queryset keeps no rows
            yield self.choice(obj)
