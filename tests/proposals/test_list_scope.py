"""Who lists which proposals, members and activities, and in how many queries: the scopes are
UNIONs of id subqueries (liaison.orgs.access.any_of) so PostgreSQL reads them by index."""

import pytest
from django.urls import reverse

from liaison.proposals.models import CoSigner
from tests.activities.factories import ActivityFactory, invite
from tests.factories import MemberFactory


@pytest.fixture
def spread(world, make_proposal):
    """Two proposals led by 康希 in 燕山, one of 定王台 that 康希 co-signs, one he does not."""
    led = [make_proposal(title=f"燕山提案{n}") for n in range(2)]
    stranger = MemberFactory(office=world.other_office, name="王五")
    cosigned = make_proposal(lead=stranger, title="定王台联名提案")
    CoSigner.objects.create(proposal=cosigned, member=world.kang)
    apart = make_proposal(lead=stranger, title="定王台提案")
    return {"led": led, "cosigned": cosigned, "apart": apart}


def _listed(client, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name))
    assert response.status_code == 200
    return {row.pk for row in response.context["page"]}


@pytest.mark.parametrize(
    "who, expected",
    [
        ("member", {"led", "cosigned"}),
        ("director", {"led"}),
        ("other", {"cosigned", "apart"}),
        ("viewer", {"led", "cosigned", "apart"}),
    ],
)
def test_proposal_list_scope(
    world, client_for, spread, who, expected, django_assert_max_num_queries
):
    want = set()
    for key in expected:
        want |= {p.pk for p in spread[key]} if key == "led" else {spread[key].pk}
    assert _listed(client_for(who), "proposal_list", django_assert_max_num_queries) == want


def test_member_list_scope(world, client_for, django_assert_max_num_queries):
    here = MemberFactory(office=world.office, name="张三")
    there = MemberFactory(office=world.other_office, name="李四")
    viewer = _listed(client_for("viewer"), "member_list", django_assert_max_num_queries)
    assert {here.pk, there.pk, world.kang.pk} <= viewer
    director = _listed(client_for("director"), "member_list", django_assert_max_num_queries)
    assert there.pk not in director and {here.pk, world.kang.pk} <= director


def test_activity_list_scope(world, client_for, django_assert_max_num_queries):
    from liaison.activities.models import Status

    here = ActivityFactory(office=world.office)
    there = ActivityFactory(office=world.other_office)
    invited = ActivityFactory(office=world.other_office)
    invite(invited, world.kang)
    draft = ActivityFactory(office=world.other_office, status=Status.DRAFT)
    invite(draft, world.kang)
    viewer = _listed(client_for("viewer"), "activity_list", django_assert_max_num_queries)
    assert {here.pk, there.pk, invited.pk, draft.pk} <= viewer
    member = _listed(client_for("member"), "activity_list", django_assert_max_num_queries)
    assert invited.pk in member and draft.pk not in member and there.pk not in member


def test_member_filter_lists_led_and_cosigned(
    world, client_for, spread, django_assert_max_num_queries
):
    client = client_for("viewer")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("proposal_list"), {"member": world.kang.pk})
    listed = {row.pk for row in response.context["page"]}
    assert listed == {p.pk for p in spread["led"]} | {spread["cosigned"].pk}
    page = response.content.decode()
    assert 'data-testid="chosen-member"' in page and "康希" in page
    assert 'name="member_name"' not in page  # the chip replaces the name box until removed
    stranger = spread["apart"].lead
    response = client.get(reverse("proposal_list"), {"member": stranger.pk})
    assert {row.pk for row in response.context["page"]} == {
        spread["cosigned"].pk,
        spread["apart"].pk,
    }


@pytest.mark.parametrize(
    "who, typed, expected",
    [
        ("viewer", "康希", {"led", "cosigned"}),
        ("viewer", "kx", {"led", "cosigned"}),  # initials, as the office types them
        ("viewer", "wangwu", {"cosigned", "apart"}),
        ("director", "王五", set()),  # a member of another office: not one the director sees
        ("viewer", "没有这个人", set()),
    ],
)
def test_member_name_filter_lists_led_and_cosigned_of_visible_members(
    world, client_for, spread, who, typed, expected, django_assert_max_num_queries
):
    client = client_for(who)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("proposal_list"), {"member_name": typed})
    want = set()
    for key in expected:
        want |= {p.pk for p in spread[key]} if key == "led" else {spread[key].pk}
    assert {row.pk for row in response.context["page"]} == want
    assert f'value="{typed}"' in response.content.decode()


def test_member_filter_needs_no_member_list_and_takes_bad_input(world, client_for, spread):
    client = client_for("viewer")
    page = client.get(reverse("proposal_list")).content.decode()
    assert 'name="member_name"' in page and 'name="member"' not in page  # no <select> of all
    long = client.get(reverse("proposal_list"), {"member_name": "康" * 500, "member": "x1"})
    assert long.status_code == 200 and long.context["filters"]["member_name"] == "康" * 50
    assert "member" not in long.context["filters"]
    hidden = client_for("director").get(
        reverse("proposal_list"), {"member": spread["apart"].lead.pk}
    )
    assert (
        hidden.status_code == 200 and 'data-testid="chosen-member"' not in hidden.content.decode()
    )
    assert list(hidden.context["page"]) == []
