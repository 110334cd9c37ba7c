import factory

from liaison.members.models import Member
from liaison.orgs import services
from liaison.orgs.models import Organization, RoleAssignment, User

PASSWORD = "correct-horse-battery"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"组织{n}")
    kind = Organization.Kind.LIAISON_OFFICE
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, so the materialized path is right.
        return services.create_organization(None, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "office_staff"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    office = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"委员{n}")
    gender = "male"
    phone = factory.Sequence(lambda n: f"139{n:08d}")

    @classmethod
    def _create(cls, model_class, *args, office, **kwargs):
        # Through the service, so the pinyin search keys are set.
        from liaison.members.services import save_member

        return save_member(None, model_class(office=office), **kwargs)


def valid_id_number(born="19680512", sequence="001") -> str:
    from liaison.members.validators import id_check_character

    first17 = f"430102{born}{sequence}"
    return first17 + id_check_character(first17)
