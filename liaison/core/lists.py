"""What every list page shares: pagination with a bounded page size."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page; a page number out of range or not a number gives the nearest page."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def int_param(value, *, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number from a query or form parameter, or None when it is not one or is out
    of [low, high]. `str.isdigit()` is not enough: "²" is a digit to it but not to int()."""
    text = str(value or "").strip()
    if not text.isdecimal() or len(text) > 18:
        return None
    number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number
