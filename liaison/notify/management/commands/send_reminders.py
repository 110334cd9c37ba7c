from django.core.management.base import BaseCommand

from liaison.notify.tasks import send_reminders


class Command(BaseCommand):
    help = "Send every reminder that is due and not sent yet (run from cron, e.g. every 15 min)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the task worker instead."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            self.stdout.write(f"queued {send_reminders.enqueue().id}")
        else:
            self.stdout.write(f"{send_reminders.call()} reminder(s) sent")
