import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from liaison.members.models import Member, MemberGroup, Sector
from liaison.orgs.models import AuditEntry
from tests.factories import MemberFactory, valid_id_number


def form_data(world, **changes):
    data = {
        "name": "汤朝阳",
        "gender": "male",
        "ethnicity": "汉族",
        "birth_date": "1970-03-08",
        "affiliation": "cndca",
        "sector": Sector.objects.get(district=world.district, name="经济界").pk,
        "term": 14,
        "term_start": "2022-01-01",
        "term_end": "2026-12-31",
        "employer": "长沙共盛建材有限公司",
        "post": "总经理",
        "level": "district",
        "phone": "13807310012",
        "id_number": valid_id_number("19700308", "011"),
        "address": "长沙市芙蓉区燕山街2号",
    }
    data.update(changes)
    return data


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_staff_create_a_member_with_a_full_profile(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = form_data(world, photo=SimpleUploadedFile("p.png", png_bytes(), "image/png"))
    response = client_for("director").post(reverse("member_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(name="汤朝阳")
    assert (member.office, member.sector.name) == (world.office, "经济界")
    assert " tcy" in member.search_keys
    assert member.photo.name.startswith(f"members/photos/{world.office.pk}/")
    assert AuditEntry.objects.filter(action="create", object_id=str(member.pk)).exists()
    photo = client_for("director").get(reverse("member_photo", args=[member.pk]))
    assert photo.status_code == 200
    assert client_for("other").get(reverse("member_photo", args=[member.pk])).status_code == 404


def test_bad_profile_input_is_refused_and_saves_nothing(world, client_for):
    client = client_for("director")
    cases = {
        "id_number": valid_id_number()[:-1] + ("0" if valid_id_number()[-1] != "0" else "1"),
        "birth_date": "2999-01-01",
        "phone": "1380731",
        "name": "长" * 51,
    }
    expected = {"id_number": "校验", "birth_date": "未来", "phone": "11 位", "name": "50"}
    for field, value in cases.items():
        response = client.post(reverse("member_create"), form_data(world, **{field: value}))
        assert response.status_code == 200, field
        assert expected[field] in str(response.context["form"].errors[field]), field
    response = client.post(reverse("member_create"), form_data(world, term_end="2020-01-01"))
    assert "结束" in str(response.context["form"].errors["term_end"])
    response = client.post(
        reverse("member_create"),
        form_data(world, photo=SimpleUploadedFile("p.png", b"not an image", "image/png")),
    )
    assert "photo" in response.context["form"].errors
    assert not Member.objects.filter(name__in=["汤朝阳", "长" * 51]).exists()


def test_a_group_of_another_office_is_refused(world, client_for):
    group = MemberGroup.objects.create(office=world.other_office, name="外组")
    response = client_for("director").post(
        reverse("member_create"), form_data(world, group=group.pk)
    )
    assert response.status_code == 200 and "group" in response.context["form"].errors


def test_edit_keeps_the_pinyin_in_step_and_logs_a_diff(world, client_for):
    response = client_for("director").post(
        reverse("member_edit", args=[world.kang.pk]),
        form_data(world, name="康熙", phone="13807310011"),
    )
    assert response.status_code == 302
    world.kang.refresh_from_db()
    assert world.kang.name_pinyin == "kangxi" and world.kang.name == "康熙"
    entry = AuditEntry.objects.get(action="update", object_id=str(world.kang.pk))
    assert entry.data["changes"]["name"] == ["康希", "康熙"]
    assert "name_pinyin" not in entry.data["changes"]


def test_status_change_needs_a_reason(world, client_for):
    url = reverse("member_status", args=[world.kang.pk])
    client = client_for("director")
    client.post(url, {"status": "withdrawn", "date": "2026-06-01", "reason": ""})
    world.kang.refresh_from_db()
    assert world.kang.status == "serving"
    client.post(url, {"status": "withdrawn", "date": "2026-06-01", "reason": "工作调动"})
    world.kang.refresh_from_db()
    assert (world.kang.status, world.kang.status_reason) == ("withdrawn", "工作调动")


def test_profile_tabs_render(world, client_for, django_assert_max_num_queries):
    client = client_for("director")
    for tab in [
        "basic",
        "enterprise",
        "honours",
        "care",
        "activities",
        "opinions",
        "proposals",
        "duty",
        "nonsense",
    ]:
        with django_assert_max_num_queries(15):
            response = client.get(reverse("member_detail", args=[world.kang.pk]), {"tab": tab})
        assert response.status_code == 200, tab


def test_a_member_of_another_office_is_not_found(world, client_for):
    other = MemberFactory(office=world.other_office, name="周建华")
    for name in ["director", "staff", "member"]:
        for url in [
            reverse("member_detail", args=[other.pk]),
            reverse("member_edit", args=[other.pk]),
        ]:
            assert client_for(name).get(url).status_code in (403, 404), (name, url)
    response = client_for("director").post(
        reverse("member_edit", args=[other.pk]), form_data(world, name="改名")
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "周建华"
