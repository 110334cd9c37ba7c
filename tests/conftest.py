"""Shared fixtures: one small world with a named user per role.

    director   office director of 燕山 (office)       staff     office staff of 燕山
    member     a member of 燕山, linked to kang        other     office director of 定王台
    reviewer   Party committee reviewer              handler   食安办 handler
    viewer     district viewer of 芙蓉区政协            admin     system administrator (city)
    security   security administrator (city)         auditor   audit administrator (city)
    nobody     signed in, no role at all

Every protected page is tried by each of them (see tests/test_access_matrix.py).
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from liaison.activities.defaults import ensure_types
from liaison.activities.models import ActivityType
from liaison.members.models import Member
from liaison.orgs.models import Organization, RoleAssignment
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

Kind = Organization.Kind


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.LANGUAGE_CODE = "zh-hans"
    cache.clear()  # rate-limit counters live in the cache: every test starts with none


@dataclass
class World:
    city: Organization
    district: Organization
    office: Organization
    other_office: Organization
    party: Organization
    subdistrict: Organization
    department: Organization
    kang: Member
    users: dict

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def _user(username, org=None, role=None):
    user = UserFactory(username=username, display_name=username)
    if org is not None:
        RoleAssignment.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(db) -> World:
    ensure_types(ActivityType)  # a transactional test before this one may have flushed them
    city = OrganizationFactory(name="长沙市政协", kind=Kind.CITY_CPPCC)
    district = OrganizationFactory(name="芙蓉区政协", kind=Kind.DISTRICT_CPPCC, parent=city)
    office = OrganizationFactory(name="燕山街道政协联络处", parent=district)
    other_office = OrganizationFactory(name="定王台街道政协联络处", parent=district)
    party = OrganizationFactory(name="燕山街道党工委", kind=Kind.PARTY_COMMITTEE, parent=district)
    subdistrict = OrganizationFactory(
        name="燕山街道办事处", kind=Kind.SUBDISTRICT_OFFICE, parent=district
    )
    department = OrganizationFactory(name="街道食安办", kind=Kind.DEPARTMENT, parent=subdistrict)
    users = {
        "director": _user("director", office, "office_director"),
        "staff": _user("staff", office, "office_staff"),
        "member": _user("member", office, "member"),
        "other": _user("other", other_office, "office_director"),
        "reviewer": _user("reviewer", party, "reviewer"),
        "handler": _user("handler", department, "handler"),
        "viewer": _user("viewer", district, "district_viewer"),
        "admin": _user("admin", city, "admin"),
        "security": _user("security", city, "security_admin"),
        "auditor": _user("auditor", city, "audit_admin"),
        "nobody": _user("nobody"),
    }
    kang = MemberFactory(office=office, name="康希", user=users["member"], phone="13807310011")
    return World(city, district, office, other_office, party, subdistrict, department, kang, users)


@pytest.fixture
def client_for(world):
    """client_for("director") → a test client signed in as that world user."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(world.users[name] if isinstance(name, str) else name)
        return client

    return make
