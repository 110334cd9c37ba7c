"""The streaming xlsx writer, read back with openpyxl as the oracle."""

import datetime
import decimal
import io
import zipfile
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from liaison.core import xlsx_stream


def read_back(headers, rows, title="委员名单"):
    buffer = io.BytesIO()
    count = xlsx_stream.write(buffer, title, headers, rows)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    return count, sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def test_values_of_every_kind_come_back_as_written():
    day = datetime.date(2026, 2, 28)
    when = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    row = [1, 2.5, "康希", True, None, day, when, decimal.Decimal("1.25")]
    count, sheet, values = read_back(["序号", "a", "b", "c", "d", "e", "f", "g"], [row])
    assert count == 1 and sheet.title == "委员名单"
    assert values[0][0] == "序号" and sheet["A1"].font.b
    midnight = datetime.datetime.combine(day, datetime.time())
    assert values[1] == [1, 2.5, "康希", True, None, midnight, when.replace(tzinfo=None), 1.25]
    assert sheet["F2"].number_format == "mm-dd-yy" and sheet["G2"].is_date


def test_hostile_text_is_escaped_and_control_characters_dropped():
    text = '<script>alert("x")</script> & 汤朝阳\x00\x01\x1f\ttab  '
    _count, _sheet, values = read_back(["<h>"], [[text]], title="a[b]:c*?/\\" + "长" * 40)
    assert values[0] == ["<h>"]
    assert values[1] == ['<script>alert("x")</script> & 汤朝阳\ttab  ']


def test_a_sheet_title_keeps_excels_rules():
    assert xlsx_stream.sheet_title("a[b]:c") == "a b  c"
    assert len(xlsx_stream.sheet_title("长" * 40)) == 31
    assert xlsx_stream.sheet_title("") == "Sheet1"


def test_many_rows_stream_in_chunks_and_an_empty_export_has_only_headers():
    rows = ([i, f"委员{i}"] for i in range(5001))
    count, _sheet, values = read_back(["n", "name"], rows)
    assert count == 5001 and len(values) == 5002 and values[-1] == [5000, "委员5000"]
    count, _sheet, values = read_back(["n"], [])
    assert count == 0 and values == [["n"]]


def test_the_file_is_a_valid_package():
    buffer = io.BytesIO()
    xlsx_stream.write(buffer, "x", ["a"], [[1]])
    with zipfile.ZipFile(buffer) as archive:
        assert archive.testzip() is None
        assert {
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
        } <= set(archive.namelist())
