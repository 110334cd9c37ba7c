from django.core.management.base import BaseCommand

from liaison.notify.tasks import cleanup_exports


class Command(BaseCommand):
    help = "Delete background export files older than EXPORT_KEEP_DAYS (daily from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{cleanup_exports.call()} export(s) removed")
