"""一.1 and 一.2 of the seed: the office submits next year's plan; 书记 comments on an item; the
office revises and resubmits; 书记 approves. A major activity stays unpublished until its
request for instruction is approved."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_login_flow import login


def logout(page):
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()


def open_plan(page, title):
    page.goto("/plans/")
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_contain_text(title)


def test_plan_review_and_the_major_activity_gate(page, demo):
    title = f"燕山街道政协联络处{timezone.localdate().year + 1}年工作计划"
    status = page.get_by_test_id("plan-status")

    login(page, "zhuren")
    open_plan(page, title)
    page.get_by_test_id("plan-submit").click()
    expect(status).to_have_text("已呈报待审")
    logout(page)

    login(page, "shuji")
    expect(page.get_by_test_id("panel-review.pending")).to_contain_text(title)
    page.get_by_test_id("panel-review.pending").get_by_role("link", name=title).click()
    page.get_by_test_id("item-comment-input-5").fill("请明确调研课题和完成时间。")
    page.get_by_test_id("item-comment-send-5").click()
    expect(page.get_by_test_id("item-5")).to_contain_text("请明确调研课题和完成时间。")
    expect(status).to_have_text("已反馈意见")
    expect(page.get_by_test_id("item-edit-5")).to_have_count(0)  # reviewers never edit
    logout(page)

    login(page, "zhuren")
    open_plan(page, title)
    expect(page.get_by_test_id("item-5")).to_contain_text("请明确调研课题")
    page.get_by_test_id("item-edit-5").click()
    page.fill("input[name=title]", "就社区调整分设开展专题调研1项（三季度完成）")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("item-5")).to_contain_text("三季度完成")
    page.get_by_test_id("plan-submit").click()
    expect(status).to_have_text("已修改重新呈报")
    logout(page)

    login(page, "shuji")
    open_plan(page, title)
    page.get_by_test_id("plan-approve").click()
    expect(status).to_have_text("已批准")
    logout(page)

    # The major activity: refused until the 请示 is approved.
    login(page, "zhuren")
    page.goto("/activities/")
    page.get_by_role("link", name="委员企业家座谈会").click()
    activity_url = page.url
    page.get_by_test_id("action-publish").click()
    expect(page.locator(".alert-danger")).to_contain_text("请示获批后才能发布")
    expect(page.get_by_test_id("activity-status")).to_have_text("草稿")
    logout(page)

    login(page, "shuji")
    page.goto("/plans/requests/")
    page.get_by_role("link", name="关于召开委员企业家座谈会的请示").click()
    page.fill("textarea[name=comment]", "同意召开，届时出席。")
    page.get_by_test_id("request-approve").click()
    expect(page.get_by_test_id("request-status")).to_have_text("已批准")
    logout(page)

    login(page, "zhuren")
    page.goto(activity_url)
    page.get_by_test_id("action-publish").click()
    expect(page.get_by_test_id("activity-status")).to_have_text(re.compile("已发布"))


def test_plans_and_research_pages_fit_a_phone(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "zhuren")
    for path in [
        "/plans/",
        "/plans/requests/",
        "/plans/reports/",
        "/research/",
        "/research/campaigns/",
        "/research/donations/",
    ]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide at 390px"
