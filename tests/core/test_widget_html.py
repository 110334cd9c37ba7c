"""The widgets written in Python (liaison.core.widget_html) write what Django's templates do."""

import datetime
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.template.loader import get_template
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from liaison.core.forms import BootstrapRenderer
from liaison.core.widget_html import INPUT_TEMPLATES, OPTION, SELECT, TEXTAREA, widget_html
from liaison.members.forms import MemberFilterForm

CHOICES = [
    ("", "---------"),
    ("a", "甲 & <乙>"),
    (3, gettext_lazy("Office")),
    ("Group", [("g1", "一"), ("g2", mark_safe("<b>二</b>"))]),
    ('q"', "quote \" '"),
]


def both(widget, name, value, attrs=None):
    fast = widget.render(name, value, attrs, renderer=BootstrapRenderer())
    slow = widget.render(name, value, attrs, renderer=TemplatesSetting())
    return fast, slow


CASES = [
    (forms.TextInput(), "q", "x<y\"&'", {"id": "id_q", "class": "form-control"}),
    (forms.TextInput(), "q", None, {"required": True, "disabled": False, "maxlength": 50}),
    (forms.TextInput(), "q", mark_safe("<i>safe</i>"), None),
    (forms.NumberInput(), "n", 12, {"min": 0, "step": "any"}),
    (forms.EmailInput(), "e", "a@b.cn", None),
    (forms.URLInput(), "u", "https://x.cn/?a=1&b=2", None),
    (forms.PasswordInput(render_value=True), "p", "secret", None),
    (forms.HiddenInput(), "h", ("a", 1), None),
    (forms.DateInput(), "d", datetime.date(2026, 12, 2), {"type": "date"}),
    (forms.DateTimeInput(), "dt", datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC), None),
    (forms.TimeInput(), "t", datetime.time(9, 30), None),
    (forms.CheckboxInput(), "c", True, {"class": "form-check-input"}),
    (forms.CheckboxInput(), "c", False, None),
    (forms.Textarea(), "body", "第一行\n<script>", {"rows": 3}),
    (forms.Textarea(), "body", "", None),
    (forms.Textarea(), "body", None, None),
    (forms.Select(choices=CHOICES), "s", "a", {"class": "form-select"}),
    (forms.Select(choices=CHOICES), "s", "g2", None),
    (forms.Select(choices=CHOICES), "s", None, {"hx-get": "/x/", "autofocus": True}),
    (forms.Select(choices=[]), "s", None, None),
    (forms.SelectMultiple(choices=CHOICES), "m", ["a", 3], None),
    (forms.NullBooleanSelect(), "b", True, None),
    (forms.Select(choices=[(2026, 2026), (2025, 2025)]), "y", 2026, None),  # int labels
    (forms.Select(choices=[(1, datetime.date(2026, 1, 1))]), "y", 1, None),
]


@pytest.mark.parametrize(("widget", "name", "value", "attrs"), CASES)
def test_python_widgets_write_what_the_templates_write(widget, name, value, attrs):
    fast, slow = both(widget, name, value, attrs)
    assert fast == slow
    written = widget_html(widget.template_name, widget.get_context(name, value, attrs))
    labels = [
        o["label"]
        for _g, group, _i in widget.get_context(name, value, attrs)["widget"].get("optgroups", [])
        for o in group
    ]
    # Only labels the template would localize (numbers, dates) are left to it.
    assert (written is None) == any(not isinstance(label, str | Promise) for label in labels)


class TemplatesOnly(BootstrapRenderer):
    """The project's renderer with every widget through its template."""

    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request)


@pytest.mark.django_db
def test_a_real_filter_form_renders_the_same(world):
    from liaison.members.models import MemberGroup, Sector

    Sector.objects.create(district=world.district, name="经济界 <1>")
    MemberGroup.objects.create(office=world.office, name="第一组")
    forms_ = [
        MemberFilterForm(
            data,
            sectors=Sector.objects.all(),
            groups=MemberGroup.objects.all(),
            renderer=renderer,
        )
        for data in ({"q": "张", "status": "serving", "term": "x"}, {})
        for renderer in (BootstrapRenderer(), TemplatesOnly())
    ]
    for fast, slow in (forms_[0:2], forms_[2:4]):
        fast.is_valid(), slow.is_valid()
        html = fast.render()
        assert html.count("<select") == 6
        assert html == slow.render()


def test_the_templates_it_replaces_are_djangos_own():
    """A project override of one of them would be skipped by the Python writer."""
    for name in (*INPUT_TEMPLATES, SELECT, OPTION, TEXTAREA):
        origin = get_template(name).origin.name
        assert "/django/forms/templates/" in origin, origin
    for name in INPUT_TEMPLATES - {"django/forms/widgets/input.html"}:
        source = Path(get_template(name).origin.name).read_text(encoding="utf-8").strip()
        assert source == '{% include "django/forms/widgets/input.html" %}', name


@pytest.mark.django_db
def test_model_selects_list_their_options_in_one_query(world, django_assert_num_queries):
    """ListedChoices gives the options Django's own iterator gives, without the server-side
    cursor (QuerySet.iterator) that cost PostgreSQL four round trips per select."""
    from unittest import mock

    from django.db import connection
    from django.forms.models import ModelChoiceIterator

    from liaison.core.forms import ListedChoices
    from liaison.members.models import Sector

    Sector.objects.create(district=world.office.parent, name="测试界 & <甲>")
    Sector.objects.create(district=world.office.parent, name="测试界乙")
    field = forms.ModelChoiceField(queryset=Sector.objects.all(), empty_label="全部")
    multiple = forms.ModelMultipleChoiceField(queryset=Sector.objects.all())
    assert isinstance(field.iterator(field), ListedChoices)
    listed = [list(f.choices) for f in (field, multiple)]
    for f in (field, multiple):
        f.iterator = ModelChoiceIterator
    assert [list(f.choices) for f in (field, multiple)] == listed
    assert listed[0][0] == ("", "全部") and len(listed[0]) == 1 + Sector.objects.count()
    with (
        mock.patch.object(connection, "chunked_cursor", side_effect=AssertionError),
        django_assert_num_queries(1),
    ):
        forms.ModelChoiceField(queryset=Sector.objects.all()).widget.render("s", None)


class FieldGroups(forms.Form):
    name = forms.CharField(label="姓名 & <b>称谓</b>", max_length=5, help_text="<i>全名</i>")
    agree = forms.BooleanField(label="同意", help_text="勾选 <a href='#'>条款</a>")
    silent = forms.BooleanField(label=gettext_lazy("Office"), required=False)
    kind = forms.ChoiceField(label="类别", choices=CHOICES[1:3], required=False)
    count = forms.IntegerField(label="数量", required=False, min_value=1)


@pytest.mark.parametrize(
    "data,auto_id",
    [
        (None, "id_%s"),
        ({"name": "太长的名字不行", "count": "0", "kind": "x"}, "id_%s"),
        ({"name": "张三", "agree": "on", "count": "3", "kind": "a"}, "f_%s"),
        ({"name": "<script>"}, False),
    ],
)
def test_field_groups_written_in_python_match_the_template(data, auto_id):
    fast, slow = (
        FieldGroups(data, auto_id=auto_id, renderer=renderer)
        for renderer in (BootstrapRenderer(), TemplatesOnly())
    )
    for field in fast:
        assert field.as_field_group() == slow[field.name].as_field_group()
    assert fast.render() == slow.render()
