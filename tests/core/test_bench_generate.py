"""The benchmark generator: its data is the shape the services write, so pages and the
ledger rebuild work on it."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from liaison.activities.models import Activity, Attendance
from liaison.duty.models import DutyRecord
from liaison.duty.services import rebuild_ledger
from liaison.members.models import Member
from liaison.orgs.models import Organization, RoleAssignment


@pytest.mark.django_db(transaction=True)
def test_office_scale_generates_a_consistent_office(client):
    call_command("bench_generate", "--scale", "office", "--flush", verbosity=0)
    office = Organization.objects.get(kind="liaison_office")
    assert Member.objects.filter(office=office).count() == 30
    assert Activity.objects.filter(office=office).count() == 60
    assert Attendance.objects.count() > 500
    # Paths are the materialized tree the scoping relies on.
    district = Organization.objects.get(pk=office.parent_id)
    assert office.path == f"{district.path}{office.pk}/"
    # The ledger as generated equals the ledger rebuilt from the sources.
    generated = set(DutyRecord.objects.values_list("member", "kind", "object_id"))
    rebuild_ledger()
    assert set(DutyRecord.objects.values_list("member", "kind", "object_id")) == generated
    # New rows after generation get fresh ids (sequences moved past the loaded rows).
    assert Organization.objects.create(name="新组织", kind="department").pk > office.pk
    # A director of the generated office sees its roster.
    from tests.factories import UserFactory

    director = UserFactory()
    RoleAssignment.objects.create(user=director, organization=office, role="office_director")
    client.force_login(director)
    assert client.get(reverse("member_list")).status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_database_with_data_unless_told_to_flush(world):
    with pytest.raises(CommandError, match="--flush"):
        call_command("bench_generate", "--scale", "office", verbosity=0)
