"""python manage.py bench_generate --scale office|district|province [--seed N] [--flush]"""

import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import autodiscover_modules

from liaison.core import benchgen, figures
from liaison.core.bulk import BulkLoader, constraints_deferred


class Command(BaseCommand):
    help = "Generate synthetic data at office, district or province scale for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(benchgen.SCALES), default="district")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--flush", action="store_true", help="empty the database first (all data is lost)"
        )

    def handle(self, *args, scale, seed, flush, **options):
        from liaison.orgs.models import Organization

        if flush:
            call_command("flush", "--no-input", verbosity=0)
        elif Organization.objects.exists():
            raise CommandError(
                "The database already holds data: give the benchmark a database of its own "
                "and pass --flush to empty it."
            )
        from liaison.activities.defaults import ensure_types
        from liaison.activities.models import ActivityType

        ensure_types(ActivityType)
        autodiscover_modules("benchgen")
        ctx = benchgen.Context(
            scale_name=scale,
            scale=benchgen.SCALES[scale],
            loader=BulkLoader(),
            rng=random.Random(seed),
        )
        began = time.perf_counter()
        with transaction.atomic(), figures.rebuilt_after():  # stored afresh below
            with constraints_deferred(_tables()):
                for generator in benchgen.generators():
                    step = time.perf_counter()
                    generator.run(ctx)
                    self.stdout.write(f"  {generator.name}: {time.perf_counter() - step:.1f} s")
                step = time.perf_counter()
            if connection.vendor == "postgresql":
                self.stdout.write(
                    f"  indexes and constraints rebuilt: {time.perf_counter() - step:.1f} s"
                )
            ctx.loader.finish()
            step = time.perf_counter()
            # Each member's sums of a year (liaison.duty.yearly): the bulk load sent no signals.
            from liaison.duty import yearly

            summed = yearly.rebuild()
            self.stdout.write(
                f"  member years summed: {summed:,} in {time.perf_counter() - step:.1f} s"
            )
            step = time.perf_counter()
        self.stdout.write(f"  commit: {time.perf_counter() - step:.1f} s")
        if connection.vendor == "postgresql":
            step = time.perf_counter()
            with connection.cursor() as cursor:
                # As autovacuum leaves a live database: statistics for the planner, and the
                # visibility map without which an index-only scan still reads every heap page.
                cursor.execute("VACUUM (ANALYZE)")
            self.stdout.write(f"  vacuum and analyze: {time.perf_counter() - step:.1f} s")
        # The figures of every office's years, stored as the services keep them
        # (liaison.reports.stored): the bulk load sent no signals.
        from liaison.reports.stored import rebuild

        step = time.perf_counter()
        stored = rebuild(ctx.offices or None, ctx.years)
        self.stdout.write(f"  figures stored: {stored:,} in {time.perf_counter() - step:.1f} s")
        for table, count in sorted(ctx.loader.counts.items()):
            self.stdout.write(f"  {table}: {count:,}")
        self.stdout.write(
            f"bench_generate --scale {scale}: {sum(ctx.loader.counts.values()):,} rows "
            f"in {time.perf_counter() - began:.1f} s ({connection.vendor})"
        )


def _tables() -> list[str]:
    """The product's tables (the generators load only those; Django's own stay untouched)."""
    from django.apps import apps

    return sorted(
        model._meta.db_table
        for app in apps.get_app_configs()
        if app.name.startswith("liaison.")
        for model in app.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    )
