import pytest

from liaison.orgs.models import RoleAssignment
from liaison.proposals import services
from liaison.proposals.defaults import ensure_defaults
from liaison.proposals.models import Category, Proposal
from tests.factories import MemberFactory, UserFactory

TEXT = {
    "title": "关于加快老旧小区停车位改造的建议",
    "summary": "老旧小区停车难，建议挖潜增设停车位",
    "situation": "燕山街道老旧小区建成年代早，停车位严重不足，车辆乱停乱放，消防通道被占用。",
    "analysis": "规划滞后，公共空间利用不充分，错时停车机制尚未建立。",
    "suggestions": "一是挖掘闲置空地增设停车位；二是推行机关单位错时共享停车；"
    "三是加强停车秩序管理。",
}


@pytest.fixture(autouse=True)
def _defaults(db):
    ensure_defaults()


@pytest.fixture
def tang(world):
    user = UserFactory(username="tang", display_name="汤朝阳")
    RoleAssignment.objects.create(user=user, organization=world.office, role="member")
    return MemberFactory(office=world.office, name="汤朝阳", user=user)


@pytest.fixture
def make_proposal(world):
    def make(lead=None, **fields):
        values = {**TEXT, "category": Category.objects.get(code="municipal"), **fields}
        lead = lead or world.kang
        return services.save_proposal(
            world.member if lead == world.kang else None,
            Proposal(office=lead.office, lead=lead),
            **values,
        )

    return make


@pytest.fixture
def draft(make_proposal):
    return make_proposal()


def forwarded(world, proposal):
    proposal = services.submit(world.member, proposal)
    proposal = services.approve(world.director, proposal)
    return services.forward(world.director, proposal)


def replied(world, proposal, grade="A"):
    import datetime

    proposal = services.register(world.viewer, forwarded(world, proposal), "2026001")
    proposal = services.assign(world.director, proposal, "芙蓉区交通局")
    services.record_reply(
        world.director,
        proposal,
        unit="芙蓉区交通局",
        text="已增设停车位120个。",
        grade=grade,
        replied_on=datetime.date(2026, 9, 1),
    )
    return Proposal.objects.get(pk=proposal.pk)
