from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "Put tasks back on the queue whose worker died mid-run (still RUNNING after --minutes). "
        "Every task here is safe to run again: deliveries, reminders and exports check "
        "their own state first, notify_later is keyed by its task id "
        "(tests/notify/test_rerun.py). Run from cron every 10 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=60)

    def handle(self, *args, minutes=60, **options):
        stale = DBTaskResult.objects.running().filter(
            started_at__lt=timezone.now() - timedelta(minutes=minutes)
        )
        count = stale.update(status="READY", started_at=None)
        self.stdout.write(f"{count} stale task(s) put back on the queue")
