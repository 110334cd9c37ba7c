from django.urls import reverse

from liaison.members.models import Enterprise, Member
from tests.factories import MemberFactory


def test_list_shows_the_office_members_with_masked_phones(world, client_for):
    MemberFactory(office=world.other_office, name="周建华")
    response = client_for("director").get(reverse("member_list"))
    names = [m.name for m in response.context["page"]]
    assert names == ["康希"]
    page = response.content.decode()
    assert "138****0011" in page and "13807310011" not in page


def test_list_search_and_bad_page_numbers(world, client_for):
    MemberFactory(office=world.office, name="汤朝阳")
    client = client_for("director")
    assert [m.name for m in client.get(reverse("member_list"), {"q": "汤"}).context["page"]] == [
        "汤朝阳"
    ]
    for page in ["abc", "-1", "999"]:
        assert client.get(reverse("member_list"), {"page": page}).status_code == 200
    long_query = client.get(reverse("member_list"), {"q": "汤" * 500})
    assert long_query.status_code == 200 and len(long_query.context["query"]) == 50


def test_list_query_count_does_not_grow_with_the_roster(
    world, client_for, django_assert_max_num_queries
):
    Member.objects.bulk_create(
        Member(office=world.office, name=f"委员{i}", phone=f"139{i:08d}") for i in range(300)
    )
    client = client_for("director")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("member_list"))
    assert len(response.context["page"]) == 50


def test_phone_in_full_for_the_office_and_the_member_only(world, client_for):
    Enterprise.objects.create(member=world.kang, name="南景饭店", role="领办人")
    url = reverse("member_detail", args=[world.kang.pk])
    for name, shown in [
        ("director", "13807310011"),
        ("member", "13807310011"),
        ("viewer", "138****0011"),
    ]:
        response = client_for(name).get(url)
        assert response.context["phone"] == shown, name
    assert "南景饭店" in client_for("director").get(url).content.decode()


def test_a_member_cannot_open_another_members_profile(world, client_for):
    other = MemberFactory(office=world.office, name="汤朝阳")
    assert client_for("member").get(reverse("member_detail", args=[other.pk])).status_code == 404
    assert client_for("other").get(reverse("member_detail", args=[other.pk])).status_code == 404
