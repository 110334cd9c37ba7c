"""The password policy: length, three kinds of character, not the username, not one of the
last five; expiry when a deployment turns it on. Every refusal is in Chinese and changes nothing."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.core.demo import DEMO_PASSWORD
from liaison.orgs.models import PasswordHistory, User
from tests.factories import PASSWORD, UserFactory


def errors(password, user=None):
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1-xyz", "至少"),  # too short (Django's own rule, translated)
        ("correcthorsebattery", "四类字符中至少 3 类"),
        ("correcthorse2026", "四类字符中至少 3 类"),
        ("CORRECT-HORSE", "四类字符中至少 3 类"),
        ("Director-2026", "不能包含用户名"),
        ("6202-rotcerid-X", "不能包含用户名"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(world, password, message):
    assert message in errors(password, world.director)


@pytest.mark.parametrize("password", ["Yanshan-2026-new", "yanshan-2026-x", "Yanshan2026ab"])
def test_good_passwords_pass(world, password):
    assert errors(password, world.director) == ""


def change(client, old, new):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_none_of_the_last_five_passwords_may_be_chosen_again(world, client_for):
    user = world.staff
    passwords = [f"Yanshan-{n}-pass" for n in range(6)]
    user.set_password(passwords[0])
    user.save()
    client = client_for(user)
    for old, new in pairwise(passwords):
        assert change(client, old, new).status_code == 302, new
    user.refresh_from_db()
    assert PasswordHistory.objects.filter(user=user).count() == 5
    current = passwords[-1]
    # The current one and the four before it are refused; nothing changes.
    for reused in passwords[-5:]:
        response = change(client, current, reused)
        assert response.status_code == 200
        assert "不能与最近 5 次使用过的密码相同" in response.content.decode()
        user.refresh_from_db()
        assert user.check_password(current)
    # The sixth back has been forgotten.
    assert change(client, current, passwords[0]).status_code == 302


def test_administrator_reset_and_creation_apply_the_policy(world, client_for):
    client = client_for("admin")
    response = client.post(
        reverse("user_detail", args=[world.staff.pk]),
        {"form": "reset", "password": "staffstaff-2026"},
    )
    assert "不能包含用户名" in response.content.decode()
    world.staff.refresh_from_db()
    assert world.staff.check_password(PASSWORD) and not world.staff.must_change_password
    response = client.post(
        reverse("user_create"),
        {"username": "ganshi", "display_name": "", "phone": "", "password": "ganshi-password"},
    )
    assert "不能包含用户名" in response.content.decode()
    assert not User.objects.filter(username="ganshi").exists()


def test_expiry_is_off_by_default(world, client_for, settings):
    assert settings.PASSWORD_EXPIRY_DAYS == 0
    User.objects.filter(pk=world.staff.pk).update(
        password_changed_at=timezone.now() - timedelta(days=3650)
    )
    assert client_for("staff").get(reverse("home")).status_code == 200


def test_an_expired_password_must_be_changed_before_anything_else(world, settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    User.objects.filter(pk=world.staff.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    client = Client()
    client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "密码已过期" in page
    assert change(client, PASSWORD, "Yanshan-2026-new").status_code == 302
    assert client.get(reverse("home")).status_code == 200
    user = User.objects.get(pk=world.staff.pk)
    assert user.password_changed_at > timezone.now() - timedelta(minutes=1)


def test_a_recent_password_is_not_expired(world, client_for, settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    User.objects.filter(pk=world.staff.pk).update(
        password_changed_at=timezone.now() - timedelta(days=89)
    )
    assert client_for("staff").get(reverse("home")).status_code == 200


def test_the_fixed_demo_password_bypasses_the_policy_in_seed_demo(db):
    # DESIGN.md §8 fixes `liaison-demo` (two kinds of character): seed_demo sets it directly.
    assert errors(DEMO_PASSWORD, User(username="zhuren")) != ""
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    response = client.post(reverse("login"), {"username": "zhuren", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_history_is_recorded_for_every_new_password(db):
    user = UserFactory(username="hist")
    assert PasswordHistory.objects.filter(user=user).count() == 1
    user.set_password("Another-2026-x")
    user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 2
