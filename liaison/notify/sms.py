"""The SMS channel behind one small interface.

settings.SMS_BACKEND names the class. The default records each message in the log and in the
recipient's inbox; a real provider is a subclass whose send() calls the provider's API.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from liaison.core.masking import mask_phone

logger = logging.getLogger("liaison.sms")


class SmsBackend:
    def send(self, user, phone: str, text: str) -> None:
        """Send one message; raise (OSError or any exception) when it could not be sent."""
        raise NotImplementedError


class LogSmsBackend(SmsBackend):
    """No provider: the message goes to the log and, marked as SMS, to the inbox."""

    def send(self, user, phone: str, text: str) -> None:
        from liaison.notify.models import Notification
        from liaison.notify.services import forget_unread

        logger.info("SMS to %s: %s", mask_phone(phone), text)
        Notification.objects.create(
            recipient=user,
            kind="sms",
            text=(_("SMS to %(phone)s: %(text)s") % {"phone": mask_phone(phone), "text": text})[
                :500
            ],
        )
        forget_unread([user.pk])


def get_backend() -> SmsBackend:
    path = getattr(settings, "SMS_BACKEND", "liaison.notify.sms.LogSmsBackend")
    return import_string(path)()
