"""Backup and restore: one .tar.gz holding a consistent database snapshot, the media files and
a manifest with a sha256 checksum of every member and every table's row count and content hash.

    python manage.py backup [--output PATH]
    python manage.py restore ARCHIVE

SQLite is copied with its online backup API (a consistent copy while the site runs).
PostgreSQL is dumped with `pg_dump` inside a REPEATABLE READ transaction whose exported snapshot
the dump shares, so the manifest's row counts describe exactly what was dumped; restore replays
it with `psql --single-transaction`, so a failure leaves the target as it was.

Restore only goes into an empty database (no rows beyond Django's own bookkeeping) and checks
every checksum before it writes anything; after loading it compares the row counts and content
hashes with the manifest.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.sql"
MEDIA_PREFIX = "media/"
# Tables Django fills by itself on `migrate`: rows there do not make a database "not empty".
BOOKKEEPING = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "django_session"}
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


# --- Table fingerprints ---------------------------------------------------------------------


def _plain(value):
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _fingerprint(cursor, tables, quote) -> dict[str, dict]:
    result = {}
    for table in sorted(t for t in tables if not t.startswith("sqlite_")):
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")
        digest = hashlib.sha256()
        count = 0
        while rows := cursor.fetchmany(1000):
            for row in rows:
                digest.update(json.dumps([_plain(v) for v in row]).encode())
                digest.update(b"\n")
                count += 1
        result[table] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def table_fingerprints(cursor=None) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hash of every row in primary-key order}} for the default
    database (through `cursor` if given, e.g. inside the backup's snapshot transaction)."""
    if cursor is not None:
        tables = connection.introspection.table_names(cursor)
        return _fingerprint(cursor, tables, connection.ops.quote_name)
    with connection.cursor() as own:
        return table_fingerprints(own)


def _sqlite_fingerprints(path: Path) -> dict[str, dict]:
    # The same type conversions as Django's own SQLite connections, so hashes compare equal.
    db = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    try:
        cursor = db.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = [row[0] for row in cursor.fetchall()]
        return _fingerprint(cursor, tables, connection.ops.quote_name)
    finally:
        db.close()


def is_empty() -> bool:
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        for table in connection.introspection.table_names(cursor):
            if table in BOOKKEEPING:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone():
                return False
    return True


# --- Helpers --------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env_and_args() -> tuple[dict, list[str]]:
    conf = connection.settings_dict
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    args = []
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    args += ["--dbname", str(conf["NAME"])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "The PostgreSQL tool “%(tool)s” is not installed "
                "(apt-get install postgresql-client)."
            )
            % {"tool": name}
        )
    return path


def _media_files() -> list[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return [
        (path, MEDIA_PREFIX + path.relative_to(root).as_posix())
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]


# --- Backup ---------------------------------------------------------------------------------


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"liaison-{stamp}.tar.gz"


def create_backup(output: Path | None = None) -> tuple[Path, dict]:
    """Write the archive; returns its path and the manifest."""
    output = Path(output or default_output())
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="liaison-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            member, tables = SQLITE_MEMBER, _backup_sqlite(work / SQLITE_MEMBER)
        elif connection.vendor == "postgresql":
            member, tables = PG_MEMBER, _backup_postgresql(work / PG_MEMBER)
        else:
            raise BackupError(
                _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
                % {"vendor": connection.vendor}
            )
        files = {member: _sha256(work / member)}
        media = _media_files()
        for path, name in media:
            files[name] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "database": member,
            "files": files,
            "tables": tables,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(work / member, arcname=member, recursive=False)
            for path, name in media:
                archive.add(path, arcname=name, recursive=False)
        partial.replace(output)  # a half-written archive never carries the final name
    return output, manifest


def _backup_sqlite(target: Path) -> dict:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # One step (pages=-1): the copy is a single consistent snapshot.
        connection.connection.backup(destination)
    finally:
        destination.close()
    return _sqlite_fingerprints(target)


def _backup_postgresql(target: Path) -> dict:
    pg_dump = _tool("pg_dump")
    env, args = _pg_env_and_args()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        run = subprocess.run(
            [
                pg_dump,
                *args,
                "--snapshot",
                snapshot,
                "--format",
                "plain",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            raise BackupError(_("pg_dump failed: %(error)s") % {"error": run.stderr.strip()})
        return table_fingerprints(cursor)


# --- Restore --------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def read_and_verify(archive_path: Path, work: Path) -> dict:
    """Unpack into `work` and check every checksum; the manifest, or BackupError."""
    try:
        archive = tarfile.open(archive_path, "r:gz")  # noqa: SIM115 (closed by `with` below)
    except (OSError, tarfile.TarError):
        raise BackupError(
            _("“%(path)s” is not a Liaison backup archive (.tar.gz).") % {"path": archive_path}
        ) from None
    with archive:
        members = {m.name: m for m in archive.getmembers()}
        if MANIFEST not in members:
            raise BackupError(_("The archive has no manifest: it is not a Liaison backup."))
        try:
            manifest = json.load(archive.extractfile(members[MANIFEST]))
        except (ValueError, TypeError):
            raise BackupError(_("The archive's manifest is damaged.")) from None
        if manifest.get("format") != FORMAT:
            raise BackupError(_("This backup was written in a format this version cannot read."))
        expected = manifest.get("files") or {}
        extra = set(members) - set(expected) - {MANIFEST}
        missing = set(expected) - set(members)
        if extra or missing or not all(_safe_name(n) for n in expected):
            raise BackupError(
                _("The archive's contents do not match its manifest; it was changed or damaged.")
            )
        for name, checksum in expected.items():
            member = members[name]
            if not member.isfile():
                raise BackupError(_("The archive's contents do not match its manifest."))
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
            if _sha256(target) != checksum:
                raise BackupError(
                    _("Checksum mismatch for “%(name)s”: the archive was changed or damaged.")
                    % {"name": name}
                )
    return manifest


def restore_backup(archive_path: Path) -> dict:
    archive_path = Path(archive_path)
    with tempfile.TemporaryDirectory(prefix="liaison-restore-") as tmp:
        work = Path(tmp)
        manifest = read_and_verify(archive_path, work)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                _("This backup is of a %(source)s database; the target is %(target)s.")
                % {"source": manifest["vendor"], "target": connection.vendor}
            )
        if not is_empty():
            raise BackupError(
                _(
                    "The target database is not empty. Restore only goes into an empty "
                    "database: create a new one (and run migrate if you like), then try again."
                )
            )
        if connection.vendor == "sqlite":
            _restore_sqlite(work / manifest["database"])
        else:
            _restore_postgresql(work / manifest["database"])
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        restored = table_fingerprints()
        # Every table of the backup as it was; tables the target has beyond it stay empty.
        differ = sorted(
            [t for t, fp in manifest["tables"].items() if restored.get(t) != fp]
            + [t for t, fp in restored.items() if t not in manifest["tables"] and fp["rows"]]
        )
        if differ:
            raise BackupError(
                _("The restored data differ from the backup in: %(tables)s")
                % {"tables": ", ".join(differ)}
            )
        media_root = Path(settings.MEDIA_ROOT)
        for name in manifest["files"]:
            if name.startswith(MEDIA_PREFIX):
                target = media_root / name.removeprefix(MEDIA_PREFIX)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / name, target)
    return manifest


def _restore_sqlite(source_path: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(source_path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(dump: Path) -> None:
    psql = _tool("psql")
    env, args = _pg_env_and_args()
    connection.close()  # nothing of ours holds a lock while psql drops and recreates tables
    run = subprocess.run(
        [
            psql,
            *args,
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set",
            "ON_ERROR_STOP=1",
            "--file",
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise BackupError(_("psql failed: %(error)s") % {"error": run.stderr.strip()[-2000:]})
