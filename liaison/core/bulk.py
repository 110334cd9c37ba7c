"""Bulk loading for generated data: COPY on PostgreSQL, batched INSERTs on SQLite.

Ids are allocated by the caller (`reserve_ids`) so that rows of one table can refer to rows of
another without reading them back; `finish` moves PostgreSQL's sequences past what was loaded.
Only the benchmark generator uses this: the apps write through their services.
"""

import datetime
import json
from collections.abc import Iterable

from django.db import connection


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
            count = self._copy(table, columns, rows)
        else:
            count = self._insert(table, columns, rows)
        self.counts[table] = self.counts.get(table, 0) + count
        return count

    def _copy(self, table, columns, rows) -> int:
        names = ", ".join(f'"{c}"' for c in columns)
        count = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3's cursor under Django's wrapper
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([_plain(v) for v in row])
                    count += 1
        return count

    def _insert(self, table, columns, rows, batch: int = 5000) -> int:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        count, chunk = 0, []
        with connection.cursor() as cursor:
            for row in rows:
                chunk.append([_plain(v) for v in row])
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


def _with_defaults(model, columns, rows):
    """Add the columns the caller left out that have a model default (Python defaults are not
    in the database schema), evaluated once per load."""
    given = set(columns)
    extra = [
        f
        for f in model._meta.concrete_fields
        if f.column not in given and not f.primary_key and f.has_default()
    ]
    if not extra:
        return columns, rows
    values = tuple(f.get_default() for f in extra)
    return [*columns, *(f.column for f in extra)], (tuple(row) + values for row in rows)


def _plain(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.datetime) and connection.vendor == "sqlite":
        return value.isoformat(" ")
    return value
