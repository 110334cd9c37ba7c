"""The office's figures: what each app counts for dashboards, work reports and the annual summary.

Each app registers its figures in AppConfig.ready(). A figure counts for many offices at once in
one aggregate query (office id → value), so a district page side by side costs one query per
figure whatever the number of offices. Reports (dashboards, 汇报 drafts, 年度工作总结, the district
workbook) read figures only through this registry, never an app's models directly.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# office ids, period start, period end (inclusive) → {office id: value}; missing ids mean 0.
Counter = Callable[[Iterable[int], datetime.date, datetime.date], dict[int, int]]
# office, year → target for the year, or None when the figure has no target.
Target = Callable[[object, int], int | None]
# office, period start, period end → URL of the list behind the number, or "".
Link = Callable[[object, datetime.date, datetime.date], str]


@dataclass(frozen=True)
class Figure:
    code: str  # "<app>.<what>", e.g. "activities.briefings"
    label: str  # lazy translated, e.g. _("Government briefings held")
    family: str  # groups figures on dashboards and workbook sheets, e.g. "activities"
    count: Counter
    target: Target | None = None
    link: Link | None = None
    unit: str = ""  # lazy translated unit, e.g. _("times"), _("person-times"), "%"
    order: int = 100
    # Optional: office ids, start, end → {office id: {month 1–12 or category label: value}}
    breakdown: Callable | None = None


_figures: dict[str, Figure] = {}


def register_figure(figure: Figure) -> None:
    """Register a figure; a later registration with the same code replaces the earlier."""
    _figures[figure.code] = figure


def get_figure(code: str) -> Figure | None:
    return _figures.get(code)


def all_figures(family: str | None = None) -> list[Figure]:
    found = (f for f in _figures.values() if family is None or f.family == family)
    return sorted(found, key=lambda f: (f.order, f.code))


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def count_for(code: str, office, start: datetime.date, end: datetime.date) -> int:
    """One figure for one office, e.g. for a sentence of a work report."""
    return _figures[code].count([office.pk], start, end).get(office.pk, 0)
