"""The whole opinion loop in the browser: 康希 raises an opinion at a visit; the office assigns
it to 街道食安办; the handler signs for it and replies; the office publishes; 康希 answers
"not solved" through the one-time link; the office reopens; the second reply is solved; the
scorecard shows one reopened and one closed."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from liaison.members.models import Member
from liaison.notify.models import Notification
from liaison.opinions.models import Assignment
from liaison.orgs.models import Organization
from liaison.workdays import services as workdays
from tests.browser.test_login_flow import login

TEXT = "南景饭店门前人行道常被早餐摊占用，油烟很大，希望食安办管一管。"


def _as(page, username):
    page.context.clear_cookies()
    login(page, username)
    expect(page).to_have_url(re.compile(r"/$"))


def test_opinion_from_visit_to_reopened_and_solved(page, demo):
    office = Organization.objects.get(name="燕山街道政协联络处")
    kang = Member.objects.get(office=office, name="康希")
    today = timezone.localdate()

    # The office records the visit to 康希 and passes his opinion on.
    _as(page, "zhuren")
    page.goto(f"/activities/visits/new/?member={kang.pk}")
    page.fill("input[name=date]", today.isoformat())
    page.fill("textarea[name=opinions]", TEXT)
    page.click("form button[type=submit].btn-primary")
    page.get_by_test_id("route-visit-opinion").click()
    expect(page.get_by_test_id("verbatim")).to_contain_text("早餐摊占用")

    # Triage: assign to 街道食安办 with a deadline on a working day.
    deadline = workdays.add_working_days(today, 10)
    page.select_option("select[name=department]", label="街道食安办")
    page.fill("input[name=deadline]", deadline.isoformat())
    page.get_by_test_id("assign").click()
    expect(page.get_by_test_id("opinion-status")).to_have_text("已交办")
    assignment = Assignment.objects.get(opinion__text=TEXT)

    # The handler signs for it and replies.
    _as(page, "shianban")
    expect(page.get_by_test_id("panel-handle.assignments")).to_contain_text("早餐摊")
    page.goto(f"/opinions/assignments/{assignment.pk}/")
    page.get_by_test_id("receive").click()
    page.fill("textarea[name=text]", "已约谈摊主，责令规范经营。")
    page.get_by_test_id("send-reply").click()
    expect(page.get_by_test_id("assignment-status")).to_have_text("已办复")

    # The office reads the reply, then publishes it to 康希.
    _as(page, "zhuren")
    page.goto(f"/opinions/assignments/{assignment.pk}/")
    page.get_by_test_id("check").click()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("assignment-status")).to_have_text("已反馈委员")

    # 康希 answers "not solved" through the link, without signing in.
    link = Notification.objects.filter(recipient=kang.user, kind="opinion.published").latest("pk")
    page.context.clear_cookies()
    page.goto(link.url)
    expect(page.get_by_test_id("link-form")).to_be_visible()
    page.check("input[name=result][value=not_solved]")
    page.check("input[name=satisfaction][value=dissatisfied]")
    page.fill("textarea[name=comment]", "摊点还在。")
    page.click("[data-testid=link-form] button[type=submit]")
    expect(page.get_by_test_id("link-thanks")).to_be_visible()
    page.goto(link.url)  # the link works once
    expect(page.get_by_test_id("link-used")).to_be_visible()

    # The office reopens it with a new deadline.
    _as(page, "zhuren")
    page.goto(f"/opinions/assignments/{assignment.pk}/")
    expect(page.get_by_test_id("assignment-status")).to_have_text("委员反馈未解决")
    page.fill(
        "[data-testid=reopen-form] input[name=deadline]",
        workdays.add_working_days(today, 5).isoformat(),
    )
    page.get_by_test_id("reopen").click()
    expect(page.get_by_test_id("deadline-history")).to_contain_text("再办理")

    # The second reply; published; 康希 says solved, in the app this time.
    _as(page, "shianban")
    page.goto(f"/opinions/assignments/{assignment.pk}/")
    page.fill("textarea[name=text]", "摊点已全部迁入便民早餐点。")
    page.get_by_test_id("send-reply").click()
    _as(page, "zhuren")
    page.goto(f"/opinions/assignments/{assignment.pk}/")
    page.get_by_test_id("check").click()
    page.get_by_test_id("publish").click()
    _as(page, "kangxi")
    page.goto(f"/opinions/{assignment.opinion_id}/")
    page.check("[data-testid=feedback-form] input[name=result][value=solved]")
    page.check("[data-testid=feedback-form] input[name=satisfaction][value=satisfied]")
    page.click("[data-testid=feedback-form] button[type=submit]")
    expect(page.get_by_test_id("opinion-status")).to_have_text("已办结（已解决）")

    # The scorecard: one reopened, one closed at 街道食安办.
    _as(page, "zhuren")
    page.goto("/opinions/scorecard/")
    row = page.get_by_test_id("score-街道食安办")
    expect(row.get_by_test_id("reopened")).to_have_text("1")
    expect(row.get_by_test_id("closed")).to_have_text("1")
