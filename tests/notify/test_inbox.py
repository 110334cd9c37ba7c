from django.urls import reverse

from liaison.notify.models import Notification
from liaison.notify.services import notify, unread_count


def test_notify_writes_one_message_per_active_user(world):
    world.staff.is_active = False
    count = notify(
        [world.director, world.director, world.staff, None], "test", world.kang, "新的意见待研判"
    )
    assert count == 1
    note = Notification.objects.get()
    assert note.recipient == world.director and note.target == world.kang
    assert note.url == world.kang.get_absolute_url()


def test_unread_count_shows_in_the_header(world, client_for):
    notify([world.director], "test", None, "甲")
    notify([world.director], "test", None, "乙")
    page = client_for("director").get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">2<' in page
    assert (
        'data-testid="unread-count"'
        not in client_for("staff").get(reverse("home")).content.decode()
    )


def test_mark_read_with_htmx_returns_the_row(world, client_for):
    notify([world.director], "test", None, "甲")
    note = Notification.objects.get()
    client = client_for("director")
    response = client.post(reverse("notification_read", args=[note.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="notification-{note.pk}"' in response.content.decode()
    assert unread_count(world.director) == 0


def test_mark_all_read_and_filter_unread(world, client_for):
    notify([world.director], "test", None, "甲")
    notify([world.director], "test", None, "乙")
    client = client_for("director")
    assert len(client.get(reverse("notifications"), {"show": "unread"}).context["page"]) == 2
    client.post(reverse("notifications_read_all"))
    assert len(client.get(reverse("notifications"), {"show": "unread"}).context["page"]) == 0
    assert len(client.get(reverse("notifications")).context["page"]) == 2


def test_open_marks_read_and_only_follows_local_links(world, client_for):
    notify([world.director], "test", None, "甲", url="/members/")
    notify([world.director], "test", None, "乙", url="https://evil.example/")
    local, foreign = Notification.objects.order_by("pk")
    client = client_for("director")
    assert client.get(reverse("notification_open", args=[local.pk]))["Location"] == "/members/"
    assert client.get(reverse("notification_open", args=[foreign.pk]))["Location"] == reverse(
        "notifications"
    )
    assert unread_count(world.director) == 0


def test_nobody_reads_or_marks_someone_elses_notifications(world, client_for):
    notify([world.director], "test", None, "甲")
    note = Notification.objects.get()
    client = client_for("staff")
    assert client.get(reverse("notification_open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notification_read", args=[note.pk])).status_code == 404
    client.post(reverse("notifications_read_all"))
    assert unread_count(world.director) == 1
    assert client.get(reverse("notification_read", args=[note.pk])).status_code == 405


def test_the_badge_count_is_kept_and_follows_every_write(
    world, client_for, django_assert_num_queries
):
    from liaison.notify import sms

    notify([world.director], "test", None, "甲")
    assert unread_count(world.director) == 1
    with django_assert_num_queries(0):
        assert unread_count(world.director) == 1  # kept: every page shows it
    notify([world.director, world.staff], "test", None, "乙")
    assert unread_count(world.director) == 2
    sms.LogSmsBackend().send(world.director, "13900001234", "会议提醒")
    assert unread_count(world.director) == 3
    client = client_for("director")
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">3<' in page
    client.post(reverse("notification_read", args=[Notification.objects.first().pk]))
    assert unread_count(world.director) == 2
    client.post(reverse("notifications_read_all"))
    assert unread_count(world.director) == 0
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()
    assert unread_count(world.staff) == 1
