"""Uploads are judged by their content: real small images, PDFs, docx and xlsx pass; anything
else, a name that lies about the content, an empty or oversized file is refused in Chinese.
Stored files go out only through the permission-checked helper."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory
from openpyxl import Workbook
from PIL import Image

from liaison.core.uploads import UploadValidator, detect_kind, serve_file, validate_upload
from liaison.orgs.models import AuditEntry


def image_bytes(fmt="PNG", size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def xlsx_bytes():
    workbook = Workbook()
    workbook.active.append(["姓名", "界别"])
    workbook.active.append(["康希", "经济界"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>调研报告</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("photo.png", lambda: image_bytes("PNG"), "image"),
        ("photo.JPG", lambda: image_bytes("JPEG"), "image"),
        ("anim.gif", lambda: image_bytes("GIF"), "image"),
        ("pic.webp", lambda: image_bytes("WEBP"), "image"),
        ("报告.pdf", lambda: PDF, "pdf"),
        ("名单.xlsx", xlsx_bytes, "xlsx"),
        ("调研报告.docx", docx_bytes, "docx"),
    ],
)
def test_real_files_pass_and_are_recognised(name, make, kind):
    assert validate_upload(upload(name, make())) == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.png", b"MZ\x90\x00" + b"\x00" * 100, "不接受此类文件"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "不接受此类文件"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "不接受此类文件"),
        ("archive.docx", None, "不接受此类文件"),  # a zip that is no Word document
        ("truncated.png", None, "不接受此类文件"),
        ("empty.pdf", b"", "文件为空"),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, data, message):
    if name == "archive.docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        data = buffer.getvalue()
    if name == "truncated.png":
        data = image_bytes("PNG", (64, 64))[:60]
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, data))
    assert message in " ".join(error.value.messages)


def test_a_name_that_lies_about_the_content_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("名单.docx", xlsx_bytes()))
    assert "文件名与内容不符" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_upload(upload("photo.pdf", image_bytes()))


def test_kinds_and_size_limits():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("报告.pdf", PDF), kinds={"image"})
    assert "图片" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("报告.pdf", PDF), max_bytes=100)
    assert "文件过大" in error.value.messages[0] and "上限" in error.value.messages[0]
    validator = UploadValidator(kinds={"pdf"}, max_bytes=1000)
    validator(upload("报告.pdf", PDF))
    assert validator == UploadValidator(kinds={"pdf"}, max_bytes=1000)


def test_detect_kind_leaves_the_file_at_the_start():
    file = upload("photo.png", image_bytes())
    assert detect_kind(file) == "image"
    assert file.tell() == 0


@pytest.fixture
def stored(tmp_path):
    storage = FileSystemStorage(location=tmp_path)

    def store(name, data):
        saved = storage.save(name, ContentFile(data))
        return FieldFile(None, type("F", (), {"storage": storage, "name": "file"})(), saved)

    return store


def test_serving_checks_the_permission_first(world, stored):
    request = RequestFactory().get("/files/1")
    request.user = world.member
    with pytest.raises(PermissionDenied):
        serve_file(request, stored("报告.pdf", PDF), allowed=False)


def test_served_files_carry_safe_headers_and_are_audited(world, stored):
    request = RequestFactory().get("/files/1")
    request.user = world.director
    response = serve_file(request, stored("报告.pdf", PDF), allowed=True, obj=world.kang)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF
    entry = AuditEntry.objects.get(action="download")
    assert entry.actor == world.director and entry.data == {"file": "报告.pdf"}
    response = serve_file(request, stored("名单.xlsx", xlsx_bytes()), allowed=True)
    assert response["Content-Disposition"].startswith("attachment")
    assert "spreadsheetml" in response["Content-Type"]
    response = serve_file(request, stored("photo.png", image_bytes()), allowed=True)
    assert response["Content-Type"] == "image/png"
    # A stored file that is not what uploads accept is not sent.
    with pytest.raises(PermissionDenied):
        serve_file(request, stored("evil.pdf", b"<script>"), allowed=True)
