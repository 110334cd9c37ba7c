"""Uploads checked by what they contain, not what they are called, and served only through a
permission check.

    validate_upload(file, kinds={"image", "pdf"}, max_bytes=...)  -> "image" | "pdf" | …
    UploadValidator(kinds=..., max_bytes=...)                     # for form and model fields
    serve_file(request, field_file, allowed=can(...), obj=record) # FileResponse or 403

Accepted kinds: raster images Pillow can decode (JPEG, PNG, GIF, WebP; never SVG, which can
carry script), PDF, and Office Open XML documents and workbooks (docx, xlsx) — a zip whose
parts say what it is. The file name's extension must agree with the content. Files live
under MEDIA_ROOT, which the web server must not serve directly (docs/security.md); they go
out through `serve_file`, which checks the permission first, sends `nosniff` and a safe
Content-Disposition, and writes the download to the audit log when given the record.
"""

import warnings
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

ALL_KINDS = frozenset({"image", "pdf", "docx", "xlsx"})
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
EXTENSIONS = {
    "image": {".jpg", ".jpeg", ".png", ".gif", ".webp"},
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
KIND_LABELS = {
    "image": gettext_lazy("image (JPEG, PNG, GIF, WebP)"),
    "pdf": "PDF",
    "docx": gettext_lazy("Word document (docx)"),
    "xlsx": gettext_lazy("Excel workbook (xlsx)"),
}
# A docx/xlsx unpacks to at most this much, in at most this many parts (zip bombs).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000


def default_max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def _head(file, size=8) -> bytes:
    file.seek(0)
    data = file.read(size)
    file.seek(0)
    return data


def _image_format(file) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file) as image:
                fmt = image.format
                image.verify()  # structure and checksums, without decoding every pixel
            file.seek(0)
            with Image.open(file) as image:
                image.load()  # a truncated file fails here
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return None
    finally:
        file.seek(0)
    return fmt if fmt in IMAGE_FORMATS else None


def _office_kind(file) -> str | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                return None
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                return None
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    if "word/document.xml" in names and b"wordprocessingml.document.main" in types:
        return "docx"
    if "xl/workbook.xml" in names and b"spreadsheetml.sheet.main" in types:
        return "xlsx"
    return None


def detect_kind(file) -> str | None:
    """What the content is ("image", "pdf", "docx", "xlsx"), or None for anything else."""
    head = _head(file, 8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(file)
    if _image_format(file):
        return "image"
    return None


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    return size


def _refuse(message, code):
    raise ValidationError(message, code=code)


def validate_upload(file, kinds=ALL_KINDS, max_bytes: int | None = None) -> str:
    """The file's kind, or a ValidationError in Chinese saying what is accepted."""
    kinds = frozenset(kinds)
    max_bytes = max_bytes or default_max_bytes()
    accepted = "、".join(str(KIND_LABELS[k]) for k in sorted(kinds))
    size = _size(file)
    if size == 0:
        _refuse(_("The file is empty."), "upload_empty")
    if size > max_bytes:
        _refuse(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": _megabytes(size), "limit": _megabytes(max_bytes)},
            "upload_too_large",
        )
    kind = detect_kind(file)
    if kind is None or kind not in kinds:
        _refuse(
            _("This file type is not accepted. Accepted: %(kinds)s.") % {"kinds": accepted},
            "upload_type",
        )
    suffix = PurePath(getattr(file, "name", "") or "").suffix.lower()
    if suffix not in EXTENSIONS[kind]:
        _refuse(
            _("The file name does not match its content (it is a %(kind)s file).")
            % {"kind": KIND_LABELS[kind]},
            "upload_name_mismatch",
        )
    return kind


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


@deconstructible
class UploadValidator:
    """A field validator: `FileField(validators=[UploadValidator(kinds={"pdf"})])`."""

    def __init__(self, kinds=ALL_KINDS, max_bytes: int | None = None):
        self.kinds = frozenset(kinds)
        self.max_bytes = max_bytes

    def __call__(self, file):
        validate_upload(file, self.kinds, self.max_bytes)

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )

    def __hash__(self):
        return hash((self.kinds, self.max_bytes))


def serve_file(request, field_file, *, allowed: bool, obj=None, filename=None, inline=None):
    """Send a stored file if `allowed` (the caller's `can(...)`); 403 otherwise.

    Images and PDFs open in the browser, everything else downloads. The content type comes
    from the content itself, never from the stored name alone.
    """
    if not allowed:
        raise PermissionDenied
    if not field_file:
        raise PermissionDenied
    handle = field_file.open("rb")
    kind = detect_kind(handle)
    if kind is None:
        handle.close()
        raise PermissionDenied  # a stored file that is no longer what was accepted
    name = filename or PurePath(field_file.name).name
    if kind == "image":
        content_type = f"image/{_image_format(handle).lower()}"
    else:
        content_type = CONTENT_TYPES[kind]
    as_inline = inline if inline is not None else kind in {"image", "pdf"}
    response = FileResponse(
        handle, as_attachment=not as_inline, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if obj is not None:
        from liaison.orgs.audit import log_action

        log_action(obj, "download", request.user, {"file": name})
    return response
