"""Each office's figures of a whole year, stored and kept current.

Counting thirty figures live costs a dashboard some fifty milliseconds at province scale (the
union of aggregates, its planning, and compiling forty querysets); the district page, the
annual summary and the workbooks count the same. So the counts of a whole year are kept per
office in FigureYear: `figures(office_ids, year)` reads them in one query and counts live only
the offices whose rows changed since (then stores them), with the very definitions of
liaison.core.figures, so a stored figure is always the live one.

Keeping current: every write to rows a figure counts calls liaison.core.figures.changed (the
apps' registered sources do on save and delete; bulk writes call it themselves), which moves
the office's counter on (the row of year 0) inside the writer's transaction. A reader takes
the counter before it counts and stores its counts under that version, so a write that lands
while it counts leaves the stored row behind the counter, to be counted again.

One writer says nothing: the check-in fast path, whose burst would queue every scan on the
office's counter row. An office with an activity open for check-in is therefore counted live
(liaison.core.figures.volatile, read with the rows): what is stored meanwhile is not trusted
while check-in is open, and closing the activity moves the counter past it.
"""

from django.db import connection, transaction
from django.db.models import OuterRef

from liaison.core.figures import (
    GroupedBreakdown,
    all_figures,
    all_parts,
    break_down_all,
    count_all,
    count_part,
    get_figure,
    volatile,
    year_bounds,
)
from liaison.reports.models import FigureYear

COUNTER = 0  # the year of an office's change counter


def bump(office_ids) -> None:
    """Move the counters of these offices (None: of every organization) on, in one statement;
    an office's first counter starts at 1, past any reader's 0. Within one transaction an
    office's counter moves once (a check-in's attendance and ledger row say so twice)."""
    table = FigureYear._meta.db_table
    upsert = f"ON CONFLICT (office_id, year, part) DO UPDATE SET version = {table}.version + 1"
    with connection.cursor() as cursor:
        if office_ids is None:
            from liaison.orgs.models import Organization

            cursor.execute(
                f"INSERT INTO {table} (office_id, year, part, version, data) "
                f"SELECT id, {COUNTER}, '', 1, '{{}}' FROM {Organization._meta.db_table} "
                f"WHERE true {upsert}"
            )
            return
        ids = [pk for pk in office_ids if not _moved_in_this_transaction(pk)]
        if ids:
            values = ", ".join([f"(%s, {COUNTER}, '', 1, '{{}}')"] * len(ids))
            cursor.execute(
                f"INSERT INTO {table} (office_id, year, part, version, data) "
                f"VALUES {values} {upsert}",
                ids,
            )


def _moved_in_this_transaction(office_id) -> bool:
    """Whether this transaction already moved the office's counter on (and no rollback of a
    savepoint undid it): each move leaves an on-commit marker, which Django drops with the
    savepoint or transaction rolled back, and runs (and drops) on commit."""
    if not connection.in_atomic_block:
        return False
    markers = connection.__dict__.setdefault("_figures_moved", {})
    marker = markers.get(office_id)
    pending = {id(entry[1]) for entry in connection.run_on_commit}
    if marker is not None and id(marker) in pending:
        return True

    def moved():  # the marker; on commit it has nothing left to do
        markers.pop(office_id, None)

    markers[office_id] = moved
    transaction.on_commit(moved)
    return False


def _count(office_ids, year):
    start, end = year_bounds(year)
    figures = all_figures()
    counts = count_all(figures, office_ids, start, end)
    raw = _raw_breakdowns(figures, office_ids, start, end)
    out = {}
    for pk in office_ids:
        out[pk] = {
            "counts": {f.code: counts[f.code][pk] for f in figures if pk in counts[f.code]},
            "breakdowns": {code: rows[pk] for code, rows in raw.items() if pk in rows},
        }
    return out


def _raw_breakdowns(figures, office_ids, start, end) -> dict[str, dict[int, list]]:
    """code → {office id: [[key, value], …]}: the breakdowns before labelling (labels are
    translated when read, in the reader's language)."""
    with_breakdown = [f for f in figures if f.breakdown is not None]
    raw = break_down_all(with_breakdown, office_ids, start, end, labelled=False)
    for f in with_breakdown:
        if not isinstance(f.breakdown, GroupedBreakdown):  # already {office: {key: value}}
            raw[f.code] = {
                pk: [[k, v] for k, v in found.items()] for pk, found in raw[f.code].items()
            }
    return raw


def _labelled(figure, rows) -> dict:
    if isinstance(figure.breakdown, GroupedBreakdown):
        return figure.breakdown.labelled(rows)
    return {key: value for key, value in rows}


FIGURES, LEDGER = "figures", "ledger"  # the parts of an office's year


def _ledger(office_ids, year) -> dict[int, list]:
    """{office id: [[kind, member's name, acts, points], …]} of the year's duty ledger, by
    kind, most acts first, then by the name's pinyin, then the name (the annual summary's
    contributions; two names of one pinyin, 谭俊 and 覃俊, always in one order)."""
    from django.db.models import Count, Sum

    from liaison.duty.models import DutyRecord

    out: dict[int, list] = {pk: [] for pk in office_ids}
    rows = (
        DutyRecord.objects.filter(office_id__in=list(office_ids), year=year)
        .order_by()
        .values_list("office_id", "kind", "member__name")
        .annotate(n=Count("pk"), points=Sum("points"))
        .order_by("office_id", "kind", "-n", "member__name_pinyin", "member__name")
    )
    for office, kind, name, n, points in rows:
        out[office].append([kind, name, n, points])
    return out


def _counted(part, office_ids, year) -> dict[int, dict | list]:
    if part == FIGURES:
        return _count(office_ids, year)
    if part == LEDGER:
        return _ledger(office_ids, year)
    return count_part(part, office_ids, year)  # an app's own (liaison.core.figures)


def _stored(office_ids, year: int, parts) -> dict[str, dict]:
    """{part: {office id: data}} of these offices' year, from the store where it holds (one
    query), else counted now and stored (one more for all)."""
    ids = list(dict.fromkeys(office_ids))
    moved = connection.__dict__.get("_figures_moved", {})
    for pk in ids:  # read now: this transaction's next write must move the counter again
        moved.pop(pk, None)
    found: dict[tuple, tuple] = {}
    counters, live = {}, set()  # live: offices whose rows change unannounced, counted now
    rows = FigureYear.objects.filter(
        office_id__in=ids, year__in=[COUNTER, year], part__in=["", *parts]
    ).annotate(unannounced=volatile(OuterRef("office_id")))
    for office, row_year, part, version, data, unannounced in rows.values_list(
        "office_id", "year", "part", "version", "data", "unannounced"
    ):
        if unannounced:
            live.add(office)
        if row_year == COUNTER:
            counters[office] = version
        else:
            found[office, part] = (version, data)
    out, fresh = {}, []
    for part in parts:
        out[part] = {}
        stale = []
        for pk in ids:
            version, data = found.get((pk, part), (None, None))
            if version == counters.get(pk, 0) and pk not in live:
                out[part][pk] = data
            else:
                stale.append(pk)
        if stale:
            counted = _counted(part, stale, year)
            out[part].update(counted)
            fresh += [
                FigureYear(
                    office_id=pk,
                    year=year,
                    part=part,
                    version=counters.get(pk, 0),
                    data=counted[pk],
                )
                for pk in stale
            ]
    if fresh:
        FigureYear.objects.bulk_create(
            fresh,
            update_conflicts=True,
            unique_fields=["office", "year", "part"],
            update_fields=["version", "data"],
        )
    return out


def _figures_of(data: dict) -> tuple[dict, dict]:
    every = all_figures()
    counted = {f.code: {} for f in every}
    split = {f.code: {} for f in every if f.breakdown is not None}
    for pk, stored in data.items():
        for code, value in stored["counts"].items():
            if code in counted:
                counted[code][pk] = value
        for code, rows in stored["breakdowns"].items():
            if code in split:
                split[code][pk] = _labelled(get_figure(code), rows)
    return counted, split


def figures(office_ids, year: int):
    """(counted, split) of these offices' year, as count_all and break_down_all give them:
    {code: {office id: value}} and {code: {office id: {key: value}}}."""
    return _figures_of(_stored(office_ids, year, [FIGURES])[FIGURES])


def figures_and_parts(office_ids, year: int, parts):
    """(counted, split, {part: {office id: data}}) of these offices' year, in one read: the
    figures as figures() gives them and the apps' parts (liaison.core.figures.whole_year)."""
    found = _stored(office_ids, year, [FIGURES, *parts])
    counted, split = _figures_of(found[FIGURES])
    return counted, split, {part: found[part] for part in parts}


def figures_and_ledger(office, year: int, parts=()):
    """(counted, split, ledger, {part: {office id: data}}) of one office's year, in one read:
    the figures as figures() gives them, the ledger's [(kind, member's name, acts, points)]
    (see _ledger) and these parts."""
    found = _stored([office.pk], year, [FIGURES, LEDGER, *parts])
    counted, split = _figures_of(found[FIGURES])
    ledger = [tuple(row) for row in found[LEDGER][office.pk]]
    return counted, split, ledger, {part: found[part] for part in parts}


def rebuild(office_ids=None, years=None) -> int:
    """Count and store the years of these offices (default: every office, the years that have
    rows or this one); returns how many rows were written."""
    from django.utils import timezone

    from liaison.orgs.models import Organization

    if office_ids is None:
        office_ids = Organization.objects.filter(kind=Organization.Kind.LIAISON_OFFICE).values_list(
            "pk", flat=True
        )
    ids = list(office_ids)
    if years is None:
        years = set(
            FigureYear.objects.exclude(year=COUNTER).values_list("year", flat=True).distinct()
        ) | {timezone.localdate().year}
    written = 0
    for year in sorted(years):
        for i in range(0, len(ids), 200):
            chunk = ids[i : i + 200]
            FigureYear.objects.filter(office_id__in=chunk, year=year).delete()
            _stored(chunk, year, [FIGURES, LEDGER, *all_parts()])
            written += len(chunk)
    return written
