"""The calendar and an activity's record on a phone: the month shows as a list of days, the
record takes an agenda item and a photo, and a visit is recorded from the coverage page."""

import datetime
import io
import re

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from liaison.activities.models import Visit
from liaison.members.models import Member
from liaison.orgs.models import Organization
from tests.activities.factories import ActivityFactory, invite
from tests.browser.test_login_flow import login

PHONE = {"width": 390, "height": 844}


def _fits(page, path):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide at 390px"


def test_staff_use_the_calendar_and_the_record_on_a_phone(page, demo, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    office = Organization.objects.get(name="燕山街道政协联络处")
    kang = Member.objects.get(office=office, name="康希")
    # Still to come whatever the hour the suite runs: the list shows what is ahead.
    starts = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(minutes=5)
    activity = invite(
        ActivityFactory(
            office=office,
            title="政情通报会（手机测试）",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
        ),
        kang,
    )
    page.set_viewport_size(PHONE)
    login(page, "zhuren")
    page.goto("/activities/calendar/")
    expect(page.get_by_test_id("calendar-event").first).to_contain_text("政情通报会（手机测试）")
    _fits(page, "/activities/calendar/")
    page.get_by_test_id("calendar-next").click()
    expect(page).to_have_url(re.compile(r"\?month=\d{4}-\d{2}$"))
    _fits(page, "next month")
    page.goto("/activities/calendar/list/")
    expect(page.get_by_test_id("activity-calendar-list")).to_contain_text("政情通报会（手机测试）")
    _fits(page, "/activities/calendar/list/")

    page.goto(f"/activities/{activity.pk}/record/")
    _fits(page, "record")
    agenda = page.get_by_test_id("record-agenda")
    agenda.locator("summary").click()
    agenda.locator("input[name=title]").fill("通报街道上半年工作")
    agenda.locator("input[name=speaker_name]").fill("街道办事处主任")
    agenda.get_by_role("button", name="添加").click()
    expect(page.get_by_test_id("record-agenda")).to_contain_text("通报街道上半年工作")

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    materials = page.get_by_test_id("record-materials")
    materials.locator("summary").click()
    materials.locator("select[name=kind]").select_option("photo")
    materials.locator("input[name=title]").fill("会场照片")
    materials.locator("input[name=upload]").set_input_files(
        {"name": "会场.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}
    )
    materials.get_by_role("button", name="上传").click()
    photo = page.get_by_test_id("record-materials").locator("img")
    expect(photo).to_have_attribute("alt", "会场照片")
    photo.scroll_into_view_if_needed()
    # The photo comes through the access-checked view, and is a real image.
    page.wait_for_function("document.querySelector('.record-photo img').naturalWidth === 40")
    _fits(page, "record with a photo")

    page.goto("/activities/visits/coverage/")
    _fits(page, "/activities/visits/coverage/")
    page.locator("li", has_text="康希").get_by_role("link", name="登记走访").click()
    page.fill("textarea[name=discussed]", "企业用工情况")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/activities/visits/\d+/$"))
    assert Visit.objects.get(discussed="企业用工情况").member == kang
    _fits(page, "visit")
