"""Two-factor login: the code after the password for whoever has an authenticator; enrolment
before anything else for administrators and office directors when OTP_ENFORCED is on (default
in production), left to each user when it is off (development, the demo office)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from liaison.orgs import services
from liaison.orgs.models import AuditEntry, User
from tests.factories import PASSWORD

REQUIRED = ["admin", "security", "auditor", "director", "other"]
OPTIONAL = ["staff", "member", "reviewer", "handler", "viewer", "nobody"]


def code_for(device):
    device.refresh_from_db()
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def fresh_code(device):
    """A code the device accepts now: a TOTP code is accepted once per time step, and after a
    wrong one django-otp makes the next try wait a second or more (throttling)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    return str(code_for(device)).zfill(6)


def enrol(user):
    device = services.start_totp_enrolment(user)
    codes = services.confirm_totp_enrolment(user, device, str(code_for(device)).zfill(6))
    return device, codes


def login(username, **extra):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return client, response


@pytest.fixture
def enforced(settings):
    settings.OTP_ENFORCED = True
    return settings


def test_relaxed_by_default_in_tests_and_development():
    assert django_settings.OTP_ENFORCED is False
    assert set(django_settings.OTP_REQUIRED_ROLES) == {
        "admin",
        "security_admin",
        "audit_admin",
        "office_director",
    }


@pytest.mark.parametrize(("debug", "expected"), [("true", "False"), ("false", "True")])
def test_enforced_follows_production_mode_unless_set(tmp_path, debug, expected):
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "OTP_ENFORCED"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG=debug,
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="liaison.example",
        LIAISON_VAR_DIR=str(tmp_path),
    )
    probe = "from django.conf import settings as s; print(s.OTP_ENFORCED)"
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True
    )
    assert run.stdout.strip() == expected, run.stderr
    env["OTP_ENFORCED"] = "false"
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True
    )
    assert run.stdout.strip() == "False", run.stderr


@pytest.mark.parametrize("name", REQUIRED + OPTIONAL)
def test_relaxed_mode_lets_everyone_in_with_the_password(world, name):
    client, _ = login(name)
    assert client.get(reverse("password_change")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("name", REQUIRED)
def test_enforced_mode_sends_required_roles_to_enrolment_first(world, enforced, name):
    client, _ = login(name)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("otp_setup")
    page = client.get(reverse("otp_setup")).content.decode()
    assert "您的角色要求使用双因素登录" in page
    assert 'src="data:image/svg+xml' in page


@pytest.mark.parametrize("name", OPTIONAL)
def test_enforced_mode_leaves_other_roles_free(world, enforced, name):
    client, _ = login(name)
    assert client.get(reverse("home")).status_code == 200


def test_enrolment_with_qr_code_and_recovery_codes(world, enforced):
    client, _ = login("admin")
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=world.admin, confirmed=False)
    # A wrong code is refused in Chinese and turns nothing on.
    response = client.post(reverse("otp_setup"), {"token": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert not User.objects.get(pk=world.admin.pk).otp_enrolled
    response = client.post(reverse("otp_setup"), {"token": str(code_for(device)).zfill(6)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(c in response.content.decode() for c in codes)
    assert User.objects.get(pk=world.admin.pk).otp_enrolled
    assert client.get(reverse("home")).status_code == 200  # this session is verified
    assert AuditEntry.objects.filter(action="otp_enrol", actor=world.admin).exists()


def test_the_code_is_asked_after_the_password(world):
    device, _codes = enrol(world.staff)  # optional for staff, but they turned it on
    client, response = login("staff", next=reverse("member_list"))
    # Nothing opens on the password alone, not even the password change form.
    for url in [reverse("home"), reverse("member_list"), reverse("password_change")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("otp_verify")
        ), url
    response = client.post(reverse("otp_verify") + "?next=/members/", {"token": "123456"})
    assert "验证码不正确" in response.content.decode()
    assert AuditEntry.objects.filter(action="otp_failed", object_id=str(world.staff.pk)).exists()
    response = client.post(
        reverse("otp_verify"), {"token": fresh_code(device), "next": reverse("member_list")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("member_list")
    assert client.get(reverse("member_list")).status_code == 200
    assert AuditEntry.objects.filter(action="otp_verified", actor=world.staff).exists()


def test_a_recovery_code_works_once(world):
    _device, codes = enrol(world.director)
    client, _ = login("director")
    response = client.post(reverse("otp_verify"), {"token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client, _ = login("director")
    response = client.post(reverse("otp_verify"), {"token": codes[0]})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()


def test_five_wrong_codes_lock_the_account(world):
    enrol(world.staff)
    client, _ = login("staff")
    for _i in range(django_settings.LOGIN_MAX_FAILURES - 1):
        client.post(reverse("otp_verify"), {"token": "000000"})
    response = client.post(reverse("otp_verify"), {"token": "000000"}, follow=True)
    assert "账户已锁定" in response.content.decode() or "锁定" in response.content.decode()
    assert User.objects.get(pk=world.staff.pk).is_locked()
    assert client.get(reverse("home")).status_code == 302  # logged out


def test_required_roles_cannot_turn_it_off_others_can(world, enforced, client_for):
    enrol(world.director)
    with pytest.raises(services.Refusal):
        services.remove_second_factor(world.director, world.director)
    assert User.objects.get(pk=world.director.pk).otp_enrolled
    enrol(world.staff)
    services.remove_second_factor(world.staff, world.staff)
    assert not User.objects.get(pk=world.staff.pk).otp_enrolled
    assert not TOTPDevice.objects.filter(user=world.staff).exists()


def test_new_recovery_codes_replace_the_old(world, client_for):
    device, codes = enrol(world.staff)
    client = Client()
    client.force_login(world.staff)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.post(reverse("otp_recovery_codes"))
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(codes)
    assert not StaticToken.objects.filter(token__in=codes).exists()


def test_system_administrator_resets_a_lost_second_factor(world, client_for):
    enrol(world.director)
    response = client_for("admin").post(
        reverse("user_detail", args=[world.director.pk]), {"form": "otp_reset"}
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=world.director.pk).otp_enrolled
    assert AuditEntry.objects.filter(action="otp_remove", actor=world.admin).exists()
    # The security administrator has no such power.
    enrol(world.director)
    response = client_for("security").post(
        reverse("user_detail", args=[world.director.pk]), {"form": "otp_reset"}
    )
    assert response.status_code == 403
    assert User.objects.get(pk=world.director.pk).otp_enrolled
