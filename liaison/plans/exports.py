"""xlsx/csv of the lists of plans, requests, reports (and, reused, research's lists)."""

from collections.abc import Callable

from liaison.core.exports import ListExporter, export_response


class ColumnsExporter(ListExporter):
    """A list exported as (header, value of a row) columns."""

    def __init__(self, name, title, queryset, columns: list[tuple[str, Callable]], filters=None):
        self.name, self.title, self.queryset = name, title, queryset
        self.columns, self._filters = columns, filters or {}

    def headers(self):
        return [header for header, _value in self.columns]

    def rows(self):
        for obj in self.queryset.iterator(chunk_size=500):
            yield [value(obj) for _header, value in self.columns]

    def filters(self):
        return self._filters


def wants_export(request) -> bool:
    return request.GET.get("format") in ("xlsx", "csv")


def export(request, name, title, queryset, columns, filters=None):
    exporter = ColumnsExporter(name, title, queryset, columns, filters)
    return export_response(request, exporter, request.GET["format"])
