"""The first walk through the product: log in as 燕山's director, read the home page in
Chinese, switch to English, log out; on a phone-width screen nothing scrolls sideways."""

import re

from playwright.sync_api import expect

from liaison.core.demo import DEMO_PASSWORD


def login(page, username, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_director_logs_in_switches_language_and_logs_out(page, demo):
    login(page, "zhuren")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_contain_text("欢迎")
    expect(page.get_by_test_id("panel-office.today")).to_contain_text("今日工作")
    expect(page.get_by_test_id("unread-count")).to_be_visible()

    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.get_by_test_id("panel-office.today")).to_contain_text("Today's work")

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/"))


def test_wrong_password_shows_chinese_message(page, demo):
    login(page, "zhuren", "not-the-password")
    expect(page.locator(".alert-danger")).to_contain_text("用户名或密码不正确")


def test_phone_width_has_no_horizontal_scroll(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/accounts/login/"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    login(page, "zhuren")
    for path in ["/", "/members/", "/notifications/", "/duty/"]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide at 390px"
    # The collapsed navigation opens and shows the role's entries.
    page.goto("/")
    page.locator(".navbar-toggler").click()
    expect(page.locator("#nav-main")).to_contain_text("委员")
