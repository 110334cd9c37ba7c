import pytest
from django.urls import reverse

from liaison.orgs.audit import diff, log_action, snapshot
from liaison.orgs.models import AuditEntry


def test_log_action_records_who_what_where(world, client_for):
    client_for("admin").post(
        reverse("org_edit", args=[world.department.pk]),
        {
            "name": "食安办",
            "kind": "department",
            "parent": world.subdistrict.pk,
            "sort_order": 0,
            "is_active": "on",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    entry = AuditEntry.objects.get(action="update")
    assert entry.actor == world.admin and entry.actor_label == "admin"
    assert entry.ip == "10.1.2.3"
    assert entry.content_type.model == "organization"
    assert entry.object_id == str(world.department.pk)
    assert entry.organization == world.department
    assert entry.data == {"changes": {"name": ["街道食安办", "食安办"]}}


def test_the_log_is_append_only(world):
    entry = log_action(world.office, "update", world.director, {"x": 1})
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "update"


def test_secrets_never_reach_the_log(world):
    values = snapshot(world.director)
    assert "password" not in values
    entry = log_action(world.director, "update", world.admin, {"password": "x", "ok": 1})
    assert entry.data == {"ok": 1}


def test_diff_lists_changed_fields_only():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}


def test_audit_page_filters(world, client_for):
    log_action(world.office, "update", world.director, {"changes": {"name": ["甲", "乙"]}})
    log_action(world.other_office, "create", world.other)
    log_action(None, "login_failed", None, {"username": "stranger"})
    client = client_for("auditor")

    def shown(**query):
        response = client.get(reverse("audit_list"), query)
        assert response.status_code == 200
        return {(e.actor_label, e.action) for e in response.context["page"]}

    assert shown() >= {("director", "update"), ("other", "create"), ("stranger", "login_failed")}
    created = shown(action="create")
    assert ("other", "create") in created and {a for _, a in created} == {"create"}
    assert shown(actor="direc") == {("director", "update")}
    assert shown(organization=world.office.pk, action="update") == {("director", "update")}
    assert ("other", "create") not in shown(organization=world.office.pk)
    response = client.get(reverse("audit_list"), {"since": "not-a-date"})
    assert "有效的日期" in response.content.decode()  # Django's own "输入一个有效的日期。"


def test_audit_detail_shows_the_diff_and_offers_no_delete(world, client_for):
    entry = log_action(world.office, "update", world.director, {"changes": {"name": ["甲", "乙"]}})
    response = client_for("auditor").get(reverse("audit_detail", args=[entry.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "甲" in page and "乙" in page
    assert "delete" not in page.lower().replace("data-bs-dismiss", "")


def test_audit_list_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    for i in range(120):
        log_action(world.office, "update", world.director, {"i": i})
    client = client_for("auditor")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("audit_list")).status_code == 200
