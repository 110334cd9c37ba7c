from django.urls import reverse

from liaison.orgs.models import AuditEntry, RoleAssignment
from tests.factories import valid_id_number


def setup_personal(world):
    world.kang.id_number = valid_id_number()
    world.kang.address = "长沙市芙蓉区燕山街1号"
    world.kang.save()


def test_profile_shows_personal_data_masked_to_everyone_first(world, client_for):
    setup_personal(world)
    url = reverse("member_detail", args=[world.kang.pk])
    for name in ["director", "staff", "viewer", "member"]:
        page = client_for(name).get(url).content.decode()
        assert "138****0011" in page and "4301**********" in page, name
        assert "13807310011" not in page and "燕山街1号" not in page, name


def test_reveal_is_for_the_member_and_staff_with_the_permission_and_is_logged(world, client_for):
    setup_personal(world)
    url = reverse("member_personal", args=[world.kang.pk])
    for name in ["director", "member"]:
        page = client_for(name).get(url).content.decode()
        assert "13807310011" in page and world.kang.id_number in page, name
    assert AuditEntry.objects.filter(action="view_personal").count() == 2
    for name in ["staff", "viewer", "other", "reviewer", "admin"]:
        assert client_for(name).get(url).status_code in (403, 404), name
    assert AuditEntry.objects.filter(action="view_personal").count() == 2
    # Granting the permission to a staff member of the same office opens it for them.
    RoleAssignment.objects.create(user=world.staff, organization=world.office, role="personal_data")
    assert "13807310011" in client_for("staff").get(url).content.decode()


def test_the_permission_on_another_office_does_not_count(world, client_for):
    RoleAssignment.objects.create(
        user=world.staff, organization=world.other_office, role="personal_data"
    )
    url = reverse("member_personal", args=[world.kang.pk])
    assert client_for("staff").get(url).status_code == 404
