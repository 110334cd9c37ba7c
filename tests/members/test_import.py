import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from liaison.members import importing
from liaison.members.models import Member, MemberGroup, Sector
from liaison.orgs.models import AuditEntry, User
from tests.factories import MemberFactory, valid_id_number

HEADER = [
    "姓名",
    "性别",
    "出生日期",
    "政治面貌",
    "界别",
    "委员组",
    "手机号码",
    "身份证号",
    "登录账号",
]


def xlsx(rows, header=HEADER, merge=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8") -> bytes:
    lines = [",".join(HEADER)] + [",".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


GOOD = [
    [
        "汤朝阳",
        "男",
        "1970-03-08",
        "民建",
        "经济界",
        "第一组",
        "13807310012",
        valid_id_number("19700308", "011"),
        "",
    ],
    [
        "黄德君",
        "男",
        "1965/11/02",
        "中共党员",
        "",
        "第二组",
        "13807310013",
        valid_id_number("19651102", "013"),
        "huangdejun",
    ],
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, data: bytes, name="members.xlsx"):
    return client.post(reverse("member_import"), {"file": SimpleUploadedFile(name, data)})


def commit(client, response):
    return client.post(reverse("member_import_commit"), {"token": response.context["token"]})


def test_good_file_previews_then_imports_and_a_reimport_updates(world, client_for, media):
    client = client_for("director")
    preview = upload(client, xlsx(GOOD))
    assert preview.status_code == 200 and not preview.context["plan"].errors
    assert preview.context["plan"].creates == 2
    assert Member.objects.filter(office=world.office).count() == 1  # nothing written yet
    result = commit(client, preview)
    assert result.status_code == 200  # the one-time page with the new account's password
    account = result.context["accounts"][0]
    assert account["username"] == "huangdejun"
    tang = Member.objects.get(name="汤朝阳")
    assert tang.sector.name == "经济界" and tang.group.name == "第一组"
    assert tang.affiliation == "cndca" and " tzy" in tang.search_keys
    assert set(MemberGroup.objects.filter(office=world.office).values_list("name", flat=True)) == {
        "第一组",
        "第二组",
    }
    user = User.objects.get(username="huangdejun")
    assert user.must_change_password and user.member_profile.name == "黄德君"
    # The new account must change its temporary password first.
    fresh = Client()
    fresh.post(reverse("login"), {"username": "huangdejun", "password": account["password"]})
    assert fresh.get(reverse("home"))["Location"] == reverse("password_change")
    # Same file again, one post changed: matched by ID number, updated, no duplicates.
    changed = [row[:] for row in GOOD]
    changed[0][0] = "汤朝阳"
    changed[0][5] = "第二组"
    changed[1][8] = ""
    preview = upload(client, xlsx(changed))
    assert preview.context["plan"].updates == 2 and preview.context["plan"].creates == 0
    commit(client, preview)
    assert Member.objects.filter(office=world.office).count() == 3
    assert Member.objects.get(name="汤朝阳").group.name == "第二组"
    assert AuditEntry.objects.filter(action="import").count() == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_and_gbk(world, client_for, media, encoding):
    preview = upload(client_for("director"), csv_bytes(GOOD, encoding), "members.csv")
    plan = preview.context["plan"]
    assert not plan.errors and plan.creates == 2
    assert {r.fields["name"] for r in plan.rows} == {"汤朝阳", "黄德君"}


def test_bad_rows_are_all_listed_and_nothing_is_imported(world, client_for, media):
    taken = MemberFactory(
        office=world.other_office, name="外处", id_number=valid_id_number("19800101", "021")
    )
    bad_id = valid_id_number("19700308", "011")
    bad_id = bad_id[:-1] + ("1" if bad_id[-1] != "1" else "2")
    rows = [
        *GOOD,
        ["", "男", "", "", "", "", "", "", ""],  # row 4: no name
        ["甲", "男", "", "", "", "", "", bad_id, ""],  # row 5: checksum
        ["乙", "男", "", "", "", "", "12345", "", ""],  # row 6: phone
        ["丙", "男", "1970-13-45", "", "", "", "", "", ""],  # row 7: date
        ["丁", "男", "", "", "", "", "13807310012", "", ""],  # row 8: phone repeats row 2
        ["戊", "男", "", "", "", "", "", taken.id_number, ""],  # row 9: other office
        ["己", "未知", "2999-01-01", "火星党", "不存在界", "", "", "", ""],  # row 10
        ["庚", "男", "", "", "", "", "", "", "member"],  # row 11: login name taken
    ]
    client = client_for("director")
    preview = upload(client, xlsx(rows))
    errors = preview.context["plan"].errors
    rows_with_errors = {row for row, _message in errors}
    assert rows_with_errors == {4, 5, 6, 7, 8, 9, 10, 11}
    text = " ".join(message for _row, message in errors)
    for expected in [
        "缺少姓名",
        "校验码",
        "11 位",
        "不是有效日期",
        "与第 2 行重复",
        "其他联络处",
        "未来",
        "火星党",
        "不存在界",
        "已被占用",
    ]:
        assert expected in text, expected
    page = preview.content.decode()
    assert "第 2 行" in page or "<td>4</td>" in page
    # A forged commit of the same stored file is refused too.
    forged = client.post(
        reverse("member_import_commit"), {"token": preview.context["token"]}, follow=True
    )
    assert "未导入任何数据" in forged.content.decode()
    assert Member.objects.filter(office=world.office).count() == 1


def test_ten_thousand_rows_with_one_bad_row_at_the_end(world, client_for, media):
    rows = [[f"委员{i}", "男", "", "", "", "", f"139{i:08d}", "", ""] for i in range(9999)]
    rows.append(["", "男", "", "", "", "", "", "", ""])
    data = xlsx(rows)
    plan = importing.plan_import(data, world.office)
    assert plan.errors == [(10001, "缺少姓名。")]
    with pytest.raises(importing.ImportFileError):
        importing.commit_import(world.director, data, world.office)
    assert Member.objects.filter(office=world.office).count() == 1


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"", "空文件"),  # Django's own "所提交的是空文件。"
        (b"\x00\x01\x02\xff\xfe garbage" * 50, "既不是 xlsx"),
        (b"PK\x03\x04 not really a zip", "无法读取"),
        ("名字,电话\n康希,1\n".encode(), "没有“姓名”列"),
        ("姓名,手机号码\n".encode(), "没有委员数据"),
    ],
)
def test_unreadable_files_get_a_clear_message(world, client_for, media, data, expected):
    response = upload(client_for("director"), data)
    assert response.status_code == 200
    assert expected in str(response.context["form"].errors["file"])


def test_merged_header_cells_are_refused(world, client_for, media):
    response = upload(client_for("director"), xlsx(GOOD, merge="A1:B1"))
    assert "合并单元格" in str(response.context["form"].errors["file"])


def test_a_20_mb_upload_is_refused(world, client_for, media):
    response = upload(client_for("director"), b"0" * (20 * 1024 * 1024))
    assert "5 MB" in str(response.context["form"].errors["file"])
    assert Member.objects.filter(office=world.office).count() == 1


def test_template_download_round_trips(world, client_for, media):
    response = client_for("director").get(reverse("member_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == importing.TEMPLATE_HEADERS
    plan = importing.plan_import(response.content, world.office)
    assert not plan.errors and plan.creates == 1  # the example row


def test_import_is_for_office_staff_and_their_own_uploads(world, client_for, media):
    for name in ["member", "viewer", "admin"]:
        assert upload(client_for(name), xlsx(GOOD)).status_code == 403, name
    preview = upload(client_for("director"), xlsx(GOOD))
    stolen = client_for("staff").post(
        reverse("member_import_commit"), {"token": preview.context["token"]}
    )
    assert stolen.status_code == 404
    assert (
        client_for("director")
        .post(reverse("member_import_commit"), {"token": "../../etc/passwd"})
        .status_code
        == 404
    )
    assert Member.objects.filter(office=world.office).count() == 1


def test_the_commit_reuses_the_previews_rows_but_checks_the_database_again(world, monkeypatch):
    data = xlsx(GOOD)
    assert not importing.plan_import(data, world.office).errors

    def unread(_data):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(importing, "read_table", unread)
    # Between preview and commit, another office registers the first row's ID number.
    MemberFactory(office=world.other_office, name="外处", id_number=GOOD[0][7])
    with pytest.raises(importing.ImportFileError):
        importing.commit_import(world.director, data, world.office)
    assert not Member.objects.filter(office=world.office, name="汤朝阳").exists()


def test_a_list_changed_after_the_preview_means_the_file_is_checked_again(world):
    data = xlsx(GOOD)
    assert not importing.plan_import(data, world.office).errors
    Sector.objects.filter(name="经济界").delete()
    errors = importing.plan_import(data, world.office).errors
    assert [row for row, _message in errors] == [2]


def test_the_sheet_reader_reads_what_openpyxl_reads():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "出生日期", "届次", "在任", "备注"])
    sheet.append(["张三", datetime.date(1968, 5, 12), 14, True, "a<b&c"])
    sheet.append([])
    naive = datetime.datetime(2001, 1, 2, 3, 4)  # noqa: DTZ001  (cells have no time zone)
    sheet.append(["李四", naive, 1.5, None, None])
    sheet["G6"] = "far right"
    sheet.append(["王五", "1970-01-01"])
    workbook.create_sheet("second").append(["not read"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    def trimmed(rows):
        rows = [list(row) for row in rows]
        for row in rows:
            while row and row[-1] is None:
                row.pop()
        return rows

    fast = importing._read_xlsx(buffer.getvalue())
    _path, slow = importing._read_with_openpyxl(buffer.getvalue())
    assert trimmed(fast) == trimmed(slow)
    assert fast[1][1] == datetime.datetime(1968, 5, 12)  # noqa: DTZ001
    assert fast[2] == [None] * 5
