"""The session's copy of a user's roles (liaison.orgs.access): read instead of the database
while it holds, and never once a role or an organization it copied changed."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liaison.orgs import services
from liaison.orgs.models import RoleAssignment, User


def role_queries(client, url) -> tuple[int, int]:
    """(status, how many queries of the request read role assignments)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    read = [q for q in queries.captured_queries if 'FROM "orgs_roleassignment"' in q["sql"]]
    return response.status_code, len(read)


def test_the_second_page_reads_the_roles_from_the_session(world, client_for):
    client = client_for("director")
    assert role_queries(client, reverse("member_list")) == (200, 1)
    assert role_queries(client, reverse("member_list")) == (200, 0)
    assert role_queries(client, reverse("home")) == (200, 0)


def test_a_revoked_role_holds_no_more_on_the_next_page(world, client_for):
    client = client_for("director")
    assert client.get(reverse("member_list")).status_code == 200  # the copy is taken
    grant = RoleAssignment.objects.get(user=world.director, role="office_director")
    services.revoke_role(world.security, grant)
    assert role_queries(client, reverse("member_list")) == (403, 1)


def test_a_granted_role_holds_on_the_next_page(world, client_for):
    client = client_for("nobody")
    assert client.get(reverse("member_list")).status_code == 403
    services.assign_role(world.security, world.nobody, world.office, "office_staff")
    assert client.get(reverse("member_list")).status_code == 200


def test_a_deactivated_organization_takes_its_roles_along(world, client_for):
    client = client_for("director")
    assert client.get(reverse("member_list")).status_code == 200
    services.update_organization(world.admin, world.office, is_active=False)
    assert client.get(reverse("member_list")).status_code == 403


def test_a_moved_subtree_is_reached_from_its_new_place(world, client_for):
    """The district viewer's reach follows the office's move out of the district (the copy
    held the district's path; the office's users' copies held the office's)."""
    viewer = client_for("viewer")
    director = client_for("director")
    list_url = reverse("member_list")
    assert world.kang.name in viewer.get(list_url).content.decode()
    assert director.get(list_url).status_code == 200
    services.update_organization(world.admin, world.office, parent=world.city)
    assert world.kang.name not in viewer.get(list_url).content.decode()
    assert world.kang.name in director.get(list_url).content.decode()


def test_a_stale_account_saved_whole_does_not_revive_an_old_copy(world, client_for):
    client = client_for("director")
    stale = User.objects.get(pk=world.director.pk)  # read before the change
    client.get(reverse("member_list"))
    grant = RoleAssignment.objects.get(user=world.director, role="office_director")
    services.revoke_role(world.security, grant)
    stale.display_name = "改名"
    stale.save()  # every column but roles_version
    assert User.objects.get(pk=stale.pk).roles_version > stale.roles_version
    assert client.get(reverse("member_list")).status_code == 403
