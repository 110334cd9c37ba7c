from decimal import Decimal

from django.urls import reverse

from liaison.members.models import Contribution, Enterprise, Honour
from liaison.members.services import contribution_totals
from liaison.orgs.models import AuditEntry
from tests.factories import MemberFactory


def test_enterprise_with_yearly_contributions_and_office_totals(world, client_for):
    client = client_for("director")
    client.post(
        reverse("enterprise_create", args=[world.kang.pk]),
        {
            "name": "南景饭店",
            "industry": "餐饮住宿",
            "role": "领办人",
            "address": "燕山街",
            "building": "南景大厦",
        },
    )
    hotel = Enterprise.objects.get(name="南景饭店")
    url = reverse("contribution_edit", args=[world.kang.pk, hotel.pk])
    client.post(url, {"year": 2024, "tax_paid": "118", "employees": 226})
    client.post(url, {"year": 2024, "tax_paid": "120", "employees": 230})  # same year: update
    client.post(url, {"year": 2025, "tax_paid": "126", "employees": 240})
    assert Contribution.objects.filter(enterprise=hotel).count() == 2
    other = MemberFactory(office=world.office, name="汤朝阳")
    firm = Enterprise.objects.create(member=other, name="共盛建材")
    Contribution.objects.create(enterprise=firm, year=2025, tax_paid=Decimal("97"), employees=120)
    totals = {
        row["year"]: (row["tax"], row["employees"]) for row in contribution_totals(world.office)
    }
    assert totals == {2024: (Decimal("120"), 230), 2025: (Decimal("223"), 360)}
    page = client.get(reverse("enterprise_overview")).content.decode()
    assert "223" in page and "南景饭店" in page
    assert AuditEntry.objects.filter(content_type__model="contribution").count() == 3


def test_bad_contribution_years_and_numbers_are_refused(world, client_for):
    hotel = Enterprise.objects.create(member=world.kang, name="南景饭店")
    url = reverse("contribution_edit", args=[world.kang.pk, hotel.pk])
    for data in [
        {"year": 1800},
        {"year": 2999},
        {"year": 2024, "tax_paid": "abc"},
        {"year": 2024, "employees": -3},
        {"year": ""},
    ]:
        response = client_for("director").post(url, data)
        assert response.status_code == 200, data
    assert not Contribution.objects.exists()


def test_honours_for_a_member_or_their_enterprise(world, client_for):
    hotel = Enterprise.objects.create(member=world.kang, name="南景饭店")
    elsewhere = Enterprise.objects.create(member=MemberFactory(office=world.office), name="别家")
    client = client_for("director")
    client.post(
        reverse("honour_create", args=[world.kang.pk]),
        {
            "title": "税收贡献奖",
            "granted_by": "芙蓉区人民政府",
            "year": 2024,
            "enterprise": hotel.pk,
        },
    )
    client.post(
        reverse("honour_create", args=[world.kang.pk]),
        {"title": "优秀政协委员", "granted_by": "芙蓉区政协", "year": 2025, "enterprise": ""},
    )
    response = client.post(
        reverse("honour_create", args=[world.kang.pk]),
        {"title": "别人的奖", "granted_by": "x", "year": 2025, "enterprise": elsewhere.pk},
    )
    assert response.status_code == 200
    assert set(Honour.objects.values_list("title", flat=True)) == {"税收贡献奖", "优秀政协委员"}
    page = client.get(reverse("member_detail", args=[world.kang.pk]), {"tab": "honours"})
    assert "税收贡献奖" in page.content.decode()


def test_deleting_records_is_audited_and_scoped(world, client_for):
    hotel = Enterprise.objects.create(member=world.kang, name="南景饭店")
    other_member = MemberFactory(office=world.other_office)
    theirs = Enterprise.objects.create(member=other_member, name="外处企业")
    url = reverse("member_record_delete", args=[world.kang.pk, "enterprise", hotel.pk])
    assert client_for("staff").get(url).status_code == 405
    client_for("staff").post(url)
    assert not Enterprise.objects.filter(pk=hotel.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_repr="南景饭店").exists()
    for url in [
        reverse("member_record_delete", args=[world.kang.pk, "enterprise", theirs.pk]),
        reverse("member_record_delete", args=[other_member.pk, "enterprise", theirs.pk]),
        reverse("member_record_delete", args=[world.kang.pk, "nonsense", 1]),
    ]:
        assert client_for("director").post(url).status_code == 404
    assert Enterprise.objects.filter(pk=theirs.pk).exists()


def test_viewers_and_members_cannot_change_records(world, client_for):
    for name in ["viewer", "member", "other"]:
        response = client_for(name).post(
            reverse("enterprise_create", args=[world.kang.pk]), {"name": "x"}
        )
        assert response.status_code in (403, 404), name
    assert not Enterprise.objects.exists()
