"""Bulk loading for generated data: COPY on PostgreSQL, batched INSERTs on SQLite.

Ids are allocated by the caller (`reserve_ids`) so that rows of one table can refer to rows of
another without reading them back; `finish` moves PostgreSQL's sequences past what was loaded.
The generator uses BulkLoader; services that create many records at once (the roster
import) use `insert_objects`, which takes its ids from the table's sequence instead.
"""

import contextlib
import json
from collections.abc import Iterable

from django.db import connection, models

COPY_CHUNK = 1 << 20  # characters of COPY text sent at once by load_text


class BulkLoader:
    def __init__(self):
        self._next: dict[str, int] = {}
        self._touched: set = set()
        self.counts: dict[str, int] = {}

    def reserve_ids(self, model, count: int) -> range:
        """`count` fresh primary keys for `model`, above every existing one."""
        table = model._meta.db_table
        if table not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
                self._next[table] = cursor.fetchone()[0] + 1
        start = self._next[table]
        self._next[table] = start + count
        return range(start, start + count)

    def load(self, model, columns: list[str], rows: Iterable[tuple]) -> int:
        """Insert `rows` (tuples in the order of `columns`, database column names)."""
        table = model._meta.db_table
        self._touched.add(model)
        columns, rows = _with_defaults(model, columns, rows)
        if connection.vendor == "postgresql":
            count = self._copy(model, table, columns, rows)
        else:
            count = self._insert(model, table, columns, rows)
        self.counts[table] = self.counts.get(table, 0) + count
        return count

    def load_text(self, model, columns: list[str], lines: Iterable[str]) -> int:
        """PostgreSQL only: rows already in COPY's text format, one line each (tab-separated,
        \\N for NULL, nothing to escape). For the ledger's millions of narrow rows, where
        adapting each value is what costs."""
        table = model._meta.db_table
        self._touched.add(model)
        names = ", ".join(f'"{c}"' for c in columns)
        count, chunk, size = 0, [], 0
        with _copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for line in lines:
                chunk.append(line)
                size += len(line)
                if size >= COPY_CHUNK:
                    copy.write("".join(chunk))
                    count += len(chunk)
                    chunk, size = [], 0
            if chunk:
                copy.write("".join(chunk))
                count += len(chunk)
        self.counts[table] = self.counts.get(table, 0) + count
        return count

    def load_ids(self, model, columns: list[str], rows: Iterable[tuple]) -> int:
        """Rows of integers only (a many-to-many table): sent as COPY text on PostgreSQL."""
        if connection.vendor != "postgresql":
            return self.load(model, columns, rows)
        return self.load_text(model, columns, ("\t".join(map(str, row)) + "\n" for row in rows))

    def _copy(self, model, table, columns, rows) -> int:
        names = ", ".join(f'"{c}"' for c in columns)
        # Only JSON columns need converting; every other value psycopg adapts itself.
        json_at = [i for i, c in enumerate(columns) if _is_json(model, c)]
        count = 0
        with _copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            if json_at:
                for row in rows:
                    row = list(row)
                    for i in json_at:
                        row[i] = _plain(row[i])
                    copy.write_row(row)
                    count += 1
            else:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count

    def _insert(self, model, table, columns, rows, batch: int = 5000) -> int:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        # Dates and datetimes go through the adapters Django's SQLite backend registers.
        json_at = [i for i, c in enumerate(columns) if _is_json(model, c)]
        count, chunk = 0, []
        with connection.cursor() as cursor:
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = _plain(row[i])
                chunk.append(row)
                if len(chunk) >= batch:
                    cursor.executemany(sql, chunk)
                    count += len(chunk)
                    chunk.clear()
            if chunk:
                cursor.executemany(sql, chunk)
                count += len(chunk)
        return count

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the loaded rows."""
        if connection.vendor != "postgresql" or not self._touched:
            return
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self._touched)):
                cursor.execute(sql)


def insert_objects(model, objs: list) -> list:
    """Insert new, already validated instances of `model` and set their primary keys, like
    `bulk_create` (no signals, no save()). On PostgreSQL by COPY, several times faster than
    INSERTs for tens of thousands of rows, with ids drawn from the table's own sequence so a
    concurrent insert elsewhere cannot collide; the table's constraints still apply."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=1000)
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [f'"{meta.db_table}"', meta.pk.column, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    fields = [f for f in meta.concrete_fields if not f.generated]  # the database writes those
    for obj, pk in zip(objs, ids, strict=True):
        setattr(obj, meta.pk.attname, pk)
        for f in fields:
            f.pre_save(obj, True)  # auto_now_add and the like, as save() would
        obj._state.adding, obj._state.db = False, connection.alias
    # get_prep_value: a file field's name, JSON as Python values (load serialises them).
    prep = [(f.attname, f.get_prep_value) for f in fields]
    rows = (tuple(to_db(getattr(obj, name)) for name, to_db in prep) for obj in objs)
    with connection.wrap_database_errors:  # a duplicate is Django's IntegrityError, as usual
        BulkLoader().load(model, [f.column for f in fields], rows)
    return objs


@contextlib.contextmanager
def _copy(statement: str):
    """A COPY whose sending runs in a thread of psycopg's, so Python builds the next rows
    while the server takes the last ones (two cores: one each)."""
    from psycopg.copy import QueuedLibpqWriter

    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's cursor under Django's wrapper
        with raw.copy(statement, writer=QueuedLibpqWriter(raw)) as copy:
            yield copy


def _is_json(model, column: str) -> bool:
    for f in model._meta.concrete_fields:
        if f.column == column:
            return isinstance(f, models.JSONField)
    return False


@contextlib.contextmanager
def constraints_deferred(tables: list[str]):
    """PostgreSQL: drop the secondary indexes, unique and foreign-key constraints of `tables`
    for the load and build them again after it, each in one pass (a foreign key is then
    checked by one join instead of a trigger per row, an index sorted once instead of grown
    row by row). Inside the caller's transaction, so a failed load leaves them as they were.
    Primary keys and check constraints stay. Elsewhere, does nothing."""
    if connection.vendor != "postgresql" or not tables:
        yield
        return
    with connection.cursor() as cursor:
        # Unique constraints that another table's foreign key relies on stay.
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
            FROM pg_constraint c
            WHERE c.connamespace = current_schema()::regnamespace
              AND c.contype IN ('f', 'u') AND c.conrelid::regclass::text = ANY(%s)
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint f
                WHERE f.contype = 'f' AND c.contype = 'u' AND f.conindid = c.conindid
                  AND f.conrelid::regclass::text <> ALL(%s))
            """,
            [tables, tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
                              AND c.contype IN ('p', 'u', 'x'))
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        # Foreign keys first: a unique constraint may be what one of them points at.
        constraints.sort(key=lambda c: c[3] != "f")
        for table, name, _definition, _kind in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for _table, name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _table, _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition, _kind in reversed(constraints):
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def _with_defaults(model, columns, rows):
    """Add the columns the caller left out that have a model default (Python defaults are not
    in the database schema) or are optional text (""), evaluated once per load."""
    given = set(columns)
    extra = [
        f
        for f in model._meta.concrete_fields
        if f.column not in given
        and not f.primary_key
        and not f.generated
        and (f.has_default() or (f.blank and f.empty_strings_allowed and not f.null))
    ]
    if not extra:
        return columns, rows
    values = tuple(f.get_default() for f in extra)
    return [*columns, *(f.column for f in extra)], (tuple(row) + values for row in rows)


def _plain(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value
