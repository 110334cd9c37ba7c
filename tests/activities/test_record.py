import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from liaison.activities import services_record as record
from liaison.activities.models import (
    AgendaItem,
    LeaderInvitation,
    Material,
    RaisedOpinion,
    Speech,
    Status,
)
from liaison.core.errors import Refusal
from liaison.duty.models import DutyRecord
from liaison.orgs.models import AuditEntry
from tests.activities.factories import ActivityFactory, invite
from tests.factories import MemberFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def activity(world):
    return invite(ActivityFactory(office=world.office, title="政情通报会"), world.kang)


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx(name="讲话稿.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def pdf(name="通报材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")


def add(client, activity, kind, data):
    return client.post(reverse("activity_record_add", args=[activity.pk, kind]), data)


def test_staff_build_the_record_and_everyone_invited_sees_it(world, client_for, activity, media):
    client = client_for("staff")
    tang = MemberFactory(office=world.office, name="汤朝阳")
    add(
        client,
        activity,
        "agenda",
        {"title": "通报街道上半年工作", "kind": "on_stage", "speaker_name": "街道办事处主任"},
    )
    add(client, activity, "agenda", {"title": "委员发言", "kind": "written", "speaker": tang.pk})
    add(
        client,
        activity,
        "leader",
        {"name": "李书记", "position": "党工委书记", "user": world.reviewer.pk},
    )
    add(client, activity, "material", {"kind": "document", "title": "", "upload": pdf()})
    add(client, activity, "material", {"kind": "photo", "title": "会场", "upload": png()})
    add(
        client,
        activity,
        "speech",
        {"member": tang.pk, "title": "关于背街小巷改造", "kind": "on_stage"},
    )
    add(
        client,
        activity,
        "opinion",
        {"member": world.kang.pk, "text": "建议在燕山街增设停车位。\n原话照录。"},
    )
    client.post(reverse("activity_minutes", args=[activity.pk]), {"summary": "会议通报了工作。"})

    items = list(activity.agenda.values_list("title", "order", "speaker_id", "speaker_name"))
    assert items == [
        ("通报街道上半年工作", 1, None, "街道办事处主任"),
        ("委员发言", 2, tang.pk, ""),
    ]
    assert activity.leaders.get().user == world.reviewer
    document = activity.materials.get(kind=Material.Kind.DOCUMENT)
    assert document.title == "通报材料" and document.file.name.endswith(".pdf")
    assert "通报材料" not in document.file.name  # stored under a random name
    assert activity.speeches.get().member == tang
    assert DutyRecord.objects.filter(member=tang, kind="activities.speech").count() == 1
    opinion = activity.opinions.get()
    assert opinion.text == "建议在燕山街增设停车位。\n原话照录。"
    assert opinion.recorded_by == world.staff
    activity.refresh_from_db()
    assert activity.summary == "会议通报了工作。"
    assert AuditEntry.objects.filter(action="create").count() >= 7

    page = client_for("member").get(reverse("activity_record", args=[activity.pk]))
    text = page.content.decode()
    for expected in [
        "通报街道上半年工作",
        "汤朝阳",
        "李书记",
        "通报材料",
        "关于背街小巷改造",
        "增设停车位",
        "会议通报了工作",
    ]:
        assert expected in text, expected
    assert 'action="/activities/' not in text  # members get no forms
    staff_page = client.get(reverse("activity_record", args=[activity.pk])).content.decode()
    assert reverse("activity_record_add", args=[activity.pk, "agenda"]) in staff_page


def test_record_page_runs_a_bounded_number_of_queries(
    world, client_for, activity, media, django_assert_max_num_queries
):
    for n in range(10):
        member = MemberFactory(office=world.office)
        record.add_agenda_item(world.staff, activity, title=f"议程{n}", speaker=member)
        record.record_speech(world.staff, activity, member=member, title=f"发言{n}")
        record.record_opinion(world.staff, activity, member=member, text=f"意见{n}")
        record.add_leader(world.staff, activity, name=f"领导{n}")
    for name in ("staff", "member"):
        client = client_for(name)
        with django_assert_max_num_queries(18):
            assert client.get(reverse("activity_record", args=[activity.pk])).status_code == 200


def test_files_are_served_through_the_view_to_who_may_see_the_activity(
    world, client_for, activity, media
):
    photo = record.add_material(world.staff, activity, kind="photo", upload=png(), title="会场")
    document = record.add_material(world.staff, activity, kind="document", upload=docx())
    url = reverse("activity_material", args=[activity.pk, photo.pk])
    response = client_for("member").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    download = client_for("viewer").get(
        reverse("activity_material", args=[activity.pk, document.pk])
    )
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    for name in ("other", "reviewer", "handler", "nobody"):
        assert client_for(name).get(url).status_code in (403, 404), name
    assert Client().get(url).status_code == 302
    # A material of another activity is not reachable through this one's address.
    elsewhere = ActivityFactory(office=world.office)
    assert (
        client_for("staff")
        .get(reverse("activity_material", args=[elsewhere.pk, photo.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("kind", "upload", "code"),
    [
        ("document", SimpleUploadedFile("病毒.exe", b"MZ\x90\x00"), "document_type"),
        ("document", SimpleUploadedFile("假的.pdf", b"<html>not a pdf</html>"), "document_content"),
        ("document", SimpleUploadedFile("假的.docx", b"%PDF-1.4 hello"), "document_content"),
        ("document", SimpleUploadedFile("旧.doc", b"PK\x03\x04zip"), "document_content"),
        ("photo", SimpleUploadedFile("照片.jpg", b"%PDF-1.4 not an image"), "photo_invalid"),
        ("photo", SimpleUploadedFile("空.png", b""), "upload_empty"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(world, activity, media, kind, upload, code):
    with pytest.raises(Refusal) as refusal:
        record.add_material(world.staff, activity, kind=kind, upload=upload)
    assert refusal.value.code == code
    assert not Material.objects.exists()
    assert not list(media.rglob("*.*"))


def test_an_upload_over_10_mb_is_refused(world, client_for, activity, media):
    big = SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    response = add(client_for("staff"), activity, "material", {"kind": "document", "upload": big})
    assert response.status_code == 302
    assert not Material.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("10 MB" in m for m in messages)


def test_removing_a_material_deletes_its_file(world, client_for, activity, media):
    material = record.add_material(world.staff, activity, kind="document", upload=pdf())
    path = media / material.file.name
    assert path.exists()
    with pytest.MonkeyPatch.context():
        response = client_for("staff").post(
            reverse("activity_record_remove", args=[activity.pk, "material", material.pk])
        )
    assert response.status_code == 302
    assert not Material.objects.exists()


def test_speech_removal_retracts_the_ledger_entry(world, client_for, activity):
    speech = record.record_speech(world.staff, activity, member=world.kang, title="发言")
    assert DutyRecord.objects.filter(kind="activities.speech").count() == 1
    client_for("staff").post(
        reverse("activity_record_remove", args=[activity.pk, "speech", speech.pk])
    )
    assert not Speech.objects.exists()
    assert not DutyRecord.objects.filter(kind="activities.speech").exists()


def test_an_opinion_routed_on_cannot_be_removed(world, client_for, activity):
    opinion = record.record_opinion(world.staff, activity, member=world.kang, text="原话")
    RaisedOpinion.objects.filter(pk=opinion.pk).update(routed_to_id=42)
    response = client_for("staff").post(
        reverse("activity_record_remove", args=[activity.pk, "opinion", opinion.pk])
    )
    assert response.status_code == 302
    assert RaisedOpinion.objects.filter(pk=opinion.pk).exists()
    fresh = RaisedOpinion.objects.create(activity=activity, member=world.kang, text="另一条")
    client_for("staff").post(
        reverse("activity_record_remove", args=[activity.pk, "opinion", fresh.pk])
    )
    assert not RaisedOpinion.objects.filter(pk=fresh.pk).exists()


def test_members_of_another_office_are_refused_as_speakers_and_speech_givers(world, activity):
    stranger = MemberFactory(office=world.other_office, name="外人")
    for call in [
        lambda: record.add_agenda_item(world.staff, activity, title="x", speaker=stranger),
        lambda: record.record_speech(world.staff, activity, member=stranger, title="x"),
        lambda: record.record_opinion(world.staff, activity, member=stranger, text="x"),
    ]:
        with pytest.raises(Refusal) as refusal:
            call()
        assert refusal.value.code == "invite_other_office"
    assert not AgendaItem.objects.exists() and not Speech.objects.exists()
    assert not RaisedOpinion.objects.exists()


def test_other_office_member_posted_through_the_form_is_refused(world, client_for, activity):
    stranger = MemberFactory(office=world.other_office)
    response = add(
        client_for("staff"),
        activity,
        "speech",
        {"member": stranger.pk, "title": "x", "kind": "on_stage"},
    )
    assert response.status_code == 302
    assert not Speech.objects.exists()


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("agenda", {"title": "", "kind": "on_stage"}),
        ("agenda", {"title": "x", "kind": "sideways"}),
        ("leader", {"name": "  "}),
        ("speech", {"title": "发言", "kind": "on_stage"}),
        ("opinion", {"text": "没有委员"}),
        ("material", {"kind": "document"}),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(world, client_for, activity, kind, data):
    response = add(client_for("staff"), activity, kind, data)
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages]
    for model in (AgendaItem, LeaderInvitation, Material, Speech, RaisedOpinion):
        assert not model.objects.exists()


def test_both_a_member_and_a_typed_speaker_is_refused(world, activity):
    with pytest.raises(Refusal) as refusal:
        record.add_agenda_item(
            world.staff, activity, title="x", speaker=world.kang, speaker_name="别人"
        )
    assert refusal.value.code == "speaker_twice"


def test_an_archived_activity_refuses_every_change(world, client_for, activity, media):
    item = record.add_agenda_item(world.staff, activity, title="议程")
    activity.status = Status.ARCHIVED
    activity.save()
    client = client_for("staff")
    add(client, activity, "agenda", {"title": "新议程", "kind": "on_stage"})
    client.post(reverse("activity_minutes", args=[activity.pk]), {"summary": "改了"})
    client.post(reverse("activity_record_remove", args=[activity.pk, "agenda", item.pk]))
    assert list(AgendaItem.objects.values_list("title", flat=True)) == ["议程"]
    activity.refresh_from_db()
    assert activity.summary == ""
    with pytest.raises(Refusal) as refusal:
        record.add_material(world.staff, activity, kind="document", upload=pdf())
    assert refusal.value.code == "activity_archived"
    page = client.get(reverse("activity_record", args=[activity.pk])).content.decode()
    assert reverse("activity_record_add", args=[activity.pk, "agenda"]) not in page


def test_closed_activity_still_takes_its_minutes(world, activity):
    activity.status = Status.CLOSED
    activity.save()
    record.save_minutes(world.staff, activity, "会后整理的纪要")
    activity.refresh_from_db()
    assert activity.summary == "会后整理的纪要"


@pytest.mark.parametrize(
    ("name", "status"),
    [("member", 403), ("viewer", 403), ("other", 404), ("reviewer", 403), ("nobody", 403)],
)
def test_who_may_not_write_is_refused(world, client_for, activity, name, status):
    item = record.add_agenda_item(world.staff, activity, title="议程")
    client = client_for(name)
    assert add(client, activity, "agenda", {"title": "x", "kind": "on_stage"}).status_code == status
    assert (
        client.post(reverse("activity_minutes", args=[activity.pk]), {"summary": "x"}).status_code
        == status
    )
    assert (
        client.post(
            reverse("activity_record_remove", args=[activity.pk, "agenda", item.pk])
        ).status_code
        == status
    )
    assert list(AgendaItem.objects.values_list("title", flat=True)) == ["议程"]


def test_anonymous_writes_go_to_login(world, activity):
    response = Client().post(
        reverse("activity_record_add", args=[activity.pk, "agenda"]), {"title": "x"}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not AgendaItem.objects.exists()


def test_unknown_kind_is_404_and_get_is_not_allowed(world, client_for, activity):
    client = client_for("staff")
    assert add(client, activity, "nonsense", {}).status_code == 404
    assert (
        client.get(reverse("activity_record_add", args=[activity.pk, "agenda"])).status_code == 405
    )


def test_next_must_stay_on_this_site(world, client_for, activity):
    response = add(
        client_for("staff"),
        activity,
        "agenda",
        {"title": "x", "kind": "on_stage", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith(reverse("activity_record", args=[activity.pk]))


def test_the_record_include_works_with_the_detail_pages_context(world, activity, rf):
    """The contract with the detail page: it includes activities/_record.html with
    `activity`, `can_manage`, `is_invited` (and `request`, `csrf_token` from the context)."""
    from django.template.loader import render_to_string

    record.add_agenda_item(world.staff, activity, title="通报街道上半年工作")
    request = rf.get(f"/activities/{activity.pk}/")
    request.user = world.staff
    html = render_to_string(
        "activities/_record.html",
        {"activity": activity, "can_manage": True, "is_invited": False},
        request=request,
    )
    assert "通报街道上半年工作" in html
    assert reverse("activity_record_add", args=[activity.pk, "agenda"]) in html
    assert f'name="next" value="/activities/{activity.pk}/"' in html
    request.user = world.member
    html = render_to_string(
        "activities/_record.html",
        {"activity": activity, "can_manage": False, "is_invited": True},
        request=request,
    )
    assert "通报街道上半年工作" in html
    assert reverse("activity_record_add", args=[activity.pk, "agenda"]) not in html


def test_an_invited_leader_sees_the_activity_and_no_other(world, client_for, activity):
    draft = ActivityFactory(office=world.office, status=Status.DRAFT)
    other = ActivityFactory(office=world.office, status=Status.PUBLISHED)
    for invited in (activity, draft):
        record.add_leader(world.staff, invited, name="党工委书记", user=world.reviewer)
    client = client_for("reviewer")

    def record_page(user_client, shown):
        return user_client.get(reverse("activity_record", args=[shown.pk])).status_code

    assert record_page(client, activity) == 200
    assert record_page(client, draft) == record_page(client, other) == 404
    assert record_page(client_for("handler"), activity) == 403
