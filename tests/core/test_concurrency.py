"""Two people editing the same record at once: the second save is told the record changed
(liaison/core/concurrency.py) instead of silently overwriting the first."""

import datetime

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities import services as activities
from liaison.activities.models import Activity, ActivityType
from liaison.members.models import Member
from liaison.orgs.models import AuditEntry, Organization, User


def shown_form(client, url, marker=None) -> dict:
    """The values a browser would post from the page's form (the one holding `marker`)."""
    return shown_form_from(client.get(url).content.decode(), marker)


def _activity(world):
    start = timezone.now() + datetime.timedelta(days=3)
    return activities.save_activity(
        world.director,
        Activity(office=world.office),
        type=ActivityType.objects.get(code="briefing"),
        title="政情通报会",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )


# (who edits, the page, which form, the record, a field each of the two changes)
CASES = {
    "member profile": (
        "director",
        lambda w: reverse("member_edit", args=[w.kang.pk]),
        None,
        lambda w: Member.objects.get(pk=w.kang.pk),
        ("employer", "南景饭店"),
        ("post", "总经理"),
    ),
    "activity": (
        "director",
        lambda w: reverse("activity_edit", args=[_activity(w).pk]),
        None,
        lambda w: Activity.objects.get(office=w.office),
        ("place", "三楼会议室"),
        ("title", "第二次政情通报会"),
    ),
    "organization": (
        "admin",
        lambda w: reverse("org_edit", args=[w.office.pk]),
        None,
        lambda w: Organization.objects.get(pk=w.office.pk),
        ("short_name", "燕山联络处"),
        ("name", "燕山街道政协工作联络处"),
    ),
    "account": (
        "admin",
        lambda w: reverse("user_detail", args=[w.staff.pk]),
        ("form", "edit"),
        lambda w: User.objects.get(pk=w.staff.pk),
        ("display_name", "王工作人员"),
        ("email", "staff@example.cn"),
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_second_save_is_told_the_record_changed(case, world, client_for):
    who, page, marker, record, (first_field, first_value), (second_field, second_value) = CASES[
        case
    ]
    url = page(world)
    first, second = client_for(who), client_for(who)
    first_form, second_form = shown_form(first, url, marker), shown_form(second, url, marker)
    assert first_form["version"] and first_form["version"] == second_form["version"]

    assert first.post(url, first_form | {first_field: first_value}).status_code == 302
    audit_rows = AuditEntry.objects.count()
    refused = second.post(url, second_form | {second_field: second_value})

    assert refused.status_code == 200
    page_text = refused.content.decode()
    assert "其他人" in page_text and "未保存" in page_text
    saved = record(world)
    assert getattr(saved, first_field) == first_value  # the first save stands
    assert getattr(saved, second_field) != second_value  # the second did not overwrite it
    assert AuditEntry.objects.count() == audit_rows

    # The form came back with the current token: saving again is a knowing overwrite.
    again = shown_form_from(page_text, marker)
    assert again[second_field] == second_value
    assert second.post(url, again).status_code == 302
    saved = record(world)
    assert getattr(saved, second_field) == second_value


def shown_form_from(html, marker) -> dict:
    for form in lxml.html.fromstring(html).forms:
        values = dict(form.form_values())
        if "version" in values and (marker is None or marker in values.items()):
            return values
    raise AssertionError("no edit form")


def test_a_save_without_a_version_still_works(world, client_for):
    """Clients that never saw the form (scripts, old tabs) are not refused, only unguarded."""
    url = reverse("member_edit", args=[world.kang.pk])
    form = shown_form(client_for("director"), url)
    form.pop("version")
    assert client_for("director").post(url, form | {"employer": "银华大酒店"}).status_code == 302
    world.kang.refresh_from_db()
    assert world.kang.employer == "银华大酒店"


def test_the_service_checks_under_the_row_lock(world):
    """The check is in the service, not only the form: a stale Version is refused there."""
    from liaison.core.concurrency import Version, version_token
    from liaison.core.errors import Refusal
    from liaison.members.services import save_member

    fields = ("name", "employer")
    seen = Version(fields, version_token(world.kang, fields))
    save_member(world.staff, world.kang, employer="长沙共盛建材有限公司")
    with pytest.raises(Refusal) as refusal:
        save_member(world.director, world.kang, expected_version=seen, name="康希希")
    assert refusal.value.code == "changed_meanwhile"
    world.kang.refresh_from_db()
    assert world.kang.name == "康希"
