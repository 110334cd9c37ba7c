"""Backup and restore round trip on the demo office: every table's row count and content hash
come back the same, media files too; a non-empty target or a changed archive is refused with
a clear message and nothing is written."""

import io
import shutil
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from liaison.core.backup import table_fingerprints
from liaison.members.models import Member

needs_pg_tools = pytest.mark.skipif(
    connection.vendor == "postgresql" and not (shutil.which("pg_dump") and shutil.which("psql")),
    reason="pg_dump/psql not on PATH",
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "康希.jpg").write_bytes(b"\xff\xd8\xff\xe0 photo")
    return settings.MEDIA_ROOT


def backup(path):
    out = StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    return out.getvalue()


def empty_the_database():
    call_command("flush", interactive=False, verbosity=0)


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_round_trip_of_the_demo_office(tmp_path, media):
    call_command("seed_demo", stdout=StringIO())
    before = table_fingerprints()
    assert before["members_member"]["rows"] >= 20
    archive = tmp_path / "backup.tar.gz"
    assert "backup:" in backup(archive)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert "manifest.json" in names and "media/photos/康希.jpg" in names

    empty_the_database()
    shutil.rmtree(media)
    assert Member.objects.count() == 0
    call_command("restore", str(archive), stdout=StringIO())
    after = table_fingerprints()
    assert after.keys() == before.keys()
    for table, fingerprint in before.items():
        assert after[table] == fingerprint, table
    assert (media / "photos" / "康希.jpg").read_bytes() == b"\xff\xd8\xff\xe0 photo"
    assert Member.objects.filter(name="康希").exists()


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path, media):
    call_command("seed_demo", stdout=StringIO())
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    Member.objects.filter(name="康希").update(post="改过的")
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive))
    assert Member.objects.get(name="康希").post == "改过的"


def _tamper(source, target, name, data):
    with tarfile.open(source) as tar_in, tarfile.open(target, "w:gz") as tar_out:
        for member in tar_in.getmembers():
            content = tar_in.extractfile(member).read()
            if member.name == name:
                content = data
            member.size = len(content)
            tar_out.addfile(member, io.BytesIO(content))


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_a_changed_archive_is_refused_before_anything_is_written(tmp_path, media):
    call_command("seed_demo", stdout=StringIO())
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    empty_the_database()
    shutil.rmtree(media)
    tampered = tmp_path / "tampered.tar.gz"
    _tamper(archive, tampered, "media/photos/康希.jpg", b"something else")
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", str(tampered))
    assert Member.objects.count() == 0 and not media.exists()


@pytest.mark.django_db
def test_not_an_archive_gets_a_clear_message(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="不是 Liaison 备份"):
        call_command("restore", str(junk))
    with pytest.raises(CommandError, match="不是 Liaison 备份"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
