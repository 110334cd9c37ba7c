from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from liaison.duty.models import DutyRecord
from liaison.duty.services import rebuild_ledger
from liaison.plans.models import InstructionRequest, PlanStatus, RequestStatus, WorkPlan
from liaison.research.models import Campaign, Donation, Recommendation, ResearchProject


def _counts():
    return [
        m.objects.count()
        for m in (WorkPlan, InstructionRequest, ResearchProject, Campaign, Donation)
    ]


def test_demo_holds_the_seeds_services_and_plans(db):
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    year = timezone.localdate().year
    assert WorkPlan.objects.get(year=year).status == PlanStatus.INCORPORATED
    assert WorkPlan.objects.get(year=year + 1).status == PlanStatus.DRAFT
    assert InstructionRequest.objects.get().status == RequestStatus.SUBMITTED
    rec = Recommendation.objects.get(adoption="adopted")
    assert "非公经济党工委" in str(rec.receiver)
    campaign = Campaign.objects.get(name="食品安全进校园")
    assert campaign.materials.get().count == 5000
    assert {p.name for p in campaign.partners.all()} == {"街道食安办", "燕山街工商所"}
    assert Donation.objects.filter(recipient="八一路小学").count() == 2
    before = sorted(DutyRecord.objects.values_list("member", "kind", "object_id", "date"))
    rebuild_ledger()
    assert sorted(DutyRecord.objects.values_list("member", "kind", "object_id", "date")) == before
