import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.core.errors import Refusal
from liaison.duty import kinds, scoring, yearly
from liaison.duty.forms import RuleForm
from liaison.duty.models import DutyRecord, DutyRule, MemberYear, Scoring
from liaison.duty.services import record, retract
from liaison.members.models import Member
from liaison.orgs.models import AuditEntry
from tests.factories import MemberFactory, OrganizationFactory

YEAR = timezone.localdate().year
KIND = "test.scored"


@pytest.fixture
def kind():
    kinds.register_kind(KIND, "测试积分")
    yield KIND
    kinds.unregister(KIND)


def day(month, d=1, year=YEAR):
    return datetime.date(year, month, d)


def sources(world, n):
    """n distinct saved objects to point ledger rows at."""
    return [OrganizationFactory(parent=world.district) for _ in range(n)]


def test_points_follow_the_rule_in_force_and_its_yearly_cap(world, kind):
    DutyRule.objects.create(kind=kind, points=4, effective_from=YEAR, yearly_cap=10)
    rows = [
        record(world.kang, kind, s, day(m))
        for m, s in zip((3, 1, 2), sources(world, 3), strict=True)
    ]
    # Date order: January 4, February 4, March gets the remaining 2 of the cap.
    for row in rows:
        row.refresh_from_db()
    assert [r.points for r in rows] == [2, 4, 4]
    retract(rows[1].source)  # January gone: March earns its full 4 again
    assert sorted(DutyRecord.objects.values_list("points", flat=True)) == [4, 4]


def test_negative_points_are_not_capped_and_no_rule_means_zero(world, kind):
    DutyRule.objects.create(kind=kind, points=-30, effective_from=YEAR, yearly_cap=5)
    a, b = sources(world, 2)
    assert record(world.kang, kind, a, day(1)).points == -30
    assert record(world.kang, kind, b, day(1, year=YEAR - 1)).points == 0  # rule starts later


def test_a_rule_change_recomputes_the_year_in_the_background(
    world, kind, django_capture_on_commit_callbacks
):
    rule = DutyRule.objects.create(kind=kind, points=1, effective_from=YEAR)
    for s in sources(world, 3):
        record(world.kang, kind, s, day(5))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        scoring.save_rule(world.admin, rule, points=5, yearly_cap=12)
    assert callbacks  # the task was enqueued after the commit (immediate backend runs it)
    assert sorted(DutyRecord.objects.values_list("points", flat=True)) == [2, 5, 5]
    assert AuditEntry.objects.filter(action="update").exists()


def sums_of(member):
    """{year: (acts, points)} of the member's stored sums (liaison.duty.yearly)."""
    stored = MemberYear.objects.filter(member=member).values_list("year", "acts", "points")
    return {year: (acts, points) for year, acts, points in stored}


def test_member_years_follow_every_change_of_the_ledger(
    world, kind, django_capture_on_commit_callbacks
):
    rule = DutyRule.objects.create(kind=kind, points=3, effective_from=YEAR - 1, yearly_cap=7)
    a, b, c = sources(world, 3)
    record(world.kang, kind, a, day(1))
    record(world.kang, kind, b, day(2))
    record(world.kang, kind, c, day(3, year=YEAR - 1))
    assert sums_of(world.kang) == {YEAR: (2, 6), YEAR - 1: (1, 3)}
    record(world.kang, kind, c, day(4))  # moved into this year: the cap takes its share
    assert sums_of(world.kang) == {YEAR: (3, 7), YEAR - 1: (0, 0)}
    retract(a)
    assert sums_of(world.kang) == {YEAR: (2, 6), YEAR - 1: (0, 0)}
    with django_capture_on_commit_callbacks(execute=True):
        scoring.save_rule(world.admin, rule, points=5, yearly_cap=None)  # recomputed in a task
    assert sums_of(world.kang)[YEAR] == (2, 10)
    DutyRecord.objects.filter(member=world.kang).update(points=1)  # a hand edit, unannounced
    assert yearly.rebuild() == 1  # the years without acts are not written again
    assert sums_of(world.kang) == {YEAR: (2, 2)}


def test_the_ranking_reads_the_stored_sums_of_the_year(world, kind, client_for):
    DutyRule.objects.create(kind=kind, points=4, effective_from=YEAR - 1)
    busy = MemberFactory(office=world.office, name="汤朝阳")
    for s in sources(world, 2):
        record(busy, kind, s, day(6))
    record(world.kang, kind, world.party, day(6, year=YEAR - 1))
    client = client_for("director")
    rows = client.get(reverse("duty_ranking"), {"year": YEAR}).context["rows"]
    assert [(r.name, r.acts, r.points) for r in rows[:2]] == [("汤朝阳", 2, 8), ("康希", 0, 0)]
    last = client.get(reverse("duty_ranking"), {"year": YEAR - 1}).context["rows"]
    assert [(r.name, r.acts, r.points) for r in last[:2]] == [("康希", 1, 4), ("汤朝阳", 0, 0)]


def test_negative_cap_is_refused_and_nothing_changes(world, kind, client_for):
    rule = DutyRule.objects.create(kind=kind, points=3, effective_from=YEAR, yearly_cap=9)
    with pytest.raises(Refusal) as refused:
        scoring.save_rule(world.admin, rule, yearly_cap=-1)
    assert refused.value.code == "negative_cap"
    post = {
        "form": "rule",
        "kind": kind,
        "points": 3,
        "unit": "item",
        "yearly_cap": -5,
        "effective_from": YEAR,
    }
    response = client_for("admin").post(reverse("duty_rule_edit", args=[rule.pk]), post)
    assert response.status_code == 200
    assert "年度上限不能为负数" in response.content.decode()
    rule.refresh_from_db()
    assert rule.yearly_cap == 9


def test_presets_load_the_rules_of_every_app(world, client_for, kind):
    response = client_for("admin").post(
        reverse("duty_preset"), {"preset": "minhang", "effective_from": YEAR}
    )
    assert response.status_code == 302
    lead = DutyRule.objects.get(kind="proposals.lead")
    assert (lead.points, lead.effective_from) == (15, YEAR)
    assert Scoring.current().scheme == "minhang"
    page = client_for("admin").get(reverse("duty_rules"))
    # Every code of the preset is a kind some app registers (no "*": unknown kind).
    assert "proposals.lead" in page.content.decode()
    assert not {r.kind for r in DutyRule.objects.all()} - {k.code for k in kinds.all_kinds()}
    client_for("admin").post(reverse("duty_preset"), {"preset": "jinan", "effective_from": YEAR})
    assert DutyRule.objects.get(kind="activities.absent").points == -30
    assert Scoring.current().base_points == 70
    assert client_for("director").get(reverse("duty_rules")).status_code == 403


@pytest.mark.parametrize("year", ["32768", "1999", "2101", "二〇二六"])
def test_a_year_out_of_range_loads_no_preset_and_saves_no_rule(world, client_for, year):
    response = client_for("admin").post(
        reverse("duty_preset"), {"preset": "minhang", "effective_from": year}, follow=True
    )
    assert "请选择方案和年度。" in response.content.decode()
    assert not DutyRule.objects.exists()
    rule = {"kind": "proposals.lead", "points": 3, "unit": "item", "effective_from": year}
    form = RuleForm(data=rule)
    assert not form.is_valid() and "effective_from" in form.errors


def test_grade_thresholds_must_fall(world):
    with pytest.raises(Refusal) as refused:
        scoring.save_scoring(world.admin, excellent=10, competent=20, basic=5)
    assert refused.value.code == "grade_order"
    scoring.save_scoring(world.admin, excellent=50, competent=20, basic=5, base_points=0)
    assert [Scoring.current().grade(n) for n in (50, 20, 5, 4)] == [
        "优秀",
        "称职",
        "基本称职",
        "不称职",
    ]


def test_member_record_totals_grades_and_links(world, client_for, kind):
    DutyRule.objects.create(kind=kind, points=15, effective_from=YEAR)
    scoring.save_scoring(world.admin, excellent=40, competent=20, basic=10, base_points=0)
    rows = [record(world.kang, kind, s, day(4)) for s in sources(world, 2)]
    page = client_for("member").get(reverse("duty_member_record", args=[world.kang.pk]))
    assert page.status_code == 200
    assert (page.context["total"], page.context["grade"]) == (30, "称职")
    html = page.content.decode()
    for row in rows:  # every point links to the act that earned it
        assert reverse("duty_record_detail", args=[row.pk]) in html
    detail = client_for("member").get(reverse("duty_record_detail", args=[rows[0].pk]))
    assert detail.status_code == 200 and detail.context["rule"].points == 15
    mine = client_for("member").get(reverse("duty_my_record"))
    assert mine.context["member"] == world.kang


def test_a_member_cannot_open_another_members_record(world, client_for, kind):
    other = MemberFactory(office=world.office, name="汤朝阳")
    row = record(other, kind, world.party, day(2))
    member = client_for("member")
    assert member.get(reverse("duty_member_record", args=[other.pk])).status_code == 404
    assert member.get(reverse("duty_record_detail", args=[row.pk])).status_code == 404
    assert (
        client_for("other").get(reverse("duty_member_record", args=[other.pk])).status_code == 404
    )
    assert (
        client_for("director").get(reverse("duty_member_record", args=[other.pk])).status_code
        == 200
    )


def test_term_record_and_pdf(world, client_for, kind):
    Member.objects.filter(pk=world.kang.pk).update(
        term=14, term_start=datetime.date(YEAR - 1, 1, 1), term_end=datetime.date(YEAR + 3, 12, 31)
    )
    record(world.kang, kind, world.party, day(2, year=YEAR - 1))
    record(world.kang, kind, world.district, day(2))
    term = client_for("member").get(
        reverse("duty_member_record", args=[world.kang.pk]), {"term": 1}
    )
    assert term.context["period"] == "term" and len(term.context["acts"]) == 2
    pdf = client_for("member").get(
        reverse("duty_member_record", args=[world.kang.pk]), {"format": "pdf"}
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_ranking_and_inactive_members(world, client_for, kind, django_assert_max_num_queries):
    DutyRule.objects.create(kind=kind, points=10, effective_from=YEAR - 1)
    scoring.save_scoring(world.admin, excellent=30, competent=15, basic=5, inactive_months=6)
    busy = MemberFactory(office=world.office, name="汤朝阳")
    for s in sources(world, 3):
        record(busy, kind, s, timezone.localdate())
    record(world.kang, kind, world.party, timezone.localdate() - datetime.timedelta(days=400))
    MemberFactory(office=world.other_office, name="外处委员")
    client = client_for("director")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("duty_ranking"))
    assert [(m.name, m.total) for m in page.context["rows"]] == [("汤朝阳", 30), ("康希", 0)]
    inactive = client.get(reverse("duty_inactive"))
    assert [m.name for m in inactive.context["rows"]] == ["康希"]
    assert client_for("member").get(reverse("duty_ranking")).status_code == 403
    assert client.get(reverse("duty_ranking"), {"office": world.other_office.pk}).status_code == 404


def test_ledger_filters_by_kind_for_figure_links(world, client_for, kind):
    record(world.kang, kind, world.party, day(2))
    page = client_for("director").get(reverse("duty_home"), {"kind": kind, "year": YEAR})
    assert len(page.context["page"]) == 1
    page = client_for("director").get(reverse("duty_home"), {"kind": "x.y", "year": YEAR})
    assert len(page.context["page"]) == 0


def test_points_per_half_day_count_an_activitys_length(world):
    from liaison.activities import services as activities
    from tests.activities.factories import ActivityFactory, at

    DutyRule.objects.create(
        kind="activities.attended", points=2, unit="half_day", effective_from=YEAR - 1
    )
    full_day = ActivityFactory(office=world.office, starts_at=at(1, 9), status="checkin_open")
    full_day.ends_at = at(1, 17)
    full_day.save(update_fields=["ends_at"])
    row = activities.check_in(world.kang, full_day, method="manual", actor=world.staff)
    entry = DutyRecord.objects.get(object_id=row.pk, kind="activities.attended")
    assert (entry.quantity, entry.points) == (2, 4)
    DutyRule.objects.filter(kind="activities.attended").update(unit="item")
    scoring.recompute_year(entry.year)
    entry.refresh_from_db()
    assert entry.points == 2


def test_member_record_queries_do_not_grow_with_acts(
    world, client_for, kind, django_assert_max_num_queries
):
    DutyRule.objects.create(kind=kind, points=1, effective_from=YEAR)
    for s in sources(world, 30):
        record(world.kang, kind, s, day(3))
    client = client_for("member")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("duty_member_record", args=[world.kang.pk]))
    assert page.context["total"] == 30


# The rows as the template wrote them before act_rows: the tag must write the same HTML.
TEMPLATE_ROWS = """{% load i18n %}{% for a in acts %}<tr><td>{{ a.date|date:"Y-m-d" }}</td>\
<td>{{ a.kind_label }}</td><td>{{ a.content_type.name }} #{{ a.object_id }}</td>\
<td class="text-end">{% if links %}<a href="{% url 'duty_record_detail' a.pk %}">{{ a.points }}</a>\
{% else %}{{ a.points }}{% endif %}</td></tr>
  {% empty %}<tr><td colspan="4">{% translate "Nothing recorded in this period." %}</td></tr>\
{% endfor %}"""


def test_act_rows_write_what_the_template_wrote(world, kind):
    from django.template import engines

    from liaison.duty.templatetags.duty_rows import act_rows

    DutyRule.objects.create(kind=kind, points=-3, effective_from=YEAR)
    record(world.kang, kind, world.party, day(2))
    record(world.kang, kind, world.kang, day(5, 9))
    DutyRecord.objects.filter(member=world.kang).update(kind="gone.kind")  # an unknown kind
    record(world.kang, kind, world.district, day(3))
    template = engines["django"].from_string(TEMPLATE_ROWS)
    acts = DutyRecord.objects.filter(member=world.kang).select_related("content_type")
    assert acts.count() == 3
    for rows, links in ((acts.order_by("date", "pk"), True), (acts, False), (acts.none(), True)):
        assert act_rows(rows, links) == template.render({"acts": rows, "links": links})


LEDGER_ROWS = """{% load i18n %}<tbody>
  {% for r in page %}
  <tr><td>{{ r.date|date:"Y-m-d" }}</td><td><a href="{% url 'duty_member_record' r.member_id \
%}?year={{ r.year }}">{{ r.member.name }}</a></td><td>{{ r.kind_label }}</td><td>\
{{ r.content_type.name }} #{{ r.object_id }}</td><td>{{ r.office.name }}</td><td class="text-end">\
<a href="{% url 'duty_record_detail' r.pk %}">{{ r.points }}</a></td></tr>
  {% empty %}<tr><td colspan="6" class="panel-empty">\
{% translate "Nothing recorded for this year." %}</td></tr>{% endfor %}
  </tbody>"""


def test_ledger_rows_write_what_the_template_wrote(world, kind):
    from django.template import engines
    from django.utils import translation

    from liaison.duty.templatetags.duty_rows import ledger_rows

    DutyRule.objects.create(kind=kind, points=2, effective_from=YEAR)
    other = MemberFactory(office=world.office, name="汤<朝>阳")
    record(world.kang, kind, world.party, day(2))
    record(other, kind, world.district, day(3))
    template = engines["django"].from_string(LEDGER_ROWS)
    records = list(
        DutyRecord.objects.select_related("member", "office", "content_type").order_by("pk")
    )
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for rows in (records, []):
                assert "<tbody>" + ledger_rows(rows) + "\n  </tbody>" == template.render(
                    {"page": rows}
                )
