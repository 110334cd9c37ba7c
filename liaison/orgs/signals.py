from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from liaison.orgs.access import roles_changed
from liaison.orgs.audit import log_action
from liaison.orgs.models import Organization, RoleAssignment


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    log_action(user, "login", user)


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        log_action(user, "logout", user)


# The sessions' copies of the roles (liaison.orgs.access) hold while nothing they copied
# changed: a role granted or revoked (deleting a user revokes them too), an organization
# renamed, deactivated or moved (its subtree's paths move with it; its path is still the old
# one when it is saved, and the same users hold roles below either).


@receiver([post_save, post_delete], sender=RoleAssignment)
def _role_changed(sender, instance, **kwargs):
    roles_changed(user_ids=[instance.user_id])


@receiver([post_save, post_delete], sender=Organization)
def _organization_changed(sender, instance, created=False, **kwargs):
    if not created and instance.path:
        roles_changed(path=instance.path)
