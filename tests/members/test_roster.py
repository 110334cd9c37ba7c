import io

from django.urls import reverse
from openpyxl import load_workbook

from liaison.members.models import Member, MemberGroup, Sector
from liaison.members.services import pinyin_keys
from liaison.orgs.models import AuditEntry
from tests.factories import MemberFactory


def names(response):
    return [m.name for m in response.context["page"]]


def test_pinyin_keys_cover_every_reading():
    assert pinyin_keys("康希") == ("kangxi", " kangxi kx")
    usual, keys = pinyin_keys("汤朝阳")
    assert usual == "tangzhaoyang"
    assert {"tangzhaoyang", "tangchaoyang", "tzy", "tcy"} <= set(keys.split())


def test_search_by_name_pinyin_and_initials(world, client_for):
    MemberFactory(office=world.office, name="汤朝阳")
    client = client_for("director")
    url = reverse("member_list")
    assert names(client.get(url, {"q": "kx"})) == ["康希"]
    assert names(client.get(url, {"q": "kangxi"})) == ["康希"]
    assert names(client.get(url, {"q": "KangX"})) == ["康希"]
    assert names(client.get(url, {"q": "汤"})) == ["汤朝阳"]
    assert names(client.get(url, {"q": "tang"})) == ["汤朝阳"]
    assert names(client.get(url, {"q": "tcy"})) == names(client.get(url, {"q": "tzy"}))


def test_filters_and_sorting(world, client_for):
    sector = Sector.objects.get(district=world.district, name="经济界")
    group = MemberGroup.objects.create(office=world.office, name="第一组")
    MemberFactory(
        office=world.office,
        name="汤朝阳",
        sector=sector,
        group=group,
        affiliation="cndca",
        term=14,
        level="city",
    )
    MemberFactory(office=world.office, name="黄德君", status="withdrawn", term=13)
    client = client_for("director")
    url = reverse("member_list")
    assert names(client.get(url, {"sector": sector.pk})) == ["汤朝阳"]
    assert names(client.get(url, {"group": group.pk})) == ["汤朝阳"]
    assert names(client.get(url, {"affiliation": "cndca"})) == ["汤朝阳"]
    assert names(client.get(url, {"level": "city"})) == ["汤朝阳"]
    assert names(client.get(url, {"term": 13})) == ["黄德君"]
    assert names(client.get(url, {"status": "withdrawn"})) == ["黄德君"]
    assert names(client.get(url, {"sort": "name"})) == ["黄德君", "康希", "汤朝阳"]
    # Bad filter values are ignored rather than breaking the page.
    response = client.get(url, {"sector": "abc", "term": "x", "sort": "evil", "page": "-3"})
    assert response.status_code == 200 and len(names(response)) == 3


def test_list_query_count_is_bounded_with_a_thousand_members(
    world, client_for, django_assert_max_num_queries
):
    sector = Sector.objects.filter(district=world.district).first()
    group = MemberGroup.objects.create(office=world.office, name="第一组")
    Member.objects.bulk_create(
        Member(
            office=world.office,
            name=f"委员{i}",
            name_pinyin=f"weiyuan{i}",
            search_keys=f" weiyuan{i} wy{i}",
            phone=f"139{i:08d}",
            sector=sector,
            group=group,
        )
        for i in range(1000)
    )
    client = client_for("director")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("member_list"), {"sort": "sector"})
    assert len(response.context["page"]) == 50
    with django_assert_max_num_queries(12):
        client.get(reverse("member_list"), {"q": "wy", "page": 7})


def test_list_masks_phones(world, client_for):
    page = client_for("director").get(reverse("member_list")).content.decode()
    assert "138****0011" in page and "13807310011" not in page


def test_export_applies_the_filters_and_is_audited(world, client_for):
    MemberFactory(office=world.office, name="汤朝阳", status="withdrawn", phone="13900000001")
    MemberFactory(office=world.other_office, name="周建华")
    response = client_for("director").get(
        reverse("member_list"), {"status": "withdrawn", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "姓名" and [r[0] for r in rows[1:]] == ["汤朝阳"]
    assert "13900000001" in rows[1]  # the director may see personal data of the office
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == world.director and entry.organization == world.office
    assert entry.data["rows"] == 1 and entry.data["filters"]["status"] == "withdrawn"


def test_export_masks_personal_data_without_the_permission(world, client_for):
    response = client_for("staff").get(reverse("member_list"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "138****0011" in rows[1] and "13807310011" not in rows[1]
    response = client_for("viewer").get(reverse("member_list"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "康希" in text and "13807310011" not in text
    assert AuditEntry.objects.filter(action="export").count() == 2


def test_members_and_outsiders_cannot_export(world, client_for):
    for name in ["member", "reviewer", "handler", "admin", "nobody"]:
        response = client_for(name).get(reverse("member_list"), {"format": "xlsx"})
        assert response.status_code == 403, name
    assert not AuditEntry.objects.filter(action="export").exists()


def test_districts_get_the_usual_sectors_and_admins_edit_them(world, client_for):
    assert Sector.objects.filter(district=world.district).count() >= 30
    client = client_for("admin")
    response = client.post(
        reverse("district_lists", args=["sectors"]),
        {"district": world.district.pk, "name": "新的社会阶层人士", "sort_order": 99},
    )
    assert response.status_code == 302
    sector = Sector.objects.get(name="新的社会阶层人士")
    response = client.post(
        reverse("district_lists", args=["sectors"]),
        {"district": world.district.pk, "name": "新的社会阶层人士", "sort_order": 1},
    )
    assert "已经存在" in response.content.decode()
    client.post(reverse("district_lists", args=["sectors"]), {"toggle": sector.pk})
    sector.refresh_from_db()
    assert not sector.is_active
    assert client.get(reverse("district_lists", args=["nonsense"])).status_code == 404


def test_groups_are_per_office(world, client_for):
    client = client_for("director")
    client.post(reverse("member_groups"), {"name": "第一组", "sort_order": 1})
    response = client.post(reverse("member_groups"), {"name": "第一组", "sort_order": 2})
    assert "已经存在" in response.content.decode()
    group = MemberGroup.objects.get(office=world.office)
    assert (
        client_for("other").post(reverse("member_group_delete", args=[group.pk])).status_code == 404
    )
    client.post(reverse("member_group_delete", args=[group.pk]))
    assert not MemberGroup.objects.exists()
