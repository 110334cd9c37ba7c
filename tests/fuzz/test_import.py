"""Hostile member-import files (xlsx and csv): the preview lists the bad rows or the file is
refused with a message; a commit imports every row or none; nothing unstorable is saved."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from liaison.core.text import has_unstorable
from liaison.members.models import Member
from tests.factories import valid_id_number
from tests.fuzz import hostile
from tests.fuzz.conftest import FUZZ
from tests.fuzz.harness import assert_escaped, assert_export_safe, table_fingerprints

HEADER = ["姓名", "性别", "出生日期", "政治面貌", "委员组", "手机号码", "身份证号", "登录账号"]
GOOD = ["汤朝阳", "男", "1970-03-08", "民建", "第一组", "13807310012", "", ""]
# Cells only a workbook can hold: numbers, dates, formulas, and openpyxl's _xHHHH_ escapes
# (read back as the control character they name).
WORKBOOK_CELLS = [
    1e308,
    -0.0,
    10**30,
    datetime.datetime(1, 1, 1),  # noqa: DTZ001  (a workbook cell has no time zone)
    datetime.date(9999, 12, 31),
    True,
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "康_x0000_希",
    "_x001B_[31m",
    "_xD800_",
]


def cells():
    return st.one_of(
        st.just(None), hostile.text_values(), hostile.number_values(), hostile.date_values()
    )


def rows():
    good_or_hostile = [st.one_of(st.just(value), cells()) for value in GOOD]
    return st.lists(st.tuples(*good_or_hostile).map(list), min_size=1, max_size=4)


def _storable_in_xlsx(value):
    # openpyxl refuses control characters itself; smuggle them in as _xHHHH_ escapes instead.
    if isinstance(value, str):
        return "".join(f"_x{ord(c):04X}_" if has_unstorable(c) else c for c in value)
    return value


# Raw bytes written over the first cell's text in the sheet's XML: characters XML forbids,
# broken tags, entities, a DOCTYPE.
CORRUPTIONS = [
    b"&#1;",
    b"\x01",
    b"&#0;",
    b"</t></t>",
    b"&xxe;",
    b"]]>",
    b"\xff\xfe",
]


def as_xlsx(table, corruption=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in table:
        sheet.append([_storable_in_xlsx(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    if corruption is None:
        return buffer.getvalue()
    source, out = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                data = data.replace(b"<t>", b"<t>" + corruption, 1)
            target.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused(world, client_for, media):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b" " * (101 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    shown = client_for("director").post(
        reverse("member_import"), {"file": SimpleUploadedFile("bomb.xlsx", out.getvalue())}
    )
    assert shown.status_code == 200
    assert "无法读取该 xlsx 工作簿" in shown.content.decode()


def as_csv(table, encoding) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in table])
    return buffer.getvalue().encode(encoding, errors="replace")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _import(client, data: bytes, name: str):
    """Upload, then commit if a preview came back; asserts on every answer."""
    before = table_fingerprints()
    count = Member.objects.count()
    shown = client.post(reverse("member_import"), {"file": SimpleUploadedFile(name, data)})
    assert shown.status_code < 500
    assert_escaped(shown, f"import preview of {name}")
    assert table_fingerprints() == before, "the preview wrote something"
    if "plan" not in (shown.context or {}):
        return  # the file as a whole was refused, with its message on the form
    plan = shown.context["plan"]
    committed = client.post(reverse("member_import_commit"), {"token": shown.context["token"]})
    assert committed.status_code < 500
    assert_escaped(committed, f"import commit of {name}")
    if plan.errors:
        assert table_fingerprints() == before, "a file with bad rows was partly imported"
        return
    assert Member.objects.count() == count + plan.creates
    for member in Member.objects.all():
        for value in (member.name, member.employer, member.address, member.phone):
            assert not has_unstorable(value or ""), f"stored {value!r}"
    for page in ("?format=xlsx", "", "?format=csv"):
        answer = client.get(reverse("member_list") + page)
        assert answer.status_code == 200
        assert_export_safe(answer, f"member list{page} after importing {name}")


@pytest.mark.parametrize("kind", ["xlsx", "csv-utf8", "csv-gbk"])
def test_import_survives_hostile_files(kind, world, client_for, media):
    client = client_for("director")
    xlsx = kind == "xlsx"
    extra = st.lists(st.sampled_from(WORKBOOK_CELLS), max_size=3) if xlsx else st.just([])
    corrupt = st.one_of(st.none(), st.sampled_from(CORRUPTIONS)) if xlsx else st.none()

    @FUZZ
    @given(
        table=rows(),
        workbook_cells=extra,
        header=st.one_of(st.just(HEADER), st.just(HEADER), st.lists(cells())),
        corruption=corrupt,
    )
    def attempt(table, workbook_cells, header, corruption):
        cache.clear()
        if workbook_cells:
            table[0][: len(workbook_cells)] = workbook_cells
        for number, row in enumerate(table):
            if row[6] == "":  # an ID number of its own, valid, most rows
                row[6] = valid_id_number("19700308", f"{number:03d}")
        table = [header, *table]
        if kind == "xlsx":
            data, name = as_xlsx(table, corruption), "members.xlsx"
        else:
            encoding = "utf-8" if kind == "csv-utf8" else "gb18030"
            data, name = as_csv(table, encoding), "members.csv"
        with transaction.atomic():
            _import(client, data, name)
            transaction.set_rollback(True)

    attempt()
