from django.conf import settings
from django.urls import reverse

PANELS = {
    "director": {
        "office.today",
        "office.care_overdue",
        "office.birthdays",
        "office.targets",
        "office.opinions",
        "office.rectifications_overdue",
        "office.proposals",
    },
    "member": {"member.invitations", "member.open_items", "member.opinions", "member.proposals"},
    "reviewer": {"review.pending"},
    "handler": {"handle.assignments", "handle.campaigns"},
    "viewer": {"district.offices"},
    "nobody": set(),
}


def test_each_role_gets_its_home_panels(world, client_for):
    for name, expected in PANELS.items():
        response = client_for(name).get(reverse("home"))
        keys = {panel.key for panel, _items in response.context["panels"]}
        assert keys == expected, name
    page = client_for("viewer").get(reverse("home")).content.decode()
    assert "燕山街道政协联络处" in page and "定王台街道政协联络处" in page
    assert "尚未分配角色" in client_for("nobody").get(reverse("home")).content.decode()


def test_navigation_links_mark_the_page_shown(world, client_for):
    page = client_for("director").get(reverse("member_list")).content.decode()
    members = f'<a class="nav-link active" href="{reverse("member_list")}">'
    assert members in page
    assert page.count('class="nav-link active"') == 1
    assert f'<a class="nav-link" href="{reverse("duty_home")}"><i class="bi bi-award"' in page
    assert 'aria-hidden="true"></i> 委员</a></li>' in page
    # The written navigation is kept per page shown, language and entries.
    again = client_for("director").get(reverse("duty_home")).content.decode()
    assert f'<a class="nav-link active" href="{reverse("duty_home")}">' in again
    assert members.replace(" active", "") in again
    client = client_for("director")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert (
        'aria-hidden="true"></i> Members</a></li>'
        in client.get(reverse("member_list")).content.decode()
    )
    member_page = client_for("member").get(reverse("duty_home")).content.decode()
    assert f'href="{reverse("member_list")}"' not in member_page


def test_navigation_follows_the_roles(world, client_for):
    def nav(name):
        return {item.key for item in client_for(name).get(reverse("home")).context["nav_items"]}

    assert {"members", "duty"} <= nav("director") and "orgs" not in nav("director")
    assert {"orgs", "accounts"} <= nav("admin") and not {"members", "audit"} & nav("admin")
    business = {"members", "duty"}
    assert "accounts" in nav("security") and not {"orgs", "audit", *business} & nav("security")
    assert "audit" in nav("auditor") and not {"orgs", "accounts", *business} & nav("auditor")
    assert "members" not in nav("member") and "duty" in nav("member")


def test_chinese_by_default_and_a_language_switch(world, client_for):
    client = client_for("director")
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in page and "今日工作" in page
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page and "Today&#x27;s work" in page
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hant">' in page and "今日工作" in page and "聯絡處" in page


def test_home_query_count_is_bounded(world, client_for, django_assert_num_queries):
    # An office director's home, once its year is stored: the session (from the cache where
    # Redis is one), the account, the stored year with every panel's part
    # (liaison.core.home.home_year) and the month's birthdays; the roles come from the
    # session (liaison.orgs.access).
    client = client_for("director")
    client.get(reverse("home"))  # stored; the session's once-a-minute refresh written
    with django_assert_num_queries(4 if settings.SESSION_ENGINE.endswith(".db") else 3):
        client.get(reverse("home"))


def test_browser_language_does_not_override_the_chinese_default(world, client_for):
    client = client_for("director")
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page and "今日工作" in page
    client.cookies["django_language"] = "klingon"
    assert '<html lang="zh-hans">' in client.get(reverse("home")).content.decode()


def test_query_with_replaces_and_drops_parameters(rf):
    from django.template import engines

    template = engines["django"].from_string(
        "{% load liaison %}{% query_with page=2 %}|{% query_with sort='' %}|{% query_with q=None %}"
    )
    request = rf.get("/members/?q=%E5%BA%B7&sector=3&sector=5&sort=name&page=7")
    written = template.render({"request": request})
    assert written.split("|") == [
        "?page=2&amp;q=%E5%BA%B7&amp;sector=3&amp;sector=5&amp;sort=name",
        "?page=7&amp;q=%E5%BA%B7&amp;sector=3&amp;sector=5",
        "?page=7&amp;sector=3&amp;sector=5&amp;sort=name",
    ]
    assert template.render({"request": rf.get("/members/?q=x")}).split("|")[2] == "?"
