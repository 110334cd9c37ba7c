"""Each member's acts and points of a year (MemberYear), kept equal to the ledger's sums.

Every writer of ledger rows calls one of these after its write, in its transaction:
`refresh(pairs)` for the (member, year) pairs it touched, `add()` for one new row that changed
no other (the check-in fast path does the same in its own statement), `refresh_year(year)`
after a whole year's points changed, `rebuild()` after a bulk load.

A refresh first takes the rows' locks and then sums in a statement of its own: two writers of
one member queue on the lock, and the second sums with the first one's rows committed, so
neither's sum leaves out the other's row (PostgreSQL's READ COMMITTED takes a new snapshot
per statement; SQLite runs one writer at a time).
"""

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from liaison.duty.models import DutyRecord, MemberYear


def _sums():
    """(acts, points) of the ledger rows of the outer row's member and year."""
    rows = DutyRecord.objects.filter(member_id=OuterRef("member_id"), year=OuterRef("year"))
    rows = rows.order_by().values("member")
    return (
        Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0),
        Coalesce(Subquery(rows.annotate(n=Sum("points")).values("n")), 0),
    )


def refresh(pairs) -> None:
    """Sum the ledger rows of these (member id, year) pairs into their MemberYear rows."""
    pairs = sorted({(int(member), int(year)) for member, year in pairs})
    if not pairs:
        return
    with transaction.atomic():
        MemberYear.objects.bulk_create(  # the rows exist and are locked (in one order)
            [MemberYear(member_id=member, year=year) for member, year in pairs],
            update_conflicts=True,
            unique_fields=["member", "year"],
            update_fields=["acts"],
        )
        which = Q()
        for member, year in pairs:
            which |= Q(member_id=member, year=year)
        acts, points = _sums()
        MemberYear.objects.filter(which).update(acts=acts, points=points)


def add(member_id: int, year: int, points: int) -> None:
    """One new ledger row of the member's year whose points changed no other row's (no cap
    binds it): added to the sums in one statement, safe beside a concurrent writer (the
    check-in's hot path, where hundreds arrive within a minute)."""
    table = MemberYear._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, year, acts, points) VALUES (%s, %s, 1, %s) "
            f"ON CONFLICT (member_id, year) DO UPDATE SET acts = {table}.acts + 1, "
            f"points = {table}.points + EXCLUDED.points",
            [member_id, year, points],
        )


def refresh_year(year: int) -> None:
    """Every member's sums of one year afresh (after the year's points were recomputed)."""
    with transaction.atomic():
        MemberYear.objects.filter(year=year).delete()
        _insert_sums(DutyRecord.objects.filter(year=year))


def rebuild() -> int:
    """Every member's sums of every year afresh; returns how many rows were written."""
    with transaction.atomic():
        MemberYear.objects.all().delete()
        return _insert_sums(DutyRecord.objects.all())


def _insert_sums(records) -> int:
    """INSERT … SELECT of the records' sums per member and year: one statement, however many
    rows (ten million at province scale), instead of reading them into Python."""
    sums = (
        records.order_by()
        .values("member_id", "year")
        .annotate(acts=Count("*"), points=Sum("points"))
        .values_list("member_id", "year", "acts", "points")
    )
    sql, params = sums.query.sql_with_params()
    table = MemberYear._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (member_id, year, acts, points) {sql}", params)
        return cursor.rowcount
