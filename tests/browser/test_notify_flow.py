"""Notification settings in the browser: choose the daily digest, make a calendar link,
subscribe to it, stop it; on a phone-width screen nothing scrolls sideways."""

import re

from playwright.sync_api import expect

from tests.browser.test_login_flow import login


def test_member_chooses_digest_and_manages_a_calendar_link(page, demo):
    login(page, "kangxi")
    page.goto("/notifications/")
    page.get_by_test_id("notification-settings").click()
    expect(page).to_have_url(re.compile(r"/notifications/settings/$"))
    expect(page.locator("h1")).to_have_text("通知设置")
    page.check("input[name=welcome][value=digest]")
    page.get_by_test_id("preferences-form").locator("button[type=submit]").click()
    expect(page.locator(".alert")).to_contain_text("通知设置已保存")
    expect(page.locator("input[name=welcome][value=digest]")).to_be_checked()

    page.get_by_test_id("calendar-issue").click()
    expect(page.locator(".alert")).to_contain_text("已生成新的日历链接")
    url = page.get_by_test_id("calendar-url").input_value()
    assert re.search(r"/notifications/calendar/[\w-]+\.ics$", url)
    feed = page.request.get(url)
    assert feed.status == 200 and feed.text().startswith("BEGIN:VCALENDAR")

    page.get_by_test_id("calendar-revoke").click()
    expect(page.locator(".alert")).to_contain_text("日历链接已停用")
    expect(page.get_by_test_id("calendar-url")).to_have_count(0)
    assert page.request.get(url).status == 404


def test_notification_pages_fit_a_phone(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "zhuren")
    for path in ["/notifications/settings/", "/notifications/exports/"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
