"""Login attempts per client address are capped (in the Django cache, Redis in production):
over the limit comes a Chinese 429 page with Retry-After, the account is not even tried,
and the refusal is audited once."""

from django.test import Client
from django.urls import reverse

from liaison.orgs.models import AuditEntry
from tests.factories import PASSWORD


def test_too_many_logins_from_one_address_get_a_chinese_429(world, settings):
    settings.LOGIN_RATE_LIMIT = 3
    settings.LOGIN_RATE_WINDOW = 120
    client = Client(REMOTE_ADDR="10.9.8.7")
    for username in ["a", "b", "c"]:
        response = client.post(reverse("login"), {"username": username, "password": "x"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "director", "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == "120"
    page = response.content.decode()
    assert "请求过于频繁" in page and "2 分钟" in page
    assert "_auth_user_id" not in client.session  # the right password was not even tried
    client.post(reverse("login"), {"username": "director", "password": PASSWORD})
    assert AuditEntry.objects.filter(action="rate_limited").count() == 1
    # Reading the form is not counted, and another address is not affected.
    assert client.get(reverse("login")).status_code == 200
    other = Client(REMOTE_ADDR="10.9.8.8")
    response = other.post(reverse("login"), {"username": "director", "password": PASSWORD})
    assert response.status_code == 302


def test_the_code_step_is_limited_too(world, settings):
    from tests.orgs.test_twofactor import enrol

    settings.LOGIN_RATE_LIMIT = 2
    enrol(world.staff)
    client = Client(REMOTE_ADDR="10.9.8.9")
    client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    for _i in range(2):
        assert client.post(reverse("otp_verify"), {"token": "000000"}).status_code == 200
    response = client.post(reverse("otp_verify"), {"token": "000000"})
    assert response.status_code == 429


def test_successful_logins_do_not_count(world, settings):
    # A whole office signing in through one address in the morning is not refused.
    settings.LOGIN_RATE_LIMIT = 2
    for _i in range(5):
        client = Client(REMOTE_ADDR="10.9.8.6")
        response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
        assert response.status_code == 302


def test_behind_our_proxy_the_forwarded_address_counts(world, settings):
    settings.LOGIN_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1

    def attempt(forwarded):
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).post(
            reverse("login"), {"username": "nobody-here", "password": "x"}
        )

    assert attempt("203.0.113.5").status_code == 200
    assert attempt("203.0.113.6").status_code == 200  # another client behind the same proxy
    # A forged entry on the left does not help the first client dodge the limit.
    assert attempt("198.51.100.1, 203.0.113.5").status_code == 429
    ips = set(AuditEntry.objects.filter(action="login_failed").values_list("ip", flat=True))
    assert ips == {"203.0.113.5", "203.0.113.6"}
