"""Mail, digest and SMS delivery behind notify(), with retries and the in-app copy kept."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from liaison.notify import kinds
from liaison.notify.models import Delivery, Notification, Preference
from liaison.notify.services import notify, set_preferences
from liaison.notify.tasks import send_digests


@pytest.fixture
def mailed(world):
    world.director.email = "director@example.org"
    world.director.save()
    return world.director


@pytest.fixture
def urgent_kind():
    kinds.register_kind(kinds.Kind("test.urgent", "紧急测试", sms=True))
    yield "test.urgent"
    kinds._kinds.pop("test.urgent", None)


def test_immediate_mail_in_chinese_with_a_link(mailed, settings):
    settings.SITE_URL = "https://liaison.example.org"
    notify([mailed], "welcome", None, "新的意见待研判", url="/members/")
    assert Notification.objects.filter(recipient=mailed).count() == 1
    [message] = mail.outbox
    assert message.to == ["director@example.org"]
    assert "新的意见待研判" in message.subject and "联络处" in message.subject
    assert "您好" in message.body
    assert "https://liaison.example.org/members/" in message.body
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_users_without_email_get_only_the_inbox_copy(world):
    notify([world.staff], "welcome", None, "甲")
    assert not mail.outbox and not Delivery.objects.exists()
    assert Notification.objects.filter(recipient=world.staff).count() == 1


def test_off_sends_no_mail_but_keeps_the_inbox_copy(mailed):
    set_preferences(mailed, {"welcome": "off"})
    notify([mailed], "welcome", None, "甲")
    assert not mail.outbox
    assert Notification.objects.filter(recipient=mailed).count() == 1


def test_digest_gathers_the_day_into_one_mail_once(mailed):
    set_preferences(mailed, {"welcome": "digest"})
    notify([mailed], "welcome", None, "第一条")
    notify([mailed], "welcome", None, "第二条", url="/duty/")
    assert not mail.outbox
    assert send_digests.call() == 2
    [message] = mail.outbox
    assert "2" in message.subject
    assert "第一条" in message.body and "第二条" in message.body and "/duty/" in message.body
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert send_digests.call() == 0 and len(mail.outbox) == 1


def test_sms_default_backend_writes_the_log_and_the_inbox(world, urgent_kind, caplog):
    world.director.phone = "13807310099"
    world.director.save()
    with caplog.at_level(logging.INFO, logger="liaison.sms"):
        notify([world.director], urgent_kind, None, "康希委员生病住院")
    assert "138****0099" in caplog.text and "康希委员生病住院" in caplog.text
    texts = list(Notification.objects.filter(recipient=world.director).values_list("kind", "text"))
    assert ("test.urgent", "康希委员生病住院") in texts
    assert any(kind == "sms" and "康希委员生病住院" in text for kind, text in texts)
    assert Delivery.objects.get(channel="sms").status == Delivery.Status.SENT


def test_sms_follows_the_preference_too(world, urgent_kind):
    world.director.phone = "13807310099"
    world.director.save()
    set_preferences(world.director, {urgent_kind: "off"})
    notify([world.director], urgent_kind, None, "甲")
    assert not Notification.objects.filter(kind="sms").exists()


@pytest.fixture
def refusing_smtp(settings):
    """A mail server that refuses the connection: nothing listens on port 1."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2, "use_tls": False},
        }
    }
    settings.NOTIFY_MAX_ATTEMPTS = 3


def test_refused_mail_is_retried_then_failed_and_the_inbox_copy_stays(mailed, refusing_smtp):
    assert notify([mailed], "welcome", None, "请及时走访") == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()
    assert Notification.objects.get(recipient=mailed).text == "请及时走访"


def test_retries_wait_longer_each_time_then_the_task_is_marked_failed(
    mailed, refusing_smtp, settings, run_worker
):
    settings.NOTIFY_RETRY_BACKOFF = 60
    notify([mailed], "welcome", None, "请及时走访")
    waits = []
    for _attempt in range(3):
        before = timezone.now()
        run_worker()
        ready = DBTaskResult.objects.filter(status="READY")
        if not ready.exists():
            break
        task = ready.get()
        waits.append(round((task.run_after - before).total_seconds() / 60))
        ready.update(run_after=timezone.now() - timedelta(seconds=1))  # time passes
    assert waits == [1, 2]
    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["SUCCESSFUL", "SUCCESSFUL", "FAILED"]
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path.endswith("DeliveryFailed")
    assert Delivery.objects.get().status == Delivery.Status.FAILED
    assert Notification.objects.filter(recipient=mailed).count() == 1


def test_a_rerun_of_a_sent_delivery_sends_nothing(mailed):
    from liaison.notify.tasks import deliver

    notify([mailed], "welcome", None, "甲")
    assert deliver.call(Delivery.objects.get().pk) == "skipped"
    assert len(mail.outbox) == 1


def test_preferences_page_saves_each_kind(world, client_for):
    client = client_for("member")
    page = client.get(reverse("notification_preferences"))
    assert page.status_code == 200 and "welcome" in page.content.decode()
    response = client.post(
        reverse("notification_preferences"), {"welcome": "digest", "reminder.unread": "off"}
    )
    assert response.status_code == 302
    modes = dict(Preference.objects.filter(user=world.member).values_list("kind", "mode"))
    assert modes == {"welcome": "digest", "reminder.unread": "off"}


def test_preferences_page_refuses_an_unknown_choice_and_changes_nothing(world, client_for):
    set_preferences(world.member, {"welcome": "off"})
    response = client_for("member").post(reverse("notification_preferences"), {"welcome": "hourly"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert Preference.objects.get(user=world.member).mode == "off"
    assert Preference.objects.filter(user=world.member).count() == 1


def test_notify_to_many_users_runs_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    users = UserFactory.create_batch(30)
    set_preferences(users[0], {"welcome": "off"})
    with django_assert_max_num_queries(5):
        assert notify(users, "welcome", world.kang, "全体委员请注意") == 30


def test_preferences_page_runs_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("member")
    with django_assert_max_num_queries(10):  # the shell (session, roles, unread) + 2
        assert client.get(reverse("notification_preferences")).status_code == 200
