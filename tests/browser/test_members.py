"""The roster's main path: find a member by pinyin initials, open the profile, reveal the
personal data (logged), record an illness, and see it as a pending care visit."""

import re

from playwright.sync_api import expect

from liaison.orgs.models import AuditEntry
from tests.browser.test_login_flow import login


def test_director_finds_a_member_reveals_data_and_records_care(page, demo):
    login(page, "zhuren")
    page.goto("/members/")
    page.fill("input[name=q]", "kx")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    page.get_by_role("link", name="康希").click()
    expect(page.locator("h1")).to_contain_text("康希")
    expect(page.get_by_test_id("personal-data")).to_contain_text("138****0011")
    page.get_by_test_id("reveal").click()
    expect(page.get_by_test_id("personal-data")).to_contain_text("13807310011")
    assert AuditEntry.objects.filter(action="view_personal").count() == 1

    page.get_by_test_id("tab-enterprise").click()
    expect(page.locator("main")).to_contain_text("南景饭店")
    page.get_by_role("link", name="登记联谊慰问事项").first.click()
    page.select_option("select[name=kind]", "illness")
    page.fill("input[name=event_date]", "2026-12-01")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/members/care/\d+/$"))
    expect(page.locator("h1")).to_contain_text("生病住院")
    page.goto("/members/care/")
    expect(page.locator("tbody")).to_contain_text("康希")


def test_member_list_fits_a_phone(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "zhuren")
    for path in ["/members/", "/members/care/", "/members/enterprises/", "/members/import/"]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide at 390px"
