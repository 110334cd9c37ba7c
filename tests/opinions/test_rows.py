"""The opinion list's rows and status badge, written in Python, write what the template did."""

from django.db.models import Prefetch
from django.template import engines
from django.utils import translation

from liaison.members.models import Member
from liaison.opinions import services
from liaison.opinions.models import Category, Opinion, Source, Status
from liaison.opinions.templatetags.opinion_rows import opinion_rows, opinion_status
from tests.factories import MemberFactory

# The templates as they were before the tags.
STATUS = """{% load i18n %}<span class="badge {% if o.status == 'closed' or o.status == 'on_spot' \
%}text-bg-success{% elif o.status == 'closed_unsolved' %}text-bg-warning{% elif o.status == 'new' \
%}text-bg-primary{% else %}text-bg-secondary{% endif %}" data-testid="opinion-status">\
{{ o.get_status_display }}</span>{% if o.is_overdue %} <span class="badge text-bg-danger">\
{% translate "Overdue" %}</span>{% endif %}
"""
ROWS = """{% load i18n %}{% for o in page %}<tr>
    <td class="text-nowrap">{{ o.submitted_at|date:"Y-m-d" }}</td>
    <td><a href="{{ o.get_absolute_url }}">{{ o }}</a><div class="small text-body-secondary">\
{{ o.get_source_display }}</div></td>
    <td>{% for m in o.raisers.all %}{{ m.name }}{% if not forloop.last %}、{% endif %}\
{% endfor %}</td>
    <td>{{ o.category|default:"" }}</td><td>STATUS</td>
  </tr>{% empty %}<tr><td colspan="5" class="panel-empty">{% translate "No opinions." %}</td></tr>\
{% endfor %}"""


def test_opinion_rows_write_what_the_template_wrote(world, food):
    other = MemberFactory(office=world.office, name="汤<朝>阳")
    texts = ["早餐摊点油烟大 & 卫生差", "<b>路灯</b>不亮", "建议增设公交站"]
    for n, text in enumerate(texts):
        services.submit_opinion(
            world.staff,
            world.office,
            source=[Source.VISIT, Source.ACTIVITY, Source.VISIT][n],
            raisers=[world.kang, other][: n + 1] if n < 2 else [other],
            text=text,
            category=food if n != 1 else None,
        )
    statuses = [Status.NEW, Status.CLOSED_UNSOLVED, Status.SOLVED_ON_SPOT]
    for o, status in zip(Opinion.objects.order_by("pk"), statuses, strict=True):
        Opinion.objects.filter(pk=o.pk).update(status=status, summary="" if o.category else "摘要")
    rows = engines["django"].from_string(
        ROWS.replace("STATUS", STATUS.replace("{% load i18n %}", ""))
    )
    for language in ("zh-hans", "en"):
        with translation.override(language):
            page = list(Opinion.objects.select_related("category").order_by("pk"))
            for n, o in enumerate(page):
                o.is_overdue = n == 1
            assert opinion_rows(page) == rows.render({"page": page})
            # The list page's prefetch to a list writes the same rows.
            listed = Prefetch(
                "raisers", queryset=Member.objects.only("name"), to_attr="raiser_list"
            )
            prefetched = list(
                Opinion.objects.select_related("category").prefetch_related(listed).order_by("pk")
            )
            for n, o in enumerate(prefetched):
                o.is_overdue = n == 1
            assert opinion_rows(prefetched) == rows.render({"page": page})
            # And with the categories' names from the filter's list instead of a join.
            names = {c.pk: c.name for c in Category.objects.all()}
            bare = list(Opinion.objects.prefetch_related(listed).order_by("pk"))
            for n, o in enumerate(bare):
                o.is_overdue = n == 1
            assert opinion_rows(bare, names) == rows.render({"page": page})
            assert opinion_rows([]) == rows.render({"page": []})
            status = engines["django"].from_string(STATUS)
            for o in page:
                assert opinion_status(o) + "\n" == status.render({"o": o})
    assert Opinion.objects.filter(status=Status.CLOSED_UNSOLVED).exists()
