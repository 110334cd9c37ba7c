"""What every list page shares: pagination with a bounded page size."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, select_related=(), only=()):
    """The requested page; a page number out of range or not a number gives the nearest page.

    With `select_related` (and `only`), the page is chosen by the ids of the queryset's rows
    in its order, and only the page's rows are then read with those joins and columns, in one
    query (`pk IN (SELECT … ORDER BY … LIMIT 50)`): PostgreSQL otherwise joined and read every
    row the user may see (2,500 of a district's proposals, their long texts too) to keep 50.
    The queryset's prefetches apply to the page's rows. A DISTINCT queryset is read as it is
    (its ids would come with its ordering columns)."""
    by_ids = bool(select_related or only) and not queryset.query.distinct
    if not by_ids:
        queryset = queryset.select_related(*select_related) if select_related else queryset
        queryset = queryset.only(*only) if only else queryset
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    if by_ids:
        order = queryset.query.order_by or queryset.model._meta.ordering
        rows = queryset.model._base_manager.filter(pk__in=page.object_list.values("pk"))
        rows = rows.select_related(*select_related) if select_related else rows
        rows = rows.order_by(*order)
        rows = rows.prefetch_related(*queryset._prefetch_related_lookups)
        page.object_list = rows.only(*only) if only else rows
    return page


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
