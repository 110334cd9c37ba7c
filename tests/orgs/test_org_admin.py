import pytest
from django.urls import reverse

from liaison.core.errors import Refusal
from liaison.orgs import services
from liaison.orgs.models import AuditEntry, Organization, RoleAssignment, User


def test_admin_creates_an_organization_with_its_path(world, client_for):
    response = client_for("admin").post(
        reverse("org_create"),
        {
            "name": "燕山街社区二",
            "short_name": "",
            "kind": "department",
            "parent": world.subdistrict.pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(name="燕山街社区二")
    assert org.path == f"{world.subdistrict.path}{org.pk}/"
    entry = AuditEntry.objects.get(action="create", object_id=str(org.pk))
    assert entry.actor == world.admin and entry.organization == org
    assert entry.data["values"]["name"] == "燕山街社区二"


def test_edit_records_a_field_diff(world, client_for):
    client_for("admin").post(
        reverse("org_edit", args=[world.department.pk]),
        {
            "name": "燕山街道食品安全办公室",
            "short_name": "食安办",
            "kind": "department",
            "parent": world.subdistrict.pk,
            "sort_order": 3,
            "is_active": "on",
        },
    )
    entry = AuditEntry.objects.get(action="update", object_id=str(world.department.pk))
    assert entry.data["changes"]["name"] == ["街道食安办", "燕山街道食品安全办公室"]
    assert entry.data["changes"]["sort_order"] == [0, 3]
    assert "kind" not in entry.data["changes"]


def test_moving_an_organization_moves_its_subtree(world):
    services.update_organization(world.admin, world.subdistrict, parent=world.city)
    world.department.refresh_from_db()
    assert (
        world.department.path == f"{world.city.path}{world.subdistrict.pk}/{world.department.pk}/"
    )
    assert world.department.is_within(world.city)


def test_an_organization_cannot_go_under_its_own_subtree(world, client_for):
    response = client_for("admin").post(
        reverse("org_edit", args=[world.subdistrict.pk]),
        {
            "name": world.subdistrict.name,
            "kind": "subdistrict_office",
            "parent": world.department.pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "不能隶属于自身或其下级组织" in response.content.decode()
    world.subdistrict.refresh_from_db()
    assert world.subdistrict.parent == world.district
    assert not AuditEntry.objects.filter(action="update").exists()


def test_deleting_an_organization_with_children_is_refused_and_changes_nothing(world, client_for):
    before = Organization.objects.count()
    response = client_for("admin").post(
        reverse("org_delete", args=[world.subdistrict.pk]), follow=True
    )
    assert "下仍有下级组织" in response.content.decode()
    assert Organization.objects.count() == before
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_deleting_an_organization_with_people_or_records_is_refused(world):
    with pytest.raises(Refusal) as refused:
        services.delete_organization(world.admin, world.department)  # handler works there
    assert refused.value.code == "org_has_roles"
    RoleAssignment.objects.filter(organization=world.other_office).delete()
    with pytest.raises(Refusal) as refused:
        from tests.factories import MemberFactory

        MemberFactory(office=world.other_office)
        services.delete_organization(world.admin, world.other_office)
    assert refused.value.code == "org_in_use"
    assert Organization.objects.filter(pk=world.other_office.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_deleting_an_empty_organization_is_audited(world, client_for):
    org = services.create_organization(
        world.admin, name="临时组", kind="department", parent=world.subdistrict
    )
    client_for("admin").post(reverse("org_delete", args=[org.pk]))
    assert not Organization.objects.filter(pk=org.pk).exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.object_repr == "临时组" and entry.data["values"]["name"] == "临时组"


def test_over_long_and_duplicate_names_are_refused(world, client_for):
    client = client_for("admin")
    response = client.post(
        reverse("org_create"),
        {"name": "长" * 101, "kind": "department", "parent": world.subdistrict.pk, "sort_order": 0},
    )
    assert response.status_code == 200 and "100" in response.content.decode()
    response = client.post(
        reverse("org_create"),
        {
            "name": "街道食安办",
            "kind": "department",
            "parent": world.subdistrict.pk,
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert Organization.objects.filter(name="街道食安办").count() == 1


def test_admin_creates_an_account_that_must_change_its_password(world, client_for):
    client = client_for("admin")
    response = client.post(
        reverse("user_create"),
        {
            "username": "ganshi",
            "display_name": "干事",
            "phone": "13807319999",
            "email": "",
            "password": "Temp-pass-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ganshi")
    assert user.must_change_password and user.check_password("Temp-pass-2026")
    assert (
        "password"
        not in AuditEntry.objects.get(action="create", object_id=str(user.pk)).data["values"]
    )
    # Roles are the security administrator's share (三员分立).
    response = client_for("security").post(
        reverse("user_detail", args=[user.pk]),
        {"form": "role", "organization": world.office.pk, "role": "office_staff"},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=user, role="office_staff").exists()
    assert AuditEntry.objects.filter(action="role_grant").count() == 1


def test_account_form_refuses_bad_phone_and_weak_password(world, client_for):
    response = client_for("admin").post(
        reverse("user_create"),
        {"username": "bad", "display_name": "", "phone": "12345", "password": "12345678901"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "11 位手机号码" in page
    assert not User.objects.filter(username="bad").exists()


def test_duplicate_role_is_refused(world, client_for):
    response = client_for("security").post(
        reverse("user_detail", args=[world.director.pk]),
        {"form": "role", "organization": world.office.pk, "role": "office_director"},
        follow=True,
    )
    assert "已有这一角色" in response.content.decode()
    assert RoleAssignment.objects.filter(user=world.director).count() == 1


def test_revoke_and_reset_password(world, client_for):
    client = client_for("admin")
    assignment = RoleAssignment.objects.get(user=world.staff)
    client_for("security").post(
        reverse("user_detail", args=[world.staff.pk]),
        {"form": "revoke", "assignment": assignment.pk},
    )
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    client.post(
        reverse("user_detail", args=[world.staff.pk]),
        {"form": "reset", "password": "Reset-pass-2026"},
    )
    world.staff.refresh_from_db()
    assert world.staff.must_change_password and world.staff.check_password("Reset-pass-2026")
    assert {"role_revoke", "password_reset"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_editing_an_account_logs_the_diff(world, client_for):
    client_for("admin").post(
        reverse("user_detail", args=[world.staff.pk]),
        {
            "form": "edit",
            "display_name": "王干事",
            "phone": "13807319998",
            "email": "",
            "is_active": "on",
        },
    )
    entry = AuditEntry.objects.get(action="update", object_id=str(world.staff.pk))
    assert entry.data["changes"]["display_name"] == ["staff", "王干事"]
