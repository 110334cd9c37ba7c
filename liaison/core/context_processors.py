from liaison.core.registry import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from liaison.notify.services import unread_count

    return {"nav_items": nav_for(user), "unread_notifications": unread_count(user)}
