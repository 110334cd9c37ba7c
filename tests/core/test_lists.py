"""paginate(select_related=…, only=…): the page chosen by ids, then only its rows joined."""

from django.test import RequestFactory

from liaison.core.lists import paginate
from liaison.members.models import Member
from tests.factories import MemberFactory


def _page(number, queryset, **options):
    request = RequestFactory().get("/", {"page": number})
    return paginate(request, queryset, per_page=3, **options)


def test_pages_by_ids_hold_the_same_rows_in_the_same_order(world, django_assert_num_queries):
    for n in range(8):
        MemberFactory(office=world.office if n % 2 else world.other_office, name=f"委员{n}")
    members = Member.objects.order_by("-name_pinyin", "pk")
    for number in (1, 2, 3, 99, "x"):
        plain = _page(number, members.select_related("office"))
        by_ids = _page(number, members, select_related=("office",), only=("name", "office__name"))
        assert [m.pk for m in by_ids] == [m.pk for m in plain]
        assert by_ids.number == plain.number and by_ids.paginator.count == plain.paginator.count
    page = _page(2, members, select_related=("office",), only=("name", "office__name"))
    with django_assert_num_queries(1):  # the page's rows, with their offices, in one query
        assert all(m.office.name for m in page)


def test_a_distinct_queryset_is_paged_as_it_is(world):
    for n in range(4):
        MemberFactory(office=world.office, name=f"委员{n}")
    members = Member.objects.filter(office=world.office).distinct().order_by("-name_pinyin", "pk")
    page = _page(1, members, select_related=("office",))
    assert [m.pk for m in page] == list(members.values_list("pk", flat=True)[:3])


def test_only_without_joins_reads_the_page_alone(world):
    """`only` without `select_related` joins nothing: select_related() with no fields would
    join every foreign key of the model."""
    for n in range(4):
        MemberFactory(office=world.office, name=f"委员{n}")
    members = Member.objects.filter(office=world.office)
    rows = _page(1, members, only=("name", "office")).object_list
    assert not rows.query.select_related
    assert [m.name for m in rows] == [m.name for m in members[:3]]
