from django.utils.functional import SimpleLazyObject

from liaison.core.registry import nav_for


def navigation(request):
    """Navigation and the unread badge, computed only when a template shows them (fragments
    such as a check-in result don't)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from liaison.notify.services import unread_count

    return {
        "nav_items": SimpleLazyObject(lambda: nav_for(user)),
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user)),
    }
