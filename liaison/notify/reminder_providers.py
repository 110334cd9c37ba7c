"""The notify app's own reminder: notifications left unread for UNREAD_DAYS days."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from liaison.notify.models import Notification
from liaison.notify.reminders import Reminder

UNREAD_DAYS = 3
KIND = "reminder.unread"


def unread_notifications(now):
    """Once a week at most: "you have N notifications unread for more than 3 days"."""
    year, week, _day = timezone.localtime(now).isocalendar()
    counts = dict(
        Notification.objects.unread()
        .filter(created_at__lt=now - timedelta(days=UNREAD_DAYS))
        .exclude(kind__in=[KIND, "sms"])
        .values("recipient")
        .annotate(n=Count("pk"))
        .values_list("recipient", "n")
    )
    users = get_user_model().objects.filter(pk__in=counts, is_active=True)
    for user in users:
        n = counts[user.pk]
        yield Reminder(
            key=f"{year}-W{week:02d}",
            users=[user],
            kind=KIND,
            url=reverse("notifications") + "?show=unread",
            text=ngettext(
                "You have %(count)d notification unread for more than %(days)d days.",
                "You have %(count)d notifications unread for more than %(days)d days.",
                n,
            )
            % {"count": n, "days": UNREAD_DAYS},
        )
