"""The incremental ledger equals the rebuilt one, whatever sequence of services ran.

Random sequences of the apps' service steps (tests/duty/steps.py, where other apps add
theirs) run against one office; after each sequence the ledger, points included, must equal
what rebuild_duty_ledger makes from the source records alone.
"""

import pytest
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison.core.errors import Refusal
from liaison.duty.models import DutyRecord, DutyRule, MemberYear
from liaison.duty.services import rebuild_ledger
from tests.duty import steps
from tests.factories import MemberFactory

YEAR = timezone.localdate().year


def ledger() -> set:
    return set(
        DutyRecord.objects.values_list(
            "member_id", "kind", "content_type_id", "object_id", "date", "quantity", "points"
        )
    )


def member_years() -> set:
    """Each member's stored sums of a year, those of no acts left out."""
    stored = MemberYear.objects.values_list("member_id", "year", "acts", "points")
    return {row for row in stored if row[2]}


def summed() -> set:
    """The same sums, counted from the ledger now."""
    rows = DutyRecord.objects.order_by().values("member_id", "year")
    return set(
        rows.annotate(n=Count("*"), p=Sum("points")).values_list("member_id", "year", "n", "p")
    )


class Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sequence=st.lists(
        st.tuples(st.sampled_from(sorted(steps.STEPS)), st.lists(st.integers(0, 7), min_size=8)),
        min_size=1,
        max_size=30,
    )
)
def test_incremental_ledger_equals_rebuilt(world, sequence):
    try:
        with transaction.atomic():
            # Caps and a deduction, so the points' order-dependence is exercised too.
            DutyRule.objects.create(
                kind="activities.attended", points=3, yearly_cap=5, effective_from=YEAR - 1
            )
            DutyRule.objects.create(kind="activities.absent", points=-2, effective_from=YEAR - 1)
            DutyRule.objects.create(
                kind="activities.visit", points=2, yearly_cap=3, effective_from=YEAR - 1
            )
            DutyRule.objects.create(kind="members.care_visit", points=1, effective_from=YEAR)
            state = steps.State(
                world.office,
                world.staff,
                [world.kang] + [MemberFactory(office=world.office) for _ in range(2)],
            )
            for prepare in steps.SETUPS:
                prepare(state)
            for name, choices in sequence:
                picks = iter(choices * 4)

                def pick(options, picks=picks):
                    options = list(options)
                    return options[next(picks) % len(options)]

                try:
                    with transaction.atomic():
                        steps.STEPS[name](state, pick)
                except Refusal:
                    pass
            incremental = ledger()
            assert member_years() == summed()  # kept by every step (liaison.duty.yearly)
            rebuild_ledger()
            assert ledger() == incremental
            assert member_years() == summed()
            raise Rollback
    except Rollback:
        pass
