"""python manage.py rebuild_figures [--year YEAR …]: count every office's stored figures afresh."""

import time

from django.core.management.base import BaseCommand

from liaison.reports.stored import rebuild


class Command(BaseCommand):
    help = (
        "Count and store every office's yearly figures afresh (liaison.reports.stored), e.g. "
        "after rows were changed outside the services (a restore, a hand edit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="only this year (repeatable)")

    def handle(self, *args, year=None, **options):
        from liaison.duty import yearly

        began = time.perf_counter()
        written = rebuild(years=year)
        self.stdout.write(
            f"rebuild_figures: {written:,} office-years in {time.perf_counter() - began:.1f} s"
        )
        began = time.perf_counter()
        # Each member's sums of a year (the duty ranking's), stored from the ledger likewise.
        summed = yearly.rebuild()
        self.stdout.write(
            f"rebuild_figures: {summed:,} member-years in {time.perf_counter() - began:.1f} s"
        )
