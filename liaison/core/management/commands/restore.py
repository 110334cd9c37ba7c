"""python manage.py restore ARCHIVE: load a backup into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from liaison.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (checksums verified first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"restore: {archive} ({len(manifest['tables'])} tables, {rows} rows) — "
            "run `python manage.py migrate` if this code is newer than the backup"
        )
