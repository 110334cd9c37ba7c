from django.core.management.base import BaseCommand

from liaison.duty.services import rebuild_ledger


class Command(BaseCommand):
    help = "Recompute the duty ledger from the source records of every app."

    def handle(self, *args, **options):
        count = rebuild_ledger()
        self.stdout.write(f"duty ledger rebuilt: {count} records")
