"""Markup stored in member, activity and notification text never runs: no dialog, no console
output from it, no flag set on the page, and the text is shown as typed (escaped)."""

import re

from playwright.sync_api import expect

from liaison.activities.models import Activity
from liaison.members.models import Member
from liaison.notify.services import notify
from liaison.orgs.models import User
from tests.browser.test_login_flow import login

SCRIPT = "<script>window.__xss=1;alert(1)</script>"
IMAGE = "<img src=x onerror=\"window.__xss='img';console.log('xss-ran');alert('xss')\">"
SVG = "\"><svg onload=\"window.__xss='svg';alert('xss')\">"


def _watch(page):
    seen = {"dialogs": [], "console": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: seen["console"].append(message.text))
    return seen


def _assert_inert(page, seen, where):
    assert page.evaluate("window.__xss") is None, f"{where}: stored markup ran"
    assert not seen["dialogs"], f"{where}: a dialog opened: {seen['dialogs']}"
    ran = [text for text in seen["console"] if "xss-ran" in text]
    assert not ran, f"{where}: {ran}"


def test_stored_markup_is_shown_escaped_and_never_runs(page, demo):
    kang = Member.objects.get(name="康希")
    Member.objects.filter(pk=kang.pk).update(
        name="康希" + SCRIPT, employer="南景饭店" + IMAGE, post=SVG
    )
    activity = Activity.objects.filter(office=kang.office).order_by("starts_at").last()
    Activity.objects.filter(pk=activity.pk).update(
        title="政情通报会" + SCRIPT, place=IMAGE, description=SVG + SCRIPT
    )
    director = User.objects.get(username="zhuren")
    notify([director], "welcome", None, "新的意见" + IMAGE + SCRIPT, url="/members/")

    seen = _watch(page)
    login(page, "zhuren")
    pages = [
        ("/", None),
        ("/members/", "康希<script>"),
        (f"/members/{kang.pk}/", "<img src=x onerror="),
        ("/activities/", "政情通报会<script>"),
        (f"/activities/{activity.pk}/", "政情通报会<script>"),
        ("/activities/calendar/list/", "政情通报会<script>"),
        ("/notifications/", "新的意见<img src=x"),
    ]
    for path, shown in pages:
        page.goto(path)
        page.wait_for_load_state("load")
        _assert_inert(page, seen, path)
        if shown:
            expect(page.locator("main")).to_contain_text(shown)

    # Typed into a form by a user, the same markup is saved as text and shown as text.
    page.goto(f"/members/{kang.pk}/edit/")
    page.fill("input[name=address]", IMAGE)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback, .alert-danger")).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"/members/{kang.pk}/$"))
    _assert_inert(page, seen, "after saving the member")
    page.get_by_test_id("reveal").click()
    expect(page.get_by_test_id("personal-data")).to_contain_text("<img src=x onerror=")
    _assert_inert(page, seen, "after revealing the address")
