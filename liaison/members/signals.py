from django.db.models.signals import post_save
from django.dispatch import receiver

from liaison.orgs.models import Organization


@receiver(post_save, sender=Organization)
def _preload_lists_for_new_districts(sender, instance, created, **kwargs):
    if created and instance.kind == Organization.Kind.DISTRICT_CPPCC:
        from liaison.members.services import preload_district_lists

        preload_district_lists(instance)
