from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from liaison.orgs.audit import log_action


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    log_action(user, "login", user)


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        log_action(user, "logout", user)
