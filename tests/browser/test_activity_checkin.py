"""Issue 4's main path: staff create a 政情通报会, invite a group, publish and open check-in;
a member opens the link from the QR screen on a 390 px phone and checks in; staff close the
activity; the attendance table and the member's duty record show the right rows."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_login_flow import login


def test_briefing_from_creation_to_the_duty_record(browser, live_server, page, demo):
    login(page, "zhuren")
    page.goto("/activities/new/")
    page.select_option("select[name=type]", label="政情通报会")
    page.fill("input[name=title]", "2026年第二次政情通报会")
    start = timezone.localtime() + datetime.timedelta(days=1)
    page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT09:00"))
    page.fill("input[name=ends_at]", start.strftime("%Y-%m-%dT11:00"))
    page.fill("input[name=place]", "燕山街道办事处三楼会议室")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/activities/\d+/$"))

    page.get_by_label("第一组（经济）").check()
    page.get_by_test_id("invite").click()
    expect(page.get_by_test_id("attendance-table")).to_contain_text("康希")
    page.get_by_test_id("action-publish").click()
    expect(page.get_by_test_id("activity-status")).to_have_text("已发布")
    page.get_by_test_id("action-open").click()
    page.get_by_test_id("screen-link").click()
    link = page.get_by_test_id("checkin-url")
    expect(link).to_be_visible()
    checkin_url = link.get_attribute("href")

    phone = browser.new_context(
        locale="zh-CN", base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    member = phone.new_page()
    member.goto(checkin_url)
    expect(member).to_have_url(re.compile(r"/accounts/login/"))
    member.fill("input[name=username]", "kangxi")
    member.fill("input[name=password]", "liaison-demo")
    member.click("button[type=submit]")
    member.get_by_test_id("checkin-button").click()
    expect(member.get_by_test_id("checkin-done")).to_contain_text("签到成功")
    assert member.evaluate("document.documentElement.scrollWidth") <= 390
    member.reload()  # a second scan changes nothing
    expect(member.get_by_test_id("checkin-done")).to_contain_text("已签到")

    page.reload()
    expect(page.get_by_test_id("present-count")).to_have_text("1")
    page.get_by_role("link", name="返回活动").click()
    page.get_by_test_id("action-close").click()
    expect(page.get_by_test_id("activity-status")).to_have_text("已结束")
    expect(page.get_by_test_id("attendance-康希")).to_contain_text("出席")
    expect(page.get_by_test_id("attendance-曹升洋")).to_contain_text("缺席")

    member.goto("/duty/")
    expect(member.locator("tbody")).to_contain_text("出席活动")
    phone.close()
