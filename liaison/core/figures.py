"""The office's figures: what each app counts for dashboards, work reports and the annual summary.

Each app registers its figures in AppConfig.ready(). A figure counts for many offices at once in
one aggregate query (office id → value), so a district page side by side costs one query per
figure whatever the number of offices. Reports (dashboards, 汇报 drafts, 年度工作总结, the district
workbook) read figures only through this registry, never an app's models directly.
"""

import datetime
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
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


# --- Counting many figures in one query ------------------------------------------------------
#
# A dashboard shows some thirty figures: one query each is thirty queries. A figure whose count
# is `grouped(rows)` hands over its aggregate query instead (office id, value[, second value]),
# and `count_all` sends every such query to the database at once, as one UNION ALL. Its
# breakdown may be `grouped_breakdown(rows)` (office id, key, value) in the same way.


class Grouped:
    """A Counter built from an aggregate queryset of (office id, a[, b]) rows; `finish(a, b)`
    turns a row's values into the figure (default: a, as a whole number)."""

    def __init__(self, rows, finish=None, columns: int = 1):
        self.rows, self.columns = rows, columns
        self.finish = finish or (lambda a, b: int(a or 0))

    def collect(self, found) -> dict[int, int]:
        out = {}
        for office, a, b in found:
            value = self.finish(a, b)
            if value is not None:
                out[office] = value
        return out

    def padded(self, office_ids, start, end):
        from django.db.models import IntegerField, Value

        rows = self.rows(office_ids, start, end).order_by()
        if self.columns == 1:
            rows = rows.annotate(_second=Value(0, output_field=IntegerField()))
        return rows

    def __call__(self, office_ids, start, end) -> dict[int, int]:
        return self.collect(self.padded(list(office_ids), start, end))


def grouped(rows, finish=None, columns: int = 1) -> Grouped:
    return Grouped(rows, finish, columns)


class GroupedBreakdown:
    """A breakdown built from an aggregate queryset of (office id, key, value) rows; `monthly`
    when the keys are months 1–12, else labels (`label(key)` names a key); `sort`, a field
    the keys are shown in the order of (a union cannot order its parts: sorted here)."""

    def __init__(self, rows, monthly: bool, label=None, sort: str = ""):
        self.rows, self.monthly, self.sort = rows, monthly, sort
        self.label = label or (lambda key: key)

    def collect(self, found) -> dict[int, dict]:
        return {office: self.labelled(rows) for office, rows in self.unlabelled(found).items()}

    def unlabelled(self, found) -> dict[int, list]:
        """{office id: [[key, value], …]} in the order shown, keys not yet labelled (a label
        is translated in the reader's language: liaison.reports.stored keeps these)."""
        out: dict[int, list] = {}
        for office, key, value, _sort in sorted(found, key=lambda row: row[3]):
            out.setdefault(office, []).append([int(key) if self.monthly else key, int(value or 0)])
        return out

    def labelled(self, rows) -> dict:
        if self.monthly:
            return {int(key): value for key, value in rows}
        return {self.label(key): value for key, value in rows}

    def padded(self, office_ids, start, end):
        from django.db.models import F, IntegerField, Value

        # Months are whole numbers in every branch, labels text: the union's types agree.
        rows = self.rows(office_ids, start, end).order_by()
        return rows.annotate(
            _sort=F(self.sort) if self.sort else Value(0, output_field=IntegerField())
        )

    def __call__(self, office_ids, start, end) -> dict[int, dict]:
        return self.collect(self.padded(list(office_ids), start, end))


def grouped_breakdown(rows, monthly: bool = False, label=None, sort: str = "") -> GroupedBreakdown:
    return GroupedBreakdown(rows, monthly, label, sort)


def _union(parts: list) -> dict[int, list]:
    """Run (index, queryset) parts as one UNION ALL; rows of each part by its index."""
    from django.db.models import IntegerField, Value

    found: dict[int, list] = {index: [] for index, _rows in parts}
    if not parts:
        return found
    tagged = [
        rows.annotate(_part=Value(index, output_field=IntegerField())) for index, rows in parts
    ]
    # A union takes its first part's model ordering back: cleared, it cannot order a union.
    combined = tagged[0].union(*tagged[1:], all=True).order_by() if len(tagged) > 1 else tagged[0]
    for *row, index in combined:
        found[index].append(row)
    return found


def count_all(figures, office_ids, start, end) -> dict[str, dict[int, int]]:
    """{code: {office id: value}} of the figures: the grouped ones in one query, any other
    one query each."""
    ids = list(office_ids)
    values, parts = {}, []
    for index, figure in enumerate(figures):
        if isinstance(figure.count, Grouped):
            parts.append((index, figure.count.padded(ids, start, end)))
        else:
            values[figure.code] = figure.count(ids, start, end)
    found = _union(parts)
    for index, _rows in parts:
        values[figures[index].code] = figures[index].count.collect(found[index])
    return values


def break_down_all(figures, office_ids, start, end, labelled=True) -> dict[str, dict[int, dict]]:
    """{code: {office id: {key: value}}} of the figures' breakdowns: the grouped ones in two
    queries (monthly, labelled), any other one query each. Not `labelled`, a grouped one's
    are {office id: [[key, value], …]} (GroupedBreakdown.unlabelled)."""
    ids = list(office_ids)
    split = {}
    for monthly in (True, False):
        parts = [
            (index, figure.breakdown.padded(ids, start, end))
            for index, figure in enumerate(figures)
            if isinstance(figure.breakdown, GroupedBreakdown)
            and figure.breakdown.monthly is monthly
        ]
        found = _union(parts)
        for index, _rows in parts:
            breakdown = figures[index].breakdown
            collect = breakdown.collect if labelled else breakdown.unlabelled
            split[figures[index].code] = collect(found[index])
    for figure in figures:
        if figure.breakdown is not None and figure.code not in split:
            split[figure.code] = figure.breakdown(ids, start, end)
    return split


# --- Small tables many figures read (targets, links) ------------------------------------------

_memo: ContextVar[dict | None] = ContextVar("figures_memo", default=None)
# (year, {part: {office id: data}}): the stored parts a reading() block was given.
_year_parts: ContextVar[tuple | None] = ContextVar("figures_year_parts", default=None)


def remembered(key, load):
    """`load()`, once per key within a `reading()` block (a dashboard's thirty targets and
    links read the same few rows); called afresh outside one."""
    found = _memo.get()
    if found is None:
        return load()
    if key not in found:
        found[key] = load()
    return found[key]


@contextmanager
def reading(year: int | None = None, parts: dict | None = None):
    """A block whose targets and links read their rows once; `parts`, the offices' stored
    parts of `year` the caller has read (stored_part() gives them to the figures' targets)."""
    token = _memo.set({})
    parts_token = _year_parts.set((year, parts) if parts is not None else None)
    try:
        yield
    finally:
        _year_parts.reset(parts_token)
        _memo.reset(token)


def stored_part(name: str, office_id: int, year: int):
    """The office's stored part `name` of `year`, if the reading() block holds it, else None:
    a target read with the figures instead of by a query of its own."""
    found = _year_parts.get()
    if found is None or found[0] != year:
        return None
    return found[1].get(name, {}).get(office_id)


# --- Keeping stored yearly figures current ----------------------------------------------------
#
# The reports app keeps each office's figures of a whole year (liaison.reports.stored). Every
# write to the rows a figure counts must say so: `changed(office_ids)`, the one function each
# state change calls. An app names the models its figures count with `register_source(model,
# office_of)`; a save or delete of one of them calls `changed` for its office, so services,
# forms and the admin all keep the store current. A write that sends no signal (a queryset's
# update(), bulk_create, raw SQL) calls `changed` itself.

_listeners: list[Callable[[list[int] | None], None]] = []


def on_change(listener: Callable[[list[int] | None], None]) -> None:
    """`listener(office_ids)` is called whenever rows some figure counts changed; None for
    every office."""
    if listener not in _listeners:
        _listeners.append(listener)


_quiet: ContextVar[bool] = ContextVar("figures_quiet", default=False)


@contextmanager
def rebuilt_after():
    """Writes inside say nothing: the caller stores every office's figures afresh after (the
    benchmark generator, whose bulk load sends no signals and defers the store's constraints)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def changed(office_ids) -> None:
    """The rows of these offices that figures count changed (inside the writer's transaction)."""
    if _quiet.get():
        return
    ids = sorted({int(pk) for pk in office_ids if pk is not None})
    if ids:
        for listener in _listeners:
            listener(ids)


def changed_everywhere() -> None:
    """A change every office's figures may show (an activity type's or category's name)."""
    if _quiet.get():
        return
    for listener in _listeners:
        listener(None)


# --- Reading whole years -------------------------------------------------------------------
#
# Besides the figures, an app may keep its own aggregate of an office's whole year (a
# "part": the office home's members short of visits) in the same store, under the same
# counter: `register_part(name, count)`, read with whole_year(…, parts=[name]).

_year_reader: Callable | None = None
_parts: dict[str, Callable] = {}


def read_years_with(reader: Callable) -> None:
    """`reader(office_ids, year, parts)` gives (counted, split, {part: {office id: data}}) of
    whole years as whole_year() counts them, from a store kept current (the reports app's)."""
    global _year_reader
    _year_reader = reader


_target_parts: set[str] = set()


def register_part(name: str, count: Callable, *, targets: bool = False) -> None:
    """`count(office_ids, year)` → {office id: JSON data} for every office asked: an app's own
    yearly aggregate, stored beside the figures and counted again when the office's rows
    change. Its rows must be registered sources (register_source) like a figure's.
    `targets`: the part holds what figures' targets read (stored_part), so the pages that show
    targets read it with the figures."""
    if not 0 < len(name) <= 10:  # the store's part column
        raise ValueError(f"a part's name has 1 to 10 characters: {name!r}")
    _parts[name] = count
    if targets:
        _target_parts.add(name)


def target_parts() -> list[str]:
    return sorted(_target_parts)


def count_part(name: str, office_ids, year: int) -> dict:
    return _parts[name](list(office_ids), year)


def all_parts() -> list[str]:
    return sorted(_parts)


def whole_year(office_ids, year: int, parts=()) -> tuple[dict, dict, dict]:
    """(counted, split, {part: {office id: data}}) of every registered figure and of these
    parts for these offices' whole year: from the store when one is registered, else now."""
    ids = list(office_ids)
    if _year_reader is not None:
        return _year_reader(ids, year, list(parts))
    start, end = year_bounds(year)
    every = all_figures()
    with_breakdown = [f for f in every if f.breakdown is not None]
    counted = count_all(every, ids, start, end)
    split = break_down_all(with_breakdown, ids, start, end)
    return counted, split, {name: count_part(name, ids, year) for name in parts}


_volatile: list[Callable] = []


def register_volatile(rows_of: Callable) -> None:
    """`rows_of(office)` (an OuterRef to an office id) gives rows whose existence means the
    office's counted rows change without calling changed() (a check-in burst writes
    attendance and ledger rows by the thousand, and a counter row moved on by each would queue
    the scans on it): while any exists, the stored figures of that office are not trusted."""
    _volatile.append(rows_of)


def volatile(office):
    """An expression, true where `office` (an OuterRef) has such rows."""
    from django.db.models import Exists, Value

    flag = Value(False)
    for rows_of in _volatile:
        flag = Exists(rows_of(office)) | flag
    return flag


def register_source(model, office_of: Callable[[object], int | None] | None = None) -> None:
    """A save or delete of `model` changes the figures of `office_of(instance)`'s office;
    without office_of, every office's (a lookup table such as the activity types)."""
    from django.core.exceptions import ObjectDoesNotExist
    from django.db.models.signals import post_delete, post_save

    def handler(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        if office_of is None:
            changed_everywhere()
            return
        try:
            office = office_of(instance)
        except ObjectDoesNotExist:  # a parent deleted in the same cascade says so itself
            return
        changed([office])

    uid = f"figures:{model._meta.label}"
    post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(handler, sender=model, weak=False, dispatch_uid=uid)
