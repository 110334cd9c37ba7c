"""三员分立: the system, security and audit administrators are three accounts with three
shares of the work, and no account holds two of them (nor any business role beside one)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liaison.core.errors import Refusal
from liaison.members.models import Member
from liaison.orgs import services
from liaison.orgs.access import ADMIN_ROLES, Perm, can
from liaison.orgs.audit import log_action
from liaison.orgs.models import AuditEntry, RoleAssignment


@pytest.mark.parametrize("holder", ["admin", "security", "auditor"])
@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_no_account_holds_two_administrator_roles(world, holder, role):
    user = world.users[holder]
    held = RoleAssignment.objects.get(user=user).role
    if held == role:
        return
    before = RoleAssignment.objects.count()
    with pytest.raises(Refusal) as refusal:
        services.assign_role(None, user, world.city, role)
    assert refusal.value.code == "role_separation"
    assert "不同账户" in refusal.value.message
    assert RoleAssignment.objects.count() == before


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_an_administrator_role_is_not_added_to_a_business_account(world, role):
    with pytest.raises(Refusal) as refusal:
        services.assign_role(world.security, world.director, world.city, role)
    assert refusal.value.code == "role_separation"
    assert "联络处主任" in refusal.value.message  # names what the account already holds
    assert not RoleAssignment.objects.filter(user=world.director, role=role).exists()


def test_a_business_role_is_not_added_to_an_administrator(world):
    with pytest.raises(Refusal):
        services.assign_role(world.security, world.auditor, world.office, "office_staff")
    assert RoleAssignment.objects.filter(user=world.auditor).count() == 1


def test_an_administrator_role_goes_to_a_fresh_account_and_again_elsewhere(world):
    services.assign_role(world.security, world.nobody, world.city, "audit_admin")
    services.assign_role(world.security, world.nobody, world.district, "audit_admin")
    assert RoleAssignment.objects.filter(user=world.nobody, role="audit_admin").count() == 2
    # Business roles still combine with each other.
    services.assign_role(world.security, world.staff, world.other_office, "office_staff")


def test_nobody_changes_their_own_roles(world):
    with pytest.raises(Refusal) as refusal:
        services.assign_role(world.security, world.security, world.office, "office_staff")
    assert refusal.value.code == "role_self"
    own = RoleAssignment.objects.get(user=world.security)
    with pytest.raises(Refusal):
        services.revoke_role(world.security, own)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_each_administrator_gets_only_its_share(world):
    assert can(world.admin, Perm.ACCOUNTS_MANAGE) and can(world.admin, Perm.ORGS_MANAGE)
    assert not can(world.admin, Perm.ROLES_MANAGE) and not can(world.admin, Perm.AUDIT_VIEW)
    assert can(world.security, Perm.ROLES_MANAGE)
    assert not can(world.security, Perm.ACCOUNTS_MANAGE)
    assert not can(world.security, Perm.AUDIT_VIEW)
    assert can(world.auditor, Perm.AUDIT_VIEW) and can(world.auditor, Perm.AUDIT_EXPORT)
    assert not can(world.auditor, Perm.ACCOUNTS_MANAGE)
    assert not can(world.auditor, Perm.ROLES_MANAGE)
    for name in ["admin", "security", "auditor"]:
        user = world.users[name]
        assert not can(user, Perm.OFFICE_VIEW), name
        assert Member.objects.visible_to(user).count() == 0, name


def test_security_administrator_grants_through_the_page(world, client_for):
    client = client_for("security")
    url = reverse("user_detail", args=[world.nobody.pk])
    page = client.get(url).content.decode()
    assert "添加角色" in page and "设置临时密码" not in page
    response = client.post(
        url, {"form": "role", "organization": world.office.pk, "role": "office_staff"}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=world.nobody, role="office_staff").exists()
    assert AuditEntry.objects.filter(action="role_grant", actor=world.security).count() == 1
    # A refused grant shows the reason in Chinese and changes nothing.
    response = client.post(
        url, {"form": "role", "organization": world.city.pk, "role": "admin"}, follow=True
    )
    assert "不同账户" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=world.nobody, role="admin").exists()


def test_system_administrator_sees_roles_but_cannot_grant(world, client_for):
    page = client_for("admin").get(reverse("user_detail", args=[world.nobody.pk]))
    text = page.content.decode()
    assert "由安全管理员授予和撤销" in text and "设置临时密码" in text
    assert 'value="role"' not in text


def test_audit_administrator_exports_the_filtered_log(world, client_for):
    log_action(world.office, "update", world.director, {"changes": {"name": ["甲", "乙"]}})
    log_action(world.other_office, "create", world.other)
    client = client_for("auditor")
    assert "导出" in client.get(reverse("audit_list")).content.decode()
    response = client.get(reverse("audit_list"), {"action": "update", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "操作人", "操作")
    assert [r[1] for r in rows[1:]] == ["director"]
    assert '"甲"' in rows[1][7]
    export = AuditEntry.objects.get(action="export")
    assert export.actor == world.auditor
    assert export.data["export"] == "audit-log" and export.data["rows"] == 1
    assert export.data["filters"] == {"action": "update"}


def test_bad_filters_export_nothing(world, client_for):
    log_action(world.office, "update", world.director)
    response = client_for("auditor").get(
        reverse("audit_list"), {"since": "not-a-date", "format": "xlsx"}
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only
