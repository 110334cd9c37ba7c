"""The benchmark generator: its data is the shape the services write, so pages and the
ledger rebuild work on it."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from liaison.activities.models import Activity, Attendance
from liaison.duty import kinds, scoring
from liaison.duty.models import DutyRecord
from liaison.duty.services import _as_date
from liaison.members.models import Member
from liaison.opinions.models import Assignment, DeadlineChange, Feedback, Opinion
from liaison.opinions.models import Reply as OpinionReply
from liaison.orgs.models import Organization, RoleAssignment
from liaison.plans.models import InstructionRequest, PlanItem, WorkPlan, WorkReport
from liaison.proposals.models import (
    Adoption,
    CoSigner,
    Evaluation,
    Instruction,
    Proposal,
    SocialSentimentReport,
)
from liaison.proposals.models import Reply as ProposalReply
from liaison.research.models import (
    Campaign,
    Donation,
    FieldTrip,
    PremisesInspection,
    Recommendation,
    ReportVersion,
    ResearchProject,
    TeamMember,
)

# Every table the generators fill, checked against the models' own validation.
SAMPLED = [
    Opinion, Assignment, DeadlineChange, OpinionReply, Feedback, Proposal, CoSigner,
    ProposalReply, Evaluation, SocialSentimentReport, Adoption, Instruction, WorkPlan, PlanItem,
    InstructionRequest, WorkReport, ResearchProject, FieldTrip, ReportVersion, Recommendation,
    Campaign, TeamMember, PremisesInspection, Donation, DutyRecord, RoleAssignment,
]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_office_scale_generates_a_consistent_office(client):
    call_command("bench_generate", "--scale", "office", "--flush", verbosity=0)
    office = Organization.objects.get(kind="liaison_office")
    assert Member.objects.filter(office=office).count() == 30
    assert Activity.objects.filter(office=office).count() == 60
    assert Attendance.objects.count() == 1_200
    assert Opinion.objects.filter(office=office).count() == 250
    assert Proposal.objects.filter(office=office).count() == 100
    # The ledger reaches the scale's count.
    assert DutyRecord.objects.count() == 5_000
    # Every office's years are stored (liaison.reports.stored): the figures counted live.
    from liaison.core.figures import all_figures, count_all, year_bounds
    from liaison.reports import stored
    from liaison.reports.models import FigureYear

    year = Activity.objects.order_by("-starts_at").first().starts_at.year
    assert FigureYear.objects.filter(office=office, year=year, part=stored.FIGURES).exists()
    counted, _split = stored.figures([office.pk], year)
    assert counted == count_all(all_figures(), [office.pk], *year_bounds(year))
    # Paths are the materialized tree the scoping relies on.
    district = Organization.objects.get(pk=office.parent_id)
    assert office.path == f"{district.path}{office.pk}/"
    for model in SAMPLED:
        rows = list(model.objects.order_by("?")[:20])
        assert rows, model
        for row in rows:
            row.full_clean()
    # The workflow's spread: open, overdue and closed assignments, with replies and feedback.
    assert Assignment.objects.overdue().exists()
    assert Assignment.objects.filter(status="closed", feedback__isnull=False).exists()
    assert Proposal.objects.filter(state="registered").exists()
    assert Proposal.objects.filter(state="replied").exists()
    # The ledger as generated is what the apps' rebuilders imply (what rebuild_ledger would
    # record, without its row-by-row cost), and its points what duty.scoring computes.
    fields = ("member", "kind", "object_id", "date", "points")
    generated = set(DutyRecord.objects.values_list(*fields))
    assert sum(p for *_rest, p in generated) > 0
    implied = {
        (e.member.pk, e.kind, e.source.pk, _as_date(e.date))
        for rebuild in kinds.rebuilders().values()
        for e in rebuild()
    }
    assert {row[:4] for row in generated} == implied
    # Each member's sums of a year, as duty.yearly keeps them.
    from tests.duty.test_consistency import member_years, summed

    assert member_years() == summed()
    for year in DutyRecord.objects.order_by().values_list("year", flat=True).distinct():
        scoring.recompute_year(year)
    assert set(DutyRecord.objects.values_list(*fields)) == generated
    assert member_years() == summed()
    # New rows after generation get fresh ids (sequences moved past the loaded rows).
    assert Organization.objects.create(name="新组织", kind="department").pk > office.pk
    # A director of the generated office sees its roster, opinions, overdue assignments,
    # the department scorecard and the proposals.
    from tests.factories import UserFactory

    director = UserFactory()
    RoleAssignment.objects.create(user=director, organization=office, role="office_director")
    client.force_login(director)
    for url in [
        reverse("member_list"),
        reverse("opinion_list"),
        reverse("assignment_list") + "?view=overdue",
        reverse("opinion_scorecard"),
        reverse("proposal_list"),
        reverse("sentiment_list"),
        reverse("plan_list"),
        reverse("research_list"),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_it_refuses_a_database_with_data_unless_told_to_flush(world):
    with pytest.raises(CommandError, match="--flush"):
        call_command("bench_generate", "--scale", "office", verbosity=0)
