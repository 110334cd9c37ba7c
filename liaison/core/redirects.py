"""Where a form may send the user back to (a `next` parameter, a stored link)."""

from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request, target) -> str | None:
    """`target` if it is a path of this site, else None. Never handed to redirect() as is:
    redirect() would try a path that is not a URL as the name of a view (NoReverseMatch)."""
    target = str(target or "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
