from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from liaison.core.widget_html import widget_html


class BootstrapRenderer(TemplatesSetting):
    """Every form renders with Bootstrap 5 markup through templates/core/forms/."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name, context, request=None):
        # Common widgets and the field group are written in Python (liaison.core.widget_html,
        # field_html): through templates a <select> costs one include per option, and each
        # field's group ≈ 0.07 ms, half a millisecond for a filter form.
        if template_name == self.field_template_name and "field" in context:
            return field_html(context["field"])
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


def bootstrap_widget(field) -> str:
    """The field's widget with Bootstrap's classes, and aria-invalid when it has errors."""
    attrs = {"class": widget_css(field)}
    if field.errors:
        attrs["aria-invalid"] = "true"
    existing = field.field.widget.attrs.get("class")
    if existing:
        attrs["class"] = f"{attrs['class']} {existing}"
    return field.as_widget(attrs=attrs)


CHECKBOX_GROUP = """<div class="form-check mb-3">
  {}
  <label class="form-check-label" for="{}">{}</label>
  {}
  {}
</div>"""
FIELD_GROUP = """<div class="mb-3">
  <label class="form-label" for="{}">{}{}</label>
  {}
  {}
  {}
</div>"""
REQUIRED = mark_safe(' <span class="text-danger" aria-hidden="true">*</span>')


def field_html(field) -> str:
    """What templates/core/forms/field.html writes, stripped as the renderer strips it
    (tests/core/test_widget_html.py compares the two)."""
    errors = format_html_join(
        "", '<div class="invalid-feedback d-block">{}</div>', ((e,) for e in field.errors)
    )
    helps = (
        format_html('<div class="form-text">{}</div>', mark_safe(field.help_text))
        if field.help_text
        else ""
    )
    widget = bootstrap_widget(field)
    if field.widget_type == "checkbox":
        html = format_html(CHECKBOX_GROUP, widget, field.id_for_label, field.label, errors, helps)
    else:
        required = REQUIRED if field.field.required else ""
        html = format_html(
            FIELD_GROUP, field.id_for_label, field.label, required, widget, errors, helps
        )
    return mark_safe(html.strip())


class ListedChoices(ModelChoiceIterator):
    """A model select's options read in one query. Django's iterator reads them through
    QuerySet.iterator(), which on PostgreSQL is a server-side cursor: DECLARE, FETCH and
    CLOSE, four round trips for a select of 30 sectors (≈ 1 ms for a member list's two). The
    options of a select are few by nature; Django itself lists them this way when the
    queryset has prefetches. Installed for every ModelChoiceField by CoreConfig.ready."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # The rows the view has read already for another use (listed_choices), or a copy of
        # the queryset: the field's own keeps no rows.
        listed = getattr(self.field, "listed", None)
        for obj in self.queryset.all() if listed is None else listed:
            yield self.choice(obj)


def listed_choices(field, queryset) -> list:
    """Give a model select `queryset` and return its rows, read once: the select writes its
    options from them, and the page may use them too (a list's names by id) without reading
    them again. The field still validates a choice against the queryset."""
    field.queryset = queryset
    field.listed = list(field.queryset)
    return field.listed
