"""Build the demo office of DESIGN.md §8. Safe to run again: it only adds what is missing."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from liaison.activities.defaults import ensure_types
from liaison.activities.demo import seed_office_activities
from liaison.activities.models import ActivityType
from liaison.core import demo
from liaison.members.demo import seed_office_roster, seed_small_office
from liaison.notify.services import notify
from liaison.opinions.demo import seed_office_opinions
from liaison.orgs import services
from liaison.orgs.models import Organization, RoleAssignment, User
from liaison.plans.demo import seed_office_plans
from liaison.proposals.demo import seed_office_proposals
from liaison.reports.demo import seed_reports
from liaison.research.demo import seed_office_research

Kind = Organization.Kind


class Command(BaseCommand):
    help = "Create or complete the demo office (燕山街道政协联络处) and the demo accounts."

    def handle(self, *args, **options):
        # Texts written into the data (welcome notices) are in the default language.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            self.build()

    def build(self):
        self.created = 0
        # Test databases flushed between tests lose migration data; put it back.
        ensure_types(ActivityType)
        city = self.org(demo.CITY, Kind.CITY_CPPCC, None)
        district = self.org(demo.DISTRICT, Kind.DISTRICT_CPPCC, city)
        office = self.org(demo.OFFICE, Kind.LIAISON_OFFICE, district, short_name="燕山街道")
        self.org(demo.PARTY_COMMITTEE, Kind.PARTY_COMMITTEE, district)
        subdistrict = self.org(demo.SUBDISTRICT, Kind.SUBDISTRICT_OFFICE, district)
        for name in demo.DEPARTMENTS:
            self.org(name, Kind.DEPARTMENT, subdistrict)
        for name in demo.HIGHER_DEPARTMENTS:
            self.org(name, Kind.HIGHER_DEPARTMENT, district)

        for username, label, phone, role, org_name in demo.STAFF_ACCOUNTS:
            user = self.account(username, label, phone)
            self.role(user, Organization.objects.get(name=org_name), role)

        for spec in demo.NAMED_MEMBERS:
            user = self.account(spec["username"], spec["name"], spec["phone"])
            self.role(user, office, "member")
        self.created += seed_office_roster(
            office, demo.NAMED_MEMBERS, demo.OTHER_MEMBERS, self.account
        )
        self.created += seed_office_activities(office, User.objects.get(username="zhuren"))
        self.created += seed_office_research(office) + seed_office_plans(office)
        self.created += seed_office_opinions(office, User.objects.get(username="zhuren"))
        self.created += seed_office_proposals(office, User.objects.get(username="zhuren"))
        for office_name, members in demo.OTHER_OFFICES.items():
            other = self.org(
                office_name,
                Kind.LIAISON_OFFICE,
                district,
                short_name=office_name.removesuffix("政协联络处"),
            )
            self.created += seed_small_office(other, members)
        self.created += seed_reports(office)
        self.stdout.write(f"seed_demo: {self.created} objects created")

    def org(self, name, kind, parent, **fields):
        org = Organization.objects.filter(name=name, parent=parent).first()
        if org is None:
            org = services.create_organization(None, name=name, kind=kind, parent=parent, **fields)
            self.created += 1
        return org

    def account(self, username, display_name, phone):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=display_name, phone=phone)
            user.set_password(demo.DEMO_PASSWORD)
            user.save()
            notify(
                [user],
                "welcome",
                None,
                _("Welcome to the liaison office platform. Your demo account is ready."),
            )
            self.created += 1
        return user

    def role(self, user, org, role):
        _obj, created = RoleAssignment.objects.get_or_create(user=user, organization=org, role=role)
        self.created += created
