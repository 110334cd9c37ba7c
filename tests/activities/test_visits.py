import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.activities import services
from liaison.activities.models import Visit
from liaison.core.errors import Refusal
from liaison.duty.models import DutyRecord
from tests.factories import MemberFactory


def _today():
    return timezone.localdate()


def test_staff_record_a_visit_and_the_visitors_get_ledger_entries(world, client_for):
    tang = MemberFactory(office=world.office, name="汤朝阳")
    client = client_for("staff")
    response = client.post(
        reverse("visit_create"),
        {
            "member": world.kang.pk,
            "date": _today().isoformat(),
            "staff": [world.staff.pk, world.director.pk],
            "visitors": [tang.pk],
            "discussed": "企业用工情况",
            "opinions": "希望街道协调解决停车难。",
            "care_notes": "带去慰问品",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "visit_detail", args=[visit.pk]
    )
    assert visit.office == world.office and visit.member == world.kang
    assert set(visit.staff.all()) == {world.staff, world.director}
    assert list(visit.visitors.all()) == [tang]
    assert DutyRecord.objects.filter(member=tang, kind="activities.visit").count() == 1
    page = client.get(reverse("visit_detail", args=[visit.pk])).content.decode()
    assert "希望街道协调解决停车难。" in page and "带去慰问品" in page
    listed = client.get(reverse("visit_list")).content.decode()
    assert "康希" in listed and "企业用工情况" in listed


def test_a_visit_to_another_offices_member_is_refused(world, client_for):
    stranger = MemberFactory(office=world.other_office, name="外人")
    with pytest.raises(Refusal) as refusal:
        services.record_visit(world.staff, world.office, member=stranger, date=_today())
    assert refusal.value.code == "invite_other_office"
    response = client_for("staff").post(
        reverse("visit_create"), {"member": stranger.pk, "date": _today().isoformat()}
    )
    assert response.status_code == 200
    assert "有效" in response.content.decode() or "选择" in response.content.decode()
    visitor = client_for("staff").post(
        reverse("visit_create"),
        {"member": world.kang.pk, "date": _today().isoformat(), "visitors": [stranger.pk]},
    )
    assert visitor.status_code == 200
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"date": "2026-01-01"},  # no member
        {"member": "99999", "date": "2026-01-01"},
        {"member": "KANG", "date": "not a date"},
        {"member": "KANG", "date": "FUTURE"},
        {"member": "KANG", "date": "2026-01-01", "visitors": ["KANG"]},
        {"member": "KANG", "date": "2026-01-01", "care_notes": "长" * 501},
    ],
)
def test_bad_visits_are_refused_with_a_message(world, client_for, data):
    data = {
        key: (
            [world.kang.pk for _ in value]
            if isinstance(value, list)
            else world.kang.pk
            if value == "KANG"
            else (_today() + datetime.timedelta(days=1)).isoformat()
            if value == "FUTURE"
            else value
        )
        for key, value in data.items()
    }
    response = client_for("staff").post(reverse("visit_create"), data)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode() or "alert-danger" in (
        response.content.decode()
    )
    assert not Visit.objects.exists()


def test_visit_list_filters_by_year_and_member_and_exports(world, client_for):
    tang = MemberFactory(office=world.office, name="汤朝阳")
    this_year = _today().replace(month=1, day=2)
    services.record_visit(
        world.staff, world.office, member=world.kang, date=this_year, discussed="今年走访康希"
    )
    services.record_visit(
        world.staff, world.office, member=tang, date=this_year, discussed="今年走访汤朝阳"
    )
    services.record_visit(
        world.staff,
        world.office,
        member=world.kang,
        date=this_year.replace(year=this_year.year - 1),
        discussed="去年走访",
    )
    client = client_for("staff")
    page = client.get(reverse("visit_list")).content.decode()
    assert "今年走访康希" in page and "今年走访汤朝阳" in page and "去年走访" not in page
    last = client.get(reverse("visit_list"), {"year": this_year.year - 1}).content.decode()
    assert "去年走访" in last and "今年走访康希" not in last
    kang = client.get(reverse("visit_list"), {"member": world.kang.pk}).content.decode()
    assert "今年走访康希" in kang and "今年走访汤朝阳" not in kang
    bad = client.get(reverse("visit_list"), {"year": "abc"}).content.decode()
    assert "去年走访" in bad  # the filter is dropped, and said so
    export = client.get(reverse("visit_list"), {"format": "xlsx"})
    assert export.status_code == 200 and export["Content-Disposition"].endswith('.xlsx"')
    # Another office's staff see none of them.
    assert "今年走访康希" not in client_for("other").get(reverse("visit_list")).content.decode()


def test_visit_list_runs_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    members = [MemberFactory(office=world.office) for _ in range(5)]
    for n in range(30):
        services.record_visit(
            world.staff,
            world.office,
            member=members[n % 5],
            date=_today(),
            staff=[world.staff, world.director],
            visitors=[m for m in members if m != members[n % 5]][:2],
        )
    client = client_for("staff")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("visit_list")).status_code == 200


def test_coverage_lists_members_not_yet_visited_twice(world, client_for):
    tang = MemberFactory(office=world.office, name="汤朝阳")
    huang = MemberFactory(office=world.office, name="黄德君")
    for _ in range(2):
        services.record_visit(world.staff, world.office, member=tang, date=_today())
    services.record_visit(world.staff, world.office, member=huang, date=_today())
    page = client_for("staff").get(reverse("visit_coverage")).content.decode()
    assert "黄德君" in page and "康希" in page and "汤朝阳" not in page
    assert f"member={huang.pk}" in page  # a link to record the next visit


def test_deleting_a_visit_retracts_the_ledger(world, client_for):
    tang = MemberFactory(office=world.office)
    visit = services.record_visit(
        world.staff, world.office, member=world.kang, date=_today(), visitors=[tang]
    )
    assert client_for("other").post(reverse("visit_delete", args=[visit.pk])).status_code == 404
    client_for("staff").post(reverse("visit_delete", args=[visit.pk]))
    assert not Visit.objects.exists()
    assert not DutyRecord.objects.filter(kind="activities.visit").exists()


@pytest.mark.parametrize("name", ["member", "viewer", "reviewer", "handler", "nobody", "admin"])
def test_visit_pages_refuse_who_is_not_office_staff(world, client_for, name):
    visit = services.record_visit(world.staff, world.office, member=world.kang, date=_today())
    client = client_for(name)
    for url in [
        reverse("visit_list"),
        reverse("visit_create"),
        reverse("visit_coverage"),
        reverse("visit_detail", args=[visit.pk]),
    ]:
        assert client.get(url).status_code in (403, 404), (name, url)
    assert client.post(
        reverse("visit_create"), {"member": world.kang.pk, "date": _today().isoformat()}
    ).status_code in (403, 404)
    assert client.post(reverse("visit_delete", args=[visit.pk])).status_code in (403, 404)
    assert Visit.objects.count() == 1


def test_another_offices_staff_cannot_open_or_record_for_this_office(world, client_for):
    visit = services.record_visit(world.staff, world.office, member=world.kang, date=_today())
    client = client_for("other")
    assert client.get(reverse("visit_detail", args=[visit.pk])).status_code == 404
    response = client.post(
        reverse("visit_create") + f"?office={world.office.pk}",
        {"member": world.kang.pk, "date": _today().isoformat()},
    )
    assert response.status_code == 404
    assert Visit.objects.count() == 1


def test_anonymous_visitors_go_to_login(world):
    for url in [reverse("visit_list"), reverse("visit_create"), reverse("visit_coverage")]:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
