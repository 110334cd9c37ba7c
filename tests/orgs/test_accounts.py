from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from liaison.orgs.models import AuditEntry, User
from tests.factories import PASSWORD, UserFactory

LOGIN = reverse("login")


def post_login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_by_username_and_by_phone(world):
    world.director.phone = "13807310001"
    world.director.save()
    for login in ["director", "DIRECTOR", "13807310001"]:
        client = Client()
        response = post_login(client, login)
        assert response.status_code == 302, login
        assert response["Location"] == reverse("home")
    assert AuditEntry.objects.filter(action="login", actor=world.director).count() == 3


@pytest.mark.parametrize("login", ["director", "no-such-user", "13900000000"])
def test_wrong_credentials_get_one_chinese_message(world, login):
    response = post_login(Client(), login, "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in response.client.session
    assert AuditEntry.objects.filter(action="login_failed").count() == 1


def test_five_failures_lock_the_account_for_fifteen_minutes(world):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        assert "用户名或密码不正确" in post_login(client, "director", "bad").content.decode()
    page = post_login(client, "director", "bad").content.decode()
    assert "账户已锁定" in page and "15 分钟" in page
    user = User.objects.get(pk=world.director.pk)
    assert user.locked_until > timezone.now() + timedelta(minutes=14)
    # The right password does not open a locked account.
    response = post_login(client, "director")
    assert response.status_code == 200 and "账户已锁定" in response.content.decode()
    assert AuditEntry.objects.filter(action="lockout", object_id=str(user.pk)).count() == 1
    # Fifteen minutes later it opens again, and the count starts afresh.
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert post_login(client, "director").status_code == 302
    user.refresh_from_db()
    assert user.failed_login_count == 0 and user.locked_until is None


def test_a_success_resets_the_failure_count(world):
    client = Client()
    for _ in range(3):
        post_login(client, "director", "bad")
    post_login(client, "director")
    assert User.objects.get(pk=world.director.pk).failed_login_count == 0


def test_disabled_account_cannot_log_in(world):
    User.objects.filter(pk=world.director.pk).update(is_active=False)
    response = post_login(Client(), "director")
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session


def test_over_long_username_is_refused_clearly(db):
    response = post_login(Client(), "x" * 500)
    assert response.status_code == 200
    assert "150" in response.content.decode()  # "确保该值不超过 150 个字符"
    assert AuditEntry.objects.count() == 0


def test_logout_is_post_only_and_audited(world, client_for):
    client = client_for("director")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get(reverse("home")).status_code == 302
    assert AuditEntry.objects.filter(action="logout", actor=world.director).exists()


def test_forced_password_change_on_first_login(world):
    user = UserFactory(username="imported", must_change_password=True)
    client = Client()
    post_login(client, "imported")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    # Mismatched or weak new passwords are refused and change nothing.
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.must_change_password
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Yanshan-2026-new",
            "new_password2": "Yanshan-2026-new",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Yanshan-2026-new")
    assert client.get(reverse("home")).status_code == 200
    assert AuditEntry.objects.filter(action="password_change", actor=user).exists()


def test_sessions_expire_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_request_pushes_the_session_expiry_forward_once_a_minute(world, client_for):
    from django.contrib.sessions.models import Session

    client = client_for("member")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )
    cache.clear()  # with Redis the session is read from the cache first
    client.get(reverse("home"))
    pushed = Session.objects.get(session_key=key).expire_date
    assert pushed > timezone.now() + timedelta(minutes=29)
    # Within a minute of that save a second request writes nothing, whatever the clock's minute.
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert not [q for q in queries.captured_queries if 'UPDATE "django_session"' in q["sql"]]
    # A minute after the last save the next request writes it again.
    session = client.session
    session["_refreshed"] -= 61
    session.save()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert [q for q in queries.captured_queries if 'UPDATE "django_session"' in q["sql"]]


def test_forged_csrf_token_is_refused_in_chinese(world):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    response = client.post(
        LOGIN, {"username": "director", "password": PASSWORD, "csrfmiddlewaretoken": "forged" * 8}
    )
    assert response.status_code == 403
    assert "请求来源无法验证" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_forged_csrf_on_a_change_changes_nothing(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    response = client.post(reverse("org_create"), {"name": "伪造", "kind": "department"})
    assert response.status_code == 403
    from liaison.orgs.models import Organization

    assert not Organization.objects.filter(name="伪造").exists()


def test_logged_in_user_visiting_login_goes_home(client_for):
    response = client_for("director").get(LOGIN)
    assert response.status_code == 302 and response["Location"] == reverse("home")
