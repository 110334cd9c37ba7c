"""The activity list's rows, written in Python, write what the template did."""

import datetime

from django.template import engines
from django.utils import timezone, translation

from liaison.activities.models import Activity
from liaison.activities.templatetags.activity_rows import activity_rows

# The template's loop as it was before the tag.
ROWS = """{% load i18n %}{% for a in page %}<tr>
    <td class="text-nowrap">{{ a.starts_at|date:"Y-m-d H:i" }}</td>
    <td><a href="{{ a.get_absolute_url }}">{{ a.title }}</a>{% if a.is_major %} <span class="badge \
text-bg-warning">{% translate "Major" %}</span>{% endif %}</td>
    <td>{{ a.type }}</td><td>{{ a.get_status_display }}</td><td class="text-end">{{ a.present }} / \
{{ a.invited }}</td>
  </tr>{% empty %}<tr><td colspan="5" class="panel-empty">{% translate "No activities." %}</td>\
</tr>{% endfor %}"""


def test_activity_rows_write_what_the_template_wrote(world, make_activity):
    # 23:30 UTC is the next day in Beijing: the row shows the local time.
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    make_activity(title="政情通报会 & <座谈>", starts_at=late)
    make_activity(title="走访企业")
    Activity.objects.filter(title="走访企业").update(is_major=True)
    template = engines["django"].from_string(ROWS)
    page = list(Activity.objects.select_related("type").order_by("pk"))
    for n, a in enumerate(page):
        a.present, a.invited = n, 2 * n + 1
    assert timezone.localtime(page[0].starts_at).day == 1
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for rows in (page, []):
                assert activity_rows(rows) == template.render({"page": rows})
