"""The office home's lists written in Python (opinions, birthdays, rectifications) write what
their template loops did, in each language, through the panels' own queries."""

import datetime

from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from liaison.members.home import upcoming_birthdays
from liaison.members.models import Member
from liaison.members.templatetags.member_rows import birthday_items
from liaison.opinions import services as opinions
from liaison.opinions.home import office_items
from liaison.opinions.models import A, Assignment, Source
from liaison.opinions.templatetags.opinion_rows import overdue_items, waiting_items
from liaison.research import services as research
from liaison.research.home import overdue_rectifications
from liaison.research.models import Campaign
from liaison.research.templatetags.research_rows import rectification_items
from tests.factories import MemberFactory

# The loops as they were before the tags.
OVERDUE = """{% load i18n %}{% for a in items %}<li class="py-1 border-bottom"><a href="\
{{ a.get_absolute_url }}">{{ a.opinion }}</a> <span class="badge text-bg-danger">\
{% translate "Overdue" %}</span> <span class="small text-body-secondary">{{ a.department }} · \
{{ a.deadline|date:"m-d" }}</span></li>{% endfor %}"""
WAITING = """{% for a in items %}<li class="py-1 border-bottom"><a href="{{ a.get_absolute_url }}">\
{{ a.opinion }}</a> <span class="small text-body-secondary">{{ a.department }} · \
{{ a.get_status_display }}</span></li>{% endfor %}"""
BIRTHDAYS = """{% for m in items %}<li class="py-1 border-bottom"><a href="\
{{ m.get_absolute_url }}">{{ m.name }}</a> <span class="small text-body-secondary">\
{{ m.birth_date|date:"m-d" }}</span></li>{% endfor %}"""
RECTIFICATIONS = """{% load i18n %}{% for i in items %}<li class="py-1 border-bottom"><a href="\
{{ i.get_absolute_url }}">{{ i.premises }}</a> · {{ i.campaign }} · <span class="text-danger">\
{% translate "rectify by" %} {{ i.rectification_deadline|date:"Y-m-d" }}</span></li>{% endfor %}"""


def _same(tag, loop, items):
    rendered = engines["django"].from_string(loop)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert tag(items) == rendered.render({"items": items}), language
    assert tag([]) == ""


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_office_home_lists_write_what_their_loops_wrote(world):
    today = timezone.localdate()
    for n, text in enumerate(["早餐摊点油烟 & 卫生差", "<b>路灯</b>不亮", "建议增设公交站"]):
        opinion = opinions.submit_opinion(
            world.staff, world.office, source=Source.VISIT, raisers=[world.kang], text=text
        )
        late = opinions.assign(world.director, opinion, world.department)
        Assignment.objects.filter(pk=late.pk).update(
            deadline=today - datetime.timedelta(days=n + 1),
            status=[A.ASSIGNED, A.REPLIED, A.IN_PROGRESS][n],
        )
    items = office_items(_request(world.director))
    assert items["overdue"] and items["waiting"]
    _same(overdue_items, OVERDUE, items["overdue"])
    _same(waiting_items, WAITING, items["waiting"])

    for n, name in enumerate(["甲<乙>", "丙 & 丁"]):
        MemberFactory(
            office=world.office,
            name=name,
            birth_date=(today + datetime.timedelta(days=n + 1)).replace(year=1970),
        )
    birthdays = upcoming_birthdays(_request(world.director))
    assert {"甲<乙>", "丙 & 丁"} <= {m.name for m in birthdays}
    assert all(isinstance(m, Member) for m in birthdays)
    _same(birthday_items, BIRTHDAYS, birthdays)

    campaign = research.save_campaign(
        world.director,
        Campaign(office=world.office),
        [world.department],
        name="食品<安全>进校园",
        starts_on=today - datetime.timedelta(days=60),
    )
    for n, premises in enumerate(["小卖部 & 早餐店", "<校门口>奶茶店"]):
        research.record_inspection(
            world.director,
            campaign,
            premises=premises,
            date=today - datetime.timedelta(days=30),
            rectification_required=True,
            rectification_deadline=today - datetime.timedelta(days=n + 1),
        )
    rectifications = overdue_rectifications(_request(world.director))
    assert len(rectifications) == 2
    _same(rectification_items, RECTIFICATIONS, rectifications)
