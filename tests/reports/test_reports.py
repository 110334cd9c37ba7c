import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from liaison.activities import services as activities
from liaison.activities.models import Activity, ActivityType, Status
from liaison.core.figures import Figure, all_figures, break_down_all, count_all, register_figure
from liaison.core.figures import _figures as registry
from liaison.duty.models import DutyRule
from liaison.members.services import record_care_event, record_care_visit
from liaison.reports import stats
from liaison.reports.models import AnnualSummary
from liaison.reports.summary import build, section_of
from tests.activities.factories import ActivityFactory, at, invite
from tests.factories import MemberFactory, OrganizationFactory

YEAR = timezone.localdate().year


def held_briefing(world, *members, days=-10):
    """A briefing this year (or `days` from today), closed with `members` checked in."""
    activity = invite(ActivityFactory(office=world.office, starts_at=at(days)), *members)
    activity.status = Status.CHECKIN_OPEN
    activity.save(update_fields=["status"])
    for member in members:
        activities.check_in(member, activity, method="manual", actor=world.staff)
    activities.close(world.staff, activity)
    return activity


@pytest.fixture
def data(world):
    if timezone.localdate().month == 1 and timezone.localdate().day <= 15:
        pytest.skip("needs a briefing earlier this year")  # pragma: no cover
    tang = MemberFactory(office=world.office, name="汤朝阳")
    first = held_briefing(world, world.kang, tang)
    second = held_briefing(world, world.kang, days=-5)
    ActivityFactory(office=world.office)  # published, not held: not counted
    activities.record_visit(world.staff, world.office, member=tang, date=timezone.localdate())
    event = record_care_event(
        world.staff, tang, kind="illness", event_date=timezone.localdate() - datetime.timedelta(1)
    )
    record_care_visit(world.staff, event, date=timezone.localdate(), members=[world.kang])
    return {"tang": tang, "briefings": [first, second]}


def test_office_dashboard_shows_targets_and_links_to_the_list_behind(
    world, client_for, data, django_assert_max_num_queries
):
    client = client_for("director")
    client.get(reverse("reports_dashboard"))  # warm the session's refresh
    # The figures in one query, their breakdowns in two, targets and links from two small
    # tables, whatever the number of figures (liaison.core.figures.count_all).
    with django_assert_max_num_queries(12):
        page = client.get(reverse("reports_dashboard"))
    assert page.status_code == 200
    rows = {r.figure.code: r for f in page.context["families"] for r in f.rows}
    briefings = rows["activities.briefings"]
    assert (briefings.value, briefings.target, briefings.met) == (2, 2, True)
    assert rows["activities.attendance"].value == 3
    assert rows["members.care_on_time"].value == 1
    assert briefings.link.replace("&", "&amp;") in page.content.decode()
    listed = client.get(briefings.link)
    assert {a.pk for a in listed.context["page"]} == {a.pk for a in data["briefings"]}
    attendance = client.get(rows["activities.attendance"].link)
    assert len(attendance.context["page"]) == 3
    assert page.context["charts"]["monthly"]
    assert "echarts.min.js" in page.content.decode() and "<script>" not in page.content.decode()


def test_figures_count_every_office_in_one_query(world, data, django_assert_num_queries):
    offices = [world.office, world.other_office] + [
        OrganizationFactory(parent=world.district) for _ in range(5)
    ]
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    for figure in all_figures():
        with django_assert_num_queries(1):
            figure.count([o.pk for o in offices], start, end)
        if figure.breakdown:
            with django_assert_num_queries(1):
                figure.breakdown([o.pk for o in offices], start, end)


def test_district_dashboard_side_by_side_sorted_with_totals(
    world, client_for, data, django_assert_num_queries, django_assert_max_num_queries
):
    for _ in range(4):
        OrganizationFactory(parent=world.district)
    client = client_for("viewer")
    client.get(reverse("reports_district"))  # warm the session and content types
    # Session, user, roles, districts, offices, nav, then one query for all the figures.
    with django_assert_max_num_queries(12) as captured:
        page = client.get(reverse("reports_district"), {"sort": "activities.briefings"})
    few = len(captured.captured_queries)
    for _ in range(10):
        OrganizationFactory(parent=world.district)
    # The new offices' figures are counted once, together, and stored (liaison.reports.stored);
    # then the page reads them as it reads the others: the same queries whatever the offices.
    with django_assert_max_num_queries(12):
        client.get(reverse("reports_district"), {"sort": "activities.briefings"})
    with django_assert_num_queries(few):
        page = client.get(reverse("reports_district"), {"sort": "activities.briefings"})
    rows = page.context["rows"]
    codes = [f.code for f in page.context["figures"]]
    first_office, first_values = rows[0]
    assert first_office == world.office
    assert first_values[codes.index("activities.briefings")] == 2
    assert page.context["totals"][codes.index("activities.attendance")] == 3
    ascending = client.get(
        reverse("reports_district"), {"sort": "activities.briefings", "dir": "asc"}
    )
    assert ascending.context["rows"][-1][0] == world.office
    assert client_for("director").get(reverse("reports_district")).status_code == 403


def test_all_figures_together_in_one_query_and_their_breakdowns_in_two(
    world, data, django_assert_num_queries
):
    offices = [world.office, world.other_office] + [
        OrganizationFactory(parent=world.district) for _ in range(5)
    ]
    ids = [o.pk for o in offices]
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    figures = all_figures()
    with django_assert_num_queries(1):
        together = count_all(figures, ids, start, end)
    with django_assert_num_queries(2):
        split = break_down_all(figures, ids, start, end)
    for figure in figures:  # the same values as each figure counted alone
        assert together[figure.code] == figure.count(ids, start, end), figure.code
        if figure.breakdown:
            assert split[figure.code] == figure.breakdown(ids, start, end), figure.code
    assert together["activities.briefings"][world.office.pk] == 2


def test_annual_summary_queries_do_not_grow_with_the_figures(
    world, client_for, data, django_assert_max_num_queries
):
    client = client_for("director")
    client.get(reverse("reports_summary"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports_summary")).status_code == 200


def test_district_workbook_one_sheet_per_family_one_row_per_office(world, client_for, data):
    response = client_for("viewer").get(reverse("reports_district"), {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    families = {f.family for f in all_figures()}
    assert len(book.sheetnames) == len(families)
    sheet = book["活动"]
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names == ["燕山街道政协联络处", "定王台街道政协联络处", "芙蓉区政协 合计"]


def test_annual_summary_from_the_data_with_saved_paragraphs(world, client_for, data):
    client = client_for("director")
    url = reverse("reports_summary")
    post = {
        "office": world.office.pk,
        "year": YEAR,
        "title": "",
        "initiative": "主动争取党工委重视。",
        "services": "",
        "priorities": "走访委员全覆盖。\n第二段。",
        "awareness": "",
        "conclusion": "继续努力。",
    }
    assert client.post(url, post).status_code == 302
    assert AnnualSummary.objects.get(office=world.office, year=YEAR).priorities.startswith("走访")
    summary = build(world.office, YEAR)
    priorities = next(s for s in summary.sections if s.key == "priorities")
    assert any("2" in fact and "政情通报会" in fact for fact in priorities.facts)
    attended = next(line for line in priorities.contributions if line.startswith("出席活动"))
    assert attended == "出席活动：康希（2次）、汤朝阳（共 3 人次）"
    assert priorities.paragraphs == ["走访委员全覆盖。", "第二段。"]
    docx = client.get(url, {"year": YEAR, "format": "docx"})
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    for heading in ("一、三个主动", "二、三项服务", "三、三个重点", "四、三种意识", "总之"):
        assert heading in text
    assert "康希" in text and "汤朝阳" in text and "继续努力。" in text
    pdf = client.get(url, {"year": YEAR, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(url, {"year": YEAR, "format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert {row[0].value for row in book["委员"].iter_rows(min_row=2)} == {"康希", "汤朝阳"}


def test_a_year_without_data_gives_a_clear_empty_summary(world, client_for):
    page = client_for("director").get(reverse("reports_summary"), {"year": 2001})
    assert page.status_code == 200
    assert page.context["summary"].empty
    assert "本年度没有记录的工作" in page.content.decode()
    docx = client_for("director").get(reverse("reports_summary"), {"year": 2001, "format": "docx"})
    assert "本年度没有记录的工作" in "".join(
        p.text for p in Document(io.BytesIO(docx.content)).paragraphs
    )


def test_summary_refusals(world, client_for):
    url = reverse("reports_summary")
    assert client_for("member").get(url).status_code == 403
    assert client_for("director").get(url, {"office": world.other_office.pk}).status_code == 404
    # A district viewer reads but does not write.
    viewer = client_for("viewer")
    assert viewer.get(url, {"office": world.office.pk}).status_code == 200
    response = viewer.post(url, {"office": world.office.pk, "year": YEAR, "conclusion": "x"})
    assert response.status_code == 404
    assert not AnnualSummary.objects.exists()


def test_a_figure_from_another_app_appears_everywhere(world, client_for):
    register_figure(
        Figure(
            "elsewhere.submitted",
            "提交提案",
            "proposals",
            lambda ids, start, end: {world.office.pk: 12},
            target=lambda office, year: 10,
            unit="件",
            breakdown=lambda ids, start, end: {world.office.pk: {"经济发展类": 4}},
        )
    )
    try:
        summary = build(world.office, YEAR)
        priorities = next(s for s in summary.sections if s.key == "priorities")
        assert any("提交提案 12件" in f and "经济发展类 4件" in f for f in priorities.facts)
        page = client_for("director").get(reverse("reports_dashboard"))
        assert "提交提案" in page.content.decode()
    finally:
        registry.pop("elsewhere.submitted")
    assert section_of("unknown.thing", "unknown") == "priorities"
    assert section_of("plans.items", "plans") == "initiative"


def test_points_for_a_member_outside_the_office_are_not_counted(world, data):
    """A ledger row always carries its member's own office: another office's acts never
    reach this office's ranking or summary."""
    DutyRule.objects.create(kind="activities.attended", points=2, effective_from=YEAR)
    outsider = MemberFactory(office=world.other_office, name="外处委员")
    other_briefing = ActivityFactory(office=world.other_office, starts_at=at(-3))
    other_briefing.status = Status.CHECKIN_OPEN
    other_briefing.save(update_fields=["status"])
    from liaison.core.errors import Refusal

    with pytest.raises(Refusal):
        activities.check_in(outsider, Activity.objects.get(pk=data["briefings"][0].pk))
    activities.check_in(outsider, other_briefing)
    summary = build(world.office, YEAR)
    assert "外处委员" not in {name for name, _a, _p in summary.members}
    rows = stats.district_table([world.office, world.other_office], YEAR)[1]
    assert rows[1][1]["activities.attendance"] == 1


def test_dashboard_refusals(world, client_for):
    assert client_for("member").get(reverse("reports_dashboard")).status_code == 403
    other = client_for("other").get(reverse("reports_dashboard"), {"office": world.office.pk})
    assert other.status_code == 404
    bad = client_for("director").get(reverse("reports_dashboard"), {"year": "abc"})
    assert bad.status_code == 200 and bad.context["year"] == YEAR


def test_type_without_target_has_none(world):
    ActivityType.objects.filter(code="study").update(yearly_target=None)
    families = stats.office_families(world.office, YEAR)
    rows = {r.figure.code: r for f in families for r in f.rows}
    assert rows["activities.study"].target is None and rows["activities.study"].percent is None


def test_the_care_figures_link_to_exactly_the_events_they_count(world, client_for):
    from liaison.core.figures import get_figure, year_bounds
    from liaison.members.services import cancel_care_event

    today = timezone.localdate()
    if today.timetuple().tm_yday < 12:
        pytest.skip("needs ten days of this year")  # pragma: no cover
    on_time = record_care_event(
        world.staff, world.kang, kind="illness", event_date=today - datetime.timedelta(1)
    )
    record_care_visit(world.staff, on_time, date=today, members=[world.kang])
    late = record_care_event(
        world.staff, world.kang, kind="illness", event_date=today - datetime.timedelta(10)
    )
    # The office heard of it ten days ago and was due a day later.
    type(late).objects.filter(pk=late.pk).update(due_by=timezone.now() - datetime.timedelta(days=9))
    late.refresh_from_db()
    record_care_visit(world.staff, late, date=today, members=[world.kang])
    cancel_care_event(
        world.staff,
        record_care_event(world.staff, world.kang, kind="wedding", event_date=today),
    )
    start, end = year_bounds(today.year)
    client = client_for("director")
    for code, expected in [
        ("members.care_on_time", {on_time.pk}),
        ("members.care_events", {on_time.pk, late.pk}),
    ]:
        figure = get_figure(code)
        assert figure.count([world.office.pk], start, end)[world.office.pk] == len(expected)
        listed = client.get(figure.link(world.office, start, end))
        assert {e.pk for e in listed.context["page"]} == expected, code


def test_targets_come_with_the_stored_figures_and_follow_their_changes(world, client_for, data):
    """The dashboard and the summary read the targets from the parts stored with the figures
    (no query of the activity types or the yearly targets), and a target changed shows on the
    next load."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from liaison.proposals.models import YearlyTarget

    client = client_for("director")

    def shown(url_name):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse(url_name))
        tables = " ".join(q["sql"] for q in queries.captured_queries)
        assert "activities_activitytype" not in tables, url_name
        assert "proposals_yearlytarget" not in tables, url_name
        return page

    for url_name in ("reports_dashboard", "reports_summary"):
        client.get(reverse(url_name))  # stored
        shown(url_name)
    rows = {
        r.figure.code: r for f in shown("reports_dashboard").context["families"] for r in f.rows
    }
    assert rows["activities.briefings"].target == 2
    assert rows["proposals.submitted"].target == YearlyTarget.DEFAULT_PROPOSALS

    briefing = ActivityType.objects.get(code="briefing")
    briefing.yearly_target = 4
    briefing.save()
    YearlyTarget.objects.create(office=world.office, year=YEAR, proposals=15, reports=9)
    client.get(reverse("reports_dashboard"))  # counted again, stored again
    rows = {
        r.figure.code: r for f in shown("reports_dashboard").context["families"] for r in f.rows
    }
    assert rows["activities.briefings"].target == 4
    assert rows["proposals.submitted"].target == 15
    assert rows["proposals.reports_submitted"].target == 9
    live = {
        r.figure.code: r.target for f in stats.office_families(world.office, YEAR) for r in f.rows
    }
    assert {code: r.target for code, r in rows.items()} == live
