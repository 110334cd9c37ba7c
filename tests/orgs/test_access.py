from liaison.duty.models import DutyRecord
from liaison.members.models import Member
from liaison.orgs.access import Perm, can, organizations_for
from liaison.orgs.models import Organization, RoleAssignment
from tests.factories import MemberFactory


def test_office_roles_act_on_their_own_office_only(world):
    assert can(world.director, Perm.OFFICE_MANAGE, world.office)
    assert not can(world.director, Perm.OFFICE_MANAGE, world.other_office)
    assert not can(world.staff, Perm.OFFICE_DIRECT)
    assert can(world.director, Perm.OFFICE_DIRECT, world.office)


def test_district_roles_reach_the_subtree(world):
    assert can(world.viewer, Perm.OFFICE_VIEW, world.office)
    assert can(world.viewer, Perm.OFFICE_VIEW, world.other_office)
    assert not can(world.viewer, Perm.OFFICE_MANAGE, world.office)
    assert not can(world.viewer, Perm.OFFICE_VIEW, world.city)
    visible = set(organizations_for(world.viewer, Perm.DISTRICT_VIEW))
    assert world.office in visible and world.other_office in visible
    assert world.city not in visible


def test_admin_manages_organizations_but_reads_no_business_data(world):
    assert can(world.admin, Perm.ORGS_MANAGE, world.department)
    assert not can(world.admin, Perm.OFFICE_VIEW)
    assert Member.objects.visible_to(world.admin).count() == 0


def test_member_querysets_are_scoped(world):
    MemberFactory(office=world.other_office, name="周建华")
    assert set(Member.objects.visible_to(world.director).values_list("name", flat=True)) == {"康希"}
    assert set(Member.objects.visible_to(world.other).values_list("name", flat=True)) == {"周建华"}
    assert Member.objects.visible_to(world.viewer).count() == 2
    # A member sees their own record and nobody else's.
    assert list(Member.objects.visible_to(world.member)) == [world.kang]
    assert Member.objects.visible_to(world.nobody).count() == 0


def test_inactive_users_and_organizations_grant_nothing(world):
    world.director.is_active = False
    assert not can(world.director, Perm.OFFICE_VIEW)
    Organization.objects.filter(pk=world.other_office.pk).update(is_active=False)
    other = type(world.other).objects.get(pk=world.other.pk)
    assert not can(other, Perm.OFFICE_VIEW)


def test_scoping_reads_roles_once_per_request(world, django_assert_num_queries):
    user = type(world.viewer).objects.get(pk=world.viewer.pk)
    with django_assert_num_queries(1):
        for _ in range(5):
            can(user, Perm.OFFICE_VIEW, world.office)
    assert (
        RoleAssignment.objects.visible_to(world.admin, Perm.ACCOUNTS_MANAGE).count()
        == RoleAssignment.objects.count()
    )
    assert DutyRecord.objects.visible_to(world.director).count() == 0
