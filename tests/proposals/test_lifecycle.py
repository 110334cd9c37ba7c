import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.core.errors import Refusal
from liaison.duty.models import DutyRecord
from liaison.duty.services import rebuild_ledger
from liaison.orgs.models import AuditEntry
from liaison.proposals import services
from liaison.proposals.models import (
    TRANSITIONS,
    CoSigner,
    Evaluation,
    Proposal,
    RejectionReason,
    SocialSentimentReport,
    State,
)
from tests.factories import MemberFactory
from tests.proposals.conftest import forwarded, replied

EVALUATION = {
    "consulted": Evaluation.Consulted.IN_PERSON,
    "attitude": Evaluation.Attitude.GOOD,
    "agreement": Evaluation.Agreement.AGREE,
    "satisfaction": Evaluation.Satisfaction.SATISFIED,
    "comment": "答复认真。",
}


def _ledger():
    return sorted(
        DutyRecord.objects.values_list("member_id", "kind", "object_id", "date", "quantity")
    )


def test_the_whole_life_of_a_proposal(world, draft, tang):
    services.invite_cosigners(world.member, draft, [tang])
    services.respond_cosign(tang, draft, accept=True)
    proposal = services.submit(world.member, draft)
    proposal = services.return_for_revision(world.director, proposal, "请补充数据")
    assert proposal.state == State.RETURNED
    proposal = services.save_proposal(world.member, proposal, analysis="补充了调查数据。")
    proposal = services.submit(world.member, proposal)
    proposal = services.approve(world.director, proposal)
    proposal = services.forward(world.director, proposal)
    assert proposal.forwarded_at is not None
    proposal = services.register(world.viewer, proposal, "2026001")
    proposal = services.assign(world.director, proposal, "芙蓉区交通局", "燕山街道办事处")
    assert proposal.reply_deadline == services.add_months(timezone.localdate(), 3)
    services.record_reply(
        world.director, proposal, unit="", text="已采纳", grade="A", replied_on=timezone.localdate()
    )
    services.evaluate(world.member, proposal, **EVALUATION)
    proposal.refresh_from_db()
    assert proposal.state == State.CLOSED
    services.set_flags(world.director, proposal, is_key=True, is_excellent=True)
    kinds = set(DutyRecord.objects.values_list("member__name", "kind"))
    assert kinds == {
        ("康希", services.LEAD),
        ("汤朝阳", services.COSIGN),
        ("康希", services.REGISTERED),
        ("康希", services.KEY),
        ("康希", services.EXCELLENT),
    }
    assert AuditEntry.objects.filter(action="status", object_id=str(proposal.pk)).count() >= 9


def test_unsatisfied_evaluation_leads_to_rehandling_with_a_new_reply(world, draft):
    proposal = replied(world, draft, grade="C")
    services.evaluate(world.member, proposal, **{**EVALUATION, "satisfaction": "unsatisfied"})
    proposal.refresh_from_db()
    assert proposal.state == State.UNSATISFIED
    proposal = services.assign(world.director, proposal, "芙蓉区交通局")
    reply = services.record_reply(
        world.director,
        proposal,
        unit="",
        text="再次办理",
        grade="B",
        replied_on=timezone.localdate(),
    )
    assert reply.round == 2
    assert Proposal.objects.get(pk=proposal.pk).latest_reply == reply


# Every (state, target) pair the TRANSITIONS table does not allow is refused by _move.
REFUSED = [
    (state, target) for state in State for target in State if target not in TRANSITIONS[state]
]


@pytest.mark.parametrize(("state", "target"), REFUSED)
def test_every_transition_not_in_the_table_is_refused(world, draft, state, target):
    Proposal.objects.filter(pk=draft.pk).update(state=state)
    with pytest.raises(Refusal) as refused:
        services._move(world.director, draft, target)
    assert refused.value.code == "transition_refused"
    assert Proposal.objects.get(pk=draft.pk).state == state


def test_approving_a_draft_is_refused_and_nothing_changes(world, draft):
    with pytest.raises(Refusal) as refused:
        services.approve(world.director, draft)
    assert refused.value.code == "transition_refused"
    assert Proposal.objects.get(pk=draft.pk).state == State.DRAFT


def test_a_co_signer_confirming_after_the_deadline_is_refused(world, draft, tang):
    services.invite_cosigners(world.member, draft, [tang])
    Proposal.objects.filter(pk=draft.pk).update(
        cosign_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(Refusal) as refused:
        services.respond_cosign(tang, draft, accept=True)
    assert refused.value.code == "cosign_deadline_passed"
    assert CoSigner.objects.get(member=tang).status == CoSigner.Status.INVITED


def test_unconfirmed_co_signers_drop_off_when_the_proposal_goes_to_the_district(world, draft, tang):
    services.invite_cosigners(world.member, draft, [tang])
    forwarded(world, draft)
    assert CoSigner.objects.get(member=tang).status == CoSigner.Status.DROPPED
    assert not DutyRecord.objects.filter(member=tang).exists()
    with pytest.raises(Refusal):
        services.respond_cosign(tang, draft, accept=True)


def test_an_evaluation_by_someone_who_is_not_the_lead_is_refused(world, draft, tang):
    proposal = replied(world, draft)
    for user in (tang.user, world.director):
        with pytest.raises(Refusal) as refused:
            services.evaluate(user, proposal, **EVALUATION)
        assert refused.value.code == "not_lead"
    assert not Evaluation.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).state == State.REPLIED


def test_a_20000_character_section_is_refused_and_nothing_is_saved(world, draft):
    with pytest.raises(Refusal) as refused:
        services.save_proposal(world.member, draft, situation="停" * 20000)
    assert refused.value.code == "section_too_long"
    assert "20000" in refused.value.message
    assert Proposal.objects.get(pk=draft.pk).situation.startswith("燕山街道")


def test_merging_a_proposal_into_itself_is_refused(world, draft):
    proposal = forwarded(world, draft)
    with pytest.raises(Refusal) as refused:
        services.merge(world.director, proposal, proposal)
    assert refused.value.code == "merge_self"
    assert Proposal.objects.get(pk=proposal.pk).state == State.FORWARDED


def test_merge_into_a_registered_proposal(world, make_proposal):
    first = services.register(world.director, forwarded(world, make_proposal()))
    second = forwarded(world, make_proposal(title="关于增设停车位的建议"))
    second = services.merge(world.director, second, first)
    assert second.state == State.MERGED and second.merged_into == first
    # Each merged proposal is still answered on its own.
    assert services.assign(world.director, second, "芙蓉区交通局").state == State.ASSIGNED


def test_not_registered_converted_into_a_report(world, draft, tang):
    services.invite_cosigners(world.member, draft, [tang])
    services.respond_cosign(tang, draft, accept=True)
    proposal = forwarded(world, draft)
    reason = RejectionReason.objects.first()
    services.reject(world.viewer, proposal, reason, "report")
    report = SocialSentimentReport.objects.get(from_proposal=proposal)
    assert set(report.submitters.values_list("name", flat=True)) == {"康希", "汤朝阳"}
    assert RejectionReason.objects.count() == 12


def test_the_reply_deadline_is_at_most_six_months(world, draft):
    proposal = services.register(world.director, forwarded(world, draft))
    too_far = services.add_months(timezone.localdate(), 7)
    with pytest.raises(Refusal) as refused:
        services.assign(world.director, proposal, "芙蓉区交通局", deadline=too_far)
    assert refused.value.code == "deadline_too_far"
    assert Proposal.objects.get(pk=proposal.pk).state == State.REGISTERED


def test_incremental_ledger_equals_the_rebuilt_one(world, make_proposal, tang):
    one = make_proposal()
    services.invite_cosigners(world.member, one, [tang])
    services.respond_cosign(tang, one, accept=True)
    one = replied(world, one)
    services.set_flags(world.director, one, is_key=True, is_excellent=False)
    services.set_flags(world.director, one, is_key=False, is_excellent=True)
    two = forwarded(world, make_proposal(title="第二件"))
    services.reject(world.director, two, RejectionReason.objects.first(), "letter")
    report = services.save_report(
        world.director,
        SocialSentimentReport(office=world.office),
        submitters=[world.kang, tang],
        title="关于校园周边食品安全的社情民意",
        problem="校园周边流动摊贩多。",
        suggestions="加强巡查。",
    )
    services.sign_off(world.director, report)
    services.submit_report(world.director, report)
    for level in ("district", "city"):
        services.add_adoption(
            world.viewer,
            report,
            level=level,
            mode="single",
            date=timezone.localdate(),
            body="区政协",
        )
    services.add_instruction(
        world.viewer,
        report,
        leader="区长",
        level="district",
        text="请研究。",
        date=timezone.localdate(),
    )
    services.set_report_excellent(world.viewer, report, True)
    incremental = _ledger()
    assert len(incremental) == 5 + 2 * 5  # proposal one: 4 rows + cosign; report: 5 per member
    rebuild_ledger()
    assert _ledger() == incremental


def test_a_proposal_grows_from_its_offices_research_and_opinions_only(world, client_for, draft):
    from liaison.opinions import services as opinion_services
    from liaison.research.models import ResearchProject

    project = ResearchProject.objects.create(
        office=world.office, topic="停车难", nature=ResearchProject.Nature.FORWARD, lead=world.kang
    )
    opinion = opinion_services.submit_opinion(
        world.staff, world.office, source="research", raisers=[world.kang], text="车位太少"
    )
    proposal = services.save_proposal(
        world.staff, draft, title="关于缓解停车难的建议", research_project=project, opinion=opinion
    )
    assert list(project.proposals.all()) == [proposal] and list(opinion.proposals.all()) == [
        proposal
    ]
    page = client_for("director").get(reverse("research_detail", args=[project.pk]))
    assert "关于缓解停车难的建议" in page.content.decode()
    elsewhere = ResearchProject.objects.create(
        office=world.other_office,
        topic="别处",
        nature=ResearchProject.Nature.FORWARD,
        lead=MemberFactory(office=world.other_office),
    )
    with pytest.raises(Refusal) as refused:
        services.save_proposal(world.staff, proposal, research_project=elsewhere)
    assert refused.value.code == "origin_other_office"
    proposal.refresh_from_db()
    assert proposal.research_project == project
