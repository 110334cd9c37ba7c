import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import RaisedOpinion
from liaison.opinions import services
from liaison.opinions.models import A, Assignment, Feedback, Opinion, Status
from liaison.workdays import services as workdays
from tests.factories import OrganizationFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile("现场.png", buffer.getvalue(), content_type="image/png")


def test_staff_record_an_opinion_with_an_attachment(world, client_for, food):
    client = client_for("staff")
    response = client.post(
        reverse("opinion_create"),
        {
            "source": "visit",
            "raisers": [world.kang.pk],
            "text": "建议在燕山街小学门口增设护学岗。",
            "category": food.pk,
            "files": [_png()],
        },
    )
    opinion = Opinion.objects.get()
    assert response.status_code == 302 and response["Location"] == opinion.get_absolute_url()
    assert opinion.attachments.count() == 1
    page = client.get(opinion.get_absolute_url()).content.decode()
    assert "护学岗" in page
    file_url = reverse("opinion_attachment", args=["opinion", opinion.attachments.get().pk])
    assert client.get(file_url).status_code == 200
    assert client_for("member").get(file_url).status_code == 200  # 康希 raised it
    assert client_for("other").get(file_url).status_code == 404


def test_bad_input_on_recording_shows_a_message_and_saves_nothing(world, client_for):
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client_for("staff").post(
        reverse("opinion_create"),
        {"source": "visit", "raisers": [world.kang.pk], "text": "意见", "files": [bad]},
    )
    assert response.status_code == 200
    assert not Opinion.objects.exists()


def test_member_submits_and_sees_only_their_own(world, client_for, opinion):
    client = client_for("member")
    response = client.post(reverse("opinion_submit"), {"text": "建议延长社区图书室开放时间。"})
    mine = Opinion.objects.get(source="member")
    assert response.status_code == 302
    assert mine.submitted_by == world.member and list(mine.raisers.all()) == [world.kang]
    listed = client.get(reverse("opinion_list")).content.decode()
    assert "图书室" in listed and "早餐摊点" in listed  # both were raised by 康希
    someone_else = services.submit_opinion(
        world.staff,
        world.office,
        source="resident",
        raisers=[__import__("tests.factories").factories.MemberFactory(office=world.office)],
        text="别人的意见",
    )
    assert client.get(someone_else.get_absolute_url()).status_code == 404


def test_verbatim_text_cannot_be_changed_through_the_notes_form(world, client_for, opinion):
    client_for("staff").post(
        reverse("opinion_notes", args=[opinion.pk]),
        {"summary": "早餐摊点", "text": "被改写了", "place": ""},
    )
    opinion.refresh_from_db()
    assert opinion.summary == "早餐摊点" and "被改写了" not in opinion.text


def test_assign_with_a_holiday_deadline_is_refused_with_a_message(world, client_for, opinion):
    day = workdays.add_working_days(timezone.localdate(), 4)
    workdays.set_day(world.admin, day, "holiday", "测试")
    client = client_for("staff")
    response = client.post(
        reverse("opinion_assign", args=[opinion.pk]),
        {"department": world.department.pk, "deadline": day.isoformat()},
        follow=True,
    )
    assert "不是工作日" in response.content.decode()
    assert not Assignment.objects.exists()


def test_handler_sees_only_their_department(world, client_for, assignment):
    other_dept = OrganizationFactory(
        name="城管执法中队", kind="department", parent=world.subdistrict
    )
    stranger = UserFactory(username="chengguan")
    RoleAssignmentFactory(user=stranger, organization=other_dept, role="handler")
    client = Client()
    client.force_login(stranger)
    assert client.get(assignment.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("assignment_handle", args=[assignment.pk, "receive"])).status_code
        == 404
    )
    assert "早餐摊点" not in client.get(reverse("assignment_list")).content.decode()
    mine = client_for("handler")
    assert "早餐摊点" in mine.get(reverse("assignment_list")).content.decode()
    assert mine.get(assignment.get_absolute_url()).status_code == 200
    # A handler may not do the office's steps, nor see the opinion page.
    assert (
        mine.post(reverse("assignment_office", args=[assignment.pk, "publish"])).status_code == 403
    )
    assert mine.get(assignment.opinion.get_absolute_url()).status_code == 403


def test_handler_receives_and_replies_with_attachment(world, client_for, assignment):
    client = client_for("handler")
    client.post(reverse("assignment_handle", args=[assignment.pk, "receive"]))
    response = client.post(
        reverse("assignment_handle", args=[assignment.pk, "reply"]),
        {"text": "已整改。", "solved": "on", "files": [_png()]},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == A.REPLIED
    reply = assignment.replies.get()
    assert reply.attachments.count() == 1
    url = reverse("opinion_attachment", args=["reply", reply.attachments.get().pk])
    # The member sees the reply's files only once it is published.
    assert client_for("member").get(url).status_code == 404
    assert client_for("staff").get(url).status_code == 200


def test_reply_to_a_closed_item_by_url_is_refused(world, client_for, published):
    services.close(world.staff, published, solved=True)
    response = client_for("handler").post(
        reverse("assignment_handle", args=[published.pk, "reply"]), {"text": "补充"}, follow=True
    )
    assert "不再接受答复" in response.content.decode()
    assert published.replies.count() == 1


def _link(world, assignment):
    return reverse("opinion_feedback_link", args=[services.feedback_token(assignment, world.kang)])


def test_feedback_link_works_once_without_login(world, published):
    url = _link(world, published)
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and "已联合工商所检查" in page.content.decode()
    response = client.post(url, {"result": "not_solved", "satisfaction": "dissatisfied"})
    assert "感谢" in response.content.decode()
    published.refresh_from_db()
    assert published.status == A.NOT_SOLVED
    again = client.post(url, {"result": "solved", "satisfaction": "satisfied"})
    assert again.status_code == 400
    assert Feedback.objects.count() == 1


def test_feedback_link_forged_or_bad_input(world, published):
    url = _link(world, published)
    assert Client().get(url[:-2] + "xx/").status_code == 400
    response = Client().post(url, {"result": "maybe", "satisfaction": ""})
    assert response.status_code == 200 and not Feedback.objects.exists()


def test_feedback_link_is_rate_limited(world, published, settings):
    settings.FEEDBACK_RATE_LIMIT = 3
    client = Client()
    url = reverse("opinion_feedback_link", args=["forged-token"])
    codes = [client.get(url).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]


def test_feedback_in_app(world, client_for, published):
    client = client_for("member")
    page = client.get(published.opinion.get_absolute_url()).content.decode()
    assert 'data-testid="feedback-form"' in page
    client.post(
        reverse("assignment_feedback", args=[published.pk]),
        {"result": "solved", "satisfaction": "satisfied", "comment": "很及时"},
    )
    published.refresh_from_db()
    assert published.status == A.CLOSED
    assert published.feedback.get().channel == "inbox"


def test_office_sends_back_then_publishes(world, client_for, replied):
    client = client_for("staff")
    client.post(
        reverse("assignment_office", args=[replied.pk, "send_back"]), {"comment": "请附整改照片"}
    )
    replied.refresh_from_db()
    assert replied.status == A.IN_PROGRESS
    services.reply(world.handler, replied, "附整改照片。")
    for action in ("check", "publish"):
        client.post(reverse("assignment_office", args=[replied.pk, action]))
    replied.refresh_from_db()
    assert replied.status == A.PUBLISHED


def test_overdue_is_shown_everywhere(world, client_for, assignment):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Assignment.objects.filter(pk=assignment.pk).update(deadline=yesterday)
    assert (
        'data-testid="office-overdue"' in client_for("staff").get(reverse("home")).content.decode()
    )
    handler = client_for("handler")
    assert 'data-testid="department-overdue"' in handler.get(reverse("home")).content.decode()
    assert "早餐摊点" in handler.get(reverse("assignment_list") + "?view=overdue").content.decode()
    assert 'data-testid="overdue"' in handler.get(assignment.get_absolute_url()).content.decode()
    listed = client_for("staff").get(reverse("opinion_list") + "?overdue=1").content.decode()
    assert "早餐摊点" in listed
    # The list marks it overdue (its rows read with an EXISTS of the page's fifty).
    row = client_for("staff").get(reverse("opinion_list")).content.decode().split("早餐摊点")[1]
    assert 'badge text-bg-danger">已逾期' in row.split("</tr>")[0]


def test_overdue_list_follows_the_calendar(world, client_for, assignment, monkeypatch):
    """A server started yesterday must still count today's date: the filter is built per
    request, not once at import."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Assignment.objects.filter(pk=assignment.pk).update(deadline=tomorrow)
    client = client_for("staff")
    assert "早餐摊点" not in client.get(reverse("opinion_list") + "?overdue=1").content.decode()
    later = tomorrow + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert "早餐摊点" in client.get(reverse("opinion_list") + "?overdue=1").content.decode()


def test_forwarding_report_docx_and_xlsx(world, client_for, published):
    from docx import Document
    from openpyxl import load_workbook

    client = client_for("staff")
    start, end = timezone.localdate().replace(month=1, day=1), timezone.localdate()
    query = f"?start={start}&end={end}"
    page = client.get(reverse("opinion_report") + query).content.decode()
    assert "食品安全" in page and "早餐摊点" in page
    docx = client.get(reverse("opinion_report") + query + "&format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "南景饭店周边早餐摊点油烟大、卫生差" in text and "康希" in text and "食品安全" in text
    xlsx = client.get(reverse("opinion_report") + query + "&format=xlsx")
    cells = [c for row in load_workbook(io.BytesIO(xlsx.content)).active.values for c in row if c]
    assert any("早餐摊点" in str(c) for c in cells)
    bad = client.get(reverse("opinion_report") + f"?start={end}&end={start}")
    assert "不能早于" in bad.content.decode() or bad.status_code == 200


def test_scorecard_counts_with_bounded_queries(
    world, client_for, published, django_assert_max_num_queries
):
    from liaison.opinions.reports import scorecard

    services.give_feedback(world.kang, published, result="not_solved", satisfaction="dissatisfied")
    services.reopen(world.staff, published)
    services.reply(world.handler, published, "再次整改完毕")
    services.check_reply(world.staff, published)
    services.publish(world.staff, published)
    services.give_feedback(world.kang, published, result="solved", satisfaction="satisfied")
    start, end = timezone.localdate().replace(month=1, day=1), timezone.localdate()
    with django_assert_max_num_queries(1):
        rows = scorecard([world.office.pk], start, end)
    (row,) = rows
    assert row["received"] == 1 and row["closed"] == 1 and row["reopened"] == 1
    assert row["feedback_total"] == 2 and row["satisfied_rate"] == 50
    client = client_for("staff")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("opinion_scorecard")).content.decode()
    assert "街道食安办" in page


def test_list_runs_a_bounded_number_of_queries(
    world, client_for, food, django_assert_max_num_queries
):
    for n in range(15):
        services.submit_opinion(
            world.staff,
            world.office,
            source="visit",
            raisers=[world.kang],
            text=f"意见{n}",
            category=food,
        )
    client = client_for("staff")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("opinion_list")).status_code == 200
    xlsx = client.get(reverse("opinion_list") + "?format=xlsx")
    assert xlsx.status_code == 200


def test_route_a_raised_opinion_from_an_activity(world, client_for):
    from tests.activities.factories import ActivityFactory

    activity = ActivityFactory(office=world.office)
    raised = RaisedOpinion.objects.create(
        activity=activity, member=world.kang, text="建议增加停车位"
    )
    client = client_for("staff")
    response = client.post(reverse("opinion_route_raised", args=[raised.pk]))
    opinion = Opinion.objects.get()
    assert response["Location"] == opinion.get_absolute_url()
    raised.refresh_from_db()
    assert raised.routed_to_id == opinion.pk and opinion.raised_item == raised
    assert opinion.text == "建议增加停车位" and opinion.raised_at_activity == activity
    again = client.post(reverse("opinion_route_raised", args=[raised.pk]), follow=True)
    assert "已经转出" in again.content.decode() or Opinion.objects.count() == 1
    assert Opinion.objects.count() == 1
    assert (
        client_for("other").post(reverse("opinion_route_raised", args=[raised.pk])).status_code
        == 404
    )


def test_admin_maintains_calendar_and_categories(world, client_for, food):
    client = client_for("admin")
    day = datetime.date(2027, 2, 20)  # a Saturday worked after the Spring Festival
    client.post(reverse("opinion_calendar"), {"date": day, "kind": "workday", "name": "春节调休"})
    assert workdays.is_working_day(day)
    client.post(
        reverse("opinion_category_edit", args=[food.pk]),
        {"name": food.name, "default_deadline_days": 7, "sort_order": 0, "is_active": "on"},
    )
    food.refresh_from_db()
    assert food.default_deadline_days == 7
    assert client_for("staff").get(reverse("opinion_calendar")).status_code == 403
    assert "2026-02-16" in client.get(reverse("opinion_calendar") + "?year=2026").content.decode()


def test_closed_not_solved_counts_in_figures(world, published):
    from liaison.core.figures import get_figure

    services.give_feedback(world.kang, published, result="not_solved", satisfaction="dissatisfied")
    services.close(world.staff, published, solved=False)
    start, end = timezone.localdate().replace(month=1, day=1), timezone.localdate()
    ids = [world.office.pk, world.other_office.pk]
    assert get_figure("opinions.received").count(ids, start, end) == {world.office.pk: 1}
    assert get_figure("opinions.closed_unsolved").count(ids, start, end) == {world.office.pk: 1}
    assert get_figure("opinions.closed").count(ids, start, end) == {}
    assert get_figure("opinions.satisfaction").count(ids, start, end) == {world.office.pk: 0}
    assert get_figure("opinions.received").breakdown(ids, start, end) == {
        world.office.pk: {"食品安全": 1}
    }
    assert published.opinion.__class__.objects.get().status == Status.CLOSED_UNSOLVED


def test_figures_count_in_one_query(world, published, django_assert_num_queries):
    from liaison.core.figures import all_figures

    services.give_feedback(world.kang, published, result="solved", satisfaction="satisfied")
    start, end = timezone.localdate().replace(month=1, day=1), timezone.localdate()
    for figure in all_figures("opinions"):
        with django_assert_num_queries(1):
            figure.count([world.office.pk, world.other_office.pk], start, end)
    assert all_figures("opinions")[2].count([world.office.pk], start, end) == {world.office.pk: 1}


def test_extension_through_the_pages(world, client_for, assignment):
    later = workdays.add_working_days(assignment.deadline, 3)
    client_for("handler").post(
        reverse("assignment_handle", args=[assignment.pk, "extension"]),
        {"deadline": later.isoformat(), "reason": "需协调区市场监管局"},
    )
    request = assignment.extension_requests.get()
    assert (
        client_for("handler")
        .post(reverse("extension_decide", args=[request.pk, "grant"]))
        .status_code
        == 403
    )
    client_for("staff").post(reverse("extension_decide", args=[request.pk, "grant"]))
    assignment.refresh_from_db()
    assert assignment.deadline == later
    page = client_for("handler").get(assignment.get_absolute_url()).content.decode()
    assert "批准延期" in page


def test_escalation_through_the_pages(world, client_for, opinion):
    client = client_for("staff")
    client.post(
        reverse("opinion_triage", args=[opinion.pk]),
        {"outcome": "escalated", "escalated_to": "芙蓉区市场监管局"},
    )
    client.post(
        reverse("opinion_answer", args=[opinion.pk]), {"answer": "已纳入整治", "solved": "on"}
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.CLOSED and opinion.escalation_answer == "已纳入整治"


def test_office_home_lists_the_first_ten_of_each_list(world, rf, assignment):
    """Overdue and awaiting the office, ten each in deadline order; an overdue item with an
    extension pending belongs to both lists."""
    from liaison.opinions.home import office_items
    from liaison.opinions.models import ExtensionRequest

    today = timezone.localdate()
    made = []
    for n in range(60):
        row = Assignment.objects.get(pk=assignment.pk)
        row.pk = None
        row.status = [A.ASSIGNED, A.REPLIED, A.IN_PROGRESS, A.PUBLISHED, A.NOT_SOLVED][n % 5]
        row.deadline = today + datetime.timedelta(days=n % 7 - 4)
        row.save()
        made.append(row)
    for row in made[::4]:
        ExtensionRequest.objects.create(
            assignment=row, requested_deadline=today, reason="等候批复", requested_by=world.staff
        )
    rows = sorted(Assignment.objects.all(), key=lambda a: (a.deadline, a.pk))
    pending = set(
        ExtensionRequest.objects.filter(decision="pending").values_list("assignment", flat=True)
    )
    request = rf.get("/")
    request.user = world.staff
    items = office_items(request)
    assert [a.pk for a in items["overdue"]] == [a.pk for a in rows if a.is_overdue(today)][:10]
    waits = [
        a.pk for a in rows if a.status in (A.REPLIED, A.CHECKED, A.NOT_SOLVED) or a.pk in pending
    ]
    assert [a.pk for a in items["waiting"]] == waits[:10]
    assert len(items["overdue"]) == len(items["waiting"]) == 10
    assert {a.pk for a in items["overdue"]} & {a.pk for a in items["waiting"]}  # both lists


def test_the_homes_lists_follow_each_write(world, client_for, assignment, monkeypatch):
    """The office home's two lists are stored with the office's year: an extension asked
    for, a reply, a department renamed show on the next load, and which open item is
    overdue is decided at each load (by the panel's clock, moved on here)."""
    from types import SimpleNamespace

    from liaison.opinions import home
    from liaison.orgs import services as orgs

    client = client_for("staff")

    def lists():
        panels = dict((p.key, items) for p, items in client.get(reverse("home")).context["panels"])
        items = panels["office.opinions"]
        return [a.pk for a in items["overdue"]], [a.pk for a in items["waiting"]]

    assert lists() == ([], [])
    later = assignment.deadline + datetime.timedelta(days=1)
    clock = SimpleNamespace(localdate=lambda: later)
    monkeypatch.setattr(home, "timezone", clock)
    assert lists() == ([assignment.pk], [])
    from liaison.workdays.services import add_working_days

    asked = add_working_days(assignment.deadline, 3)
    services.request_extension(world.handler, assignment, asked, "等候检测")
    assert lists() == ([assignment.pk], [assignment.pk])
    orgs.update_organization(world.admin, world.department, name="街道市场监管所")
    page = client.get(reverse("home")).content.decode()
    assert "街道市场监管所" in page and "街道食安办" not in page
    monkeypatch.undo()
    services.receive(world.handler, assignment)
    services.reply(world.handler, assignment, "已整改。")
    assert lists() == ([], [assignment.pk])
