"""Background work of the duty ledger, run by the django.tasks worker."""

from django.tasks import task


@task()
def recompute_points(year: int) -> int:
    """Every point of `year` under the rules now in force (after a rule changed)."""
    from liaison.duty.scoring import recompute_year

    return recompute_year(year)
