from django.core.management.base import BaseCommand

from liaison.notify.tasks import send_digests


class Command(BaseCommand):
    help = "Mail each user their daily digest (run once a day from cron, e.g. at 07:30)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the task worker instead."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = send_digests.enqueue()
            self.stdout.write(f"queued {result.id}")
        else:
            self.stdout.write(f"{send_digests.call()} notification(s) sent in digests")
