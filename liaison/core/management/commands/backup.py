"""python manage.py backup [--output PATH]: one .tar.gz with the database and media files."""

from django.core.management.base import BaseCommand, CommandError

from liaison.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write a consistent backup (database snapshot, media files, checksummed manifest)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="archive path (default var/backups/liaison-….tar.gz)")

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"backup: {path} ({len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['files']) - 1} media files)"
        )
