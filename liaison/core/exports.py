"""One way to export a list: a ListExporter yields headers and rows; xlsx and csv come free.

Views call `export_response(request, exporter)` for `?format=xlsx` (or csv). Every export is
written to the audit log with its filters and row count, since exports carry personal data.
Large exports move to a background task through the same ListExporter: views that may
export many rows call `export_or_queue(request, exporter)` instead, and an exporter that
knows its `count()` and can be rebuilt in a worker (`params()` / `from_params()`) is written
to a file by the worker when it has more than EXPORT_BACKGROUND_ROWS rows (5,000).
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

from liaison.core import xlsx_stream
from liaison.core.text import clean_text
from liaison.orgs.audit import log_action

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")


class ListExporter:
    name = "export"  # file name stem and audit label, e.g. "members"
    title = ""  # sheet title
    organization = None  # the office the rows belong to, for the audit log's scope

    def headers(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[list]:
        raise NotImplementedError

    def filters(self) -> dict:
        """What the list was narrowed by, for the audit log."""
        return {}

    def count(self) -> int | None:
        """How many rows rows() will yield, when cheap to know (a COUNT); None: unknown."""
        return None

    def params(self) -> dict:
        """JSON-safe arguments from which from_params() rebuilds this export in a worker."""
        raise NotImplementedError

    @classmethod
    def from_params(cls, user, params: dict) -> "ListExporter":
        raise NotImplementedError


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)  # XML (xlsx) cannot hold control characters
    if isinstance(value, (int, float)) or hasattr(value, "isoformat"):
        return value
    return clean_text(str(value))


# Text a spreadsheet would run as a formula ("=HYPERLINK(...)" typed as a member's name).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_cell(value):
    value = _cell(value)
    return "'" + value if _is_formula_like(value) else value


def write_xlsx(exporter: ListExporter, target) -> int:
    """Write the export to a file-like target, streaming (constant memory). Text goes in as
    inline strings, which a spreadsheet never evaluates as a formula; xlsx_stream drops the
    control characters XML cannot carry."""
    return xlsx_stream.write(
        target,
        str(exporter.title) or exporter.name,
        [str(h) for h in exporter.headers()],
        exporter.rows(),
    )


def write_csv(exporter: ListExporter, target) -> int:
    """UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it correctly."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([str(h) for h in exporter.headers()])
    count = 0
    for row in exporter.rows():
        writer.writerow([_csv_cell(v) for v in row])
        count += 1
    text.flush()
    text.detach()
    return count


def export_response(request, exporter: ListExporter, fmt: str = "xlsx") -> HttpResponse:
    fmt = fmt if fmt in FORMATS else "xlsx"
    buffer = io.BytesIO()
    count = write_xlsx(exporter, buffer) if fmt == "xlsx" else write_csv(exporter, buffer)
    log_action(
        None,
        "export",
        request.user,
        {"export": exporter.name, "format": fmt, "rows": count, "filters": exporter.filters()},
        organization=exporter.organization,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        buffer.getvalue(), content_type=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exporter.name}-{stamp}.{fmt}"'
    return response


def background_rows() -> int:
    from django.conf import settings

    return getattr(settings, "EXPORT_BACKGROUND_ROWS", 5000)


def runs_in_background(exporter: ListExporter) -> bool:
    """Over the threshold, and rebuildable in a worker: the export becomes a task."""
    if type(exporter).from_params.__func__ is ListExporter.from_params.__func__:
        return False
    rows = exporter.count()
    return rows is not None and rows > background_rows()


def export_or_queue(request, exporter: ListExporter, fmt: str = "xlsx") -> HttpResponse:
    """export_response() for small exports; a background task and a progress page for big ones."""
    if not runs_in_background(exporter):
        return export_response(request, exporter, fmt)
    from django.shortcuts import redirect

    from liaison.notify.exports import queue_export

    job = queue_export(request.user, exporter, fmt if fmt in FORMATS else "xlsx")
    return redirect(job.get_absolute_url())
