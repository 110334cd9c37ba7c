from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from liaison.core.demo import DEMO_PASSWORD
from liaison.members.models import Enterprise, Member
from liaison.orgs.models import Organization, RoleAssignment, User

ACCOUNTS = {
    "admin": "admin",
    "anquan": "security_admin",
    "shenji": "audit_admin",
    "zhuren": "office_director",
    "kangxi": "member",
    "tangzhaoyang": "member",
    "huangdejun": "member",
    "caoshengyang": "member",
    "shuji": "reviewer",
    "shianban": "handler",
    "quzhengxie": "district_viewer",
}


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_seeds_world_idempotently(db):
    seed()
    counts = [
        Organization.objects.count(),
        User.objects.count(),
        Member.objects.count(),
        Enterprise.objects.count(),
        RoleAssignment.objects.count(),
    ]
    assert "0 objects created" in seed()
    assert counts == [
        Organization.objects.count(),
        User.objects.count(),
        Member.objects.count(),
        Enterprise.objects.count(),
        RoleAssignment.objects.count(),
    ]

    office = Organization.objects.get(name="燕山街道政协联络处")
    assert office.parent.name == "芙蓉区政协" and office.parent.parent.name == "长沙市政协"
    assert office.kind == Organization.Kind.LIAISON_OFFICE
    for name in [
        "燕山街道党工委",
        "燕山街道办事处",
        "街道食安办",
        "燕山街工商所",
        "城管执法中队",
        "民政办",
    ]:
        assert Organization.objects.filter(name=name).exists(), name
    yanshan = Member.objects.filter(office=office)
    assert {"康希", "汤朝阳", "黄德君", "曹升洋"} <= set(yanshan.values_list("name", flat=True))
    assert yanshan.count() >= 20
    assert Enterprise.objects.get(name="南景饭店").member.name == "康希"
    assert {"长沙共盛建材有限公司", "银华大酒店", "湖南千惠商贸连锁有限公司"} <= set(
        Enterprise.objects.values_list("name", flat=True)
    )
    others = Organization.objects.filter(kind="liaison_office").exclude(pk=office.pk)
    assert others.count() == 2
    assert all(Member.objects.filter(office=o).count() >= 3 for o in others)


def test_demo_accounts_log_in_with_their_roles(db):
    seed()
    for username, role in ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert role in {a.role for a in user.role_assignments.all()}, username
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert client.get(reverse("home")).status_code == 200, username
    assert Member.objects.get(name="康希").user.username == "kangxi"
