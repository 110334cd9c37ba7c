"""Remove audit entries older than the retention period (at least 180 days, 等保2.0)."""

from django.core.management.base import BaseCommand, CommandError

from liaison.core.errors import Refusal
from liaison.orgs.services import AUDIT_MIN_RETENTION_DAYS, prune_audit_log


class Command(BaseCommand):
    help = "Delete audit log entries older than --days days (default and minimum 180)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=AUDIT_MIN_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        try:
            deleted = prune_audit_log(None, days)
        except Refusal as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(f"prune_audit_log: {deleted} entries older than {days} days removed")
