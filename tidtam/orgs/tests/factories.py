"""factory_boy factories for org units, users and memberships.

The hierarchy follows the model: ministry → region → province → provincial office → agency.
"""

import factory

from tidtam.orgs.models import AgencyService, Membership, OrgUnit, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "สมชาย"
    last_name = factory.Sequence(lambda n: f"ใจดี{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("tidtam-pass-123")


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    kind = OrgUnit.Kind.MINISTRY
    code = "MOE"
    name = "กระทรวงศึกษาธิการ"
    parent = None


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.REGION
    code = factory.Sequence(lambda n: f"REG-{n:02d}")
    name = factory.Sequence(lambda n: f"สำนักงานศึกษาธิการภาค {n}")
    parent = factory.SubFactory(MinistryFactory)


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.PROVINCE
    code = factory.Sequence(lambda n: f"TH-{10 + n}")
    name = factory.Sequence(lambda n: f"จังหวัดทดสอบ{n}")
    parent = factory.SubFactory(RegionFactory)


class ProvincialOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.PROVINCIAL_OFFICE
    parent = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttribute(lambda o: f"{o.parent.code}-PEO")
    name = factory.LazyAttribute(lambda o: f"สำนักงานศึกษาธิการ{o.parent.name}")
    short_name = factory.LazyAttribute(lambda o: f"ศธจ.{o.parent.code}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.AGENCY
    code = factory.Sequence(lambda n: f"AG-{n:04d}")
    name = factory.Sequence(lambda n: f"สำนักงานเขตพื้นที่การศึกษาทดสอบ{n}")
    short_name = factory.Sequence(lambda n: f"สพท.{n}")
    agency_kind = "spp"
    parent = factory.SubFactory(ProvincialOfficeFactory)


class AgencyServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyService

    agency = factory.SubFactory(AgencyFactory)
    office = factory.LazyAttribute(lambda o: o.agency.parent)
    label = factory.LazyAttribute(lambda o: o.agency.short_name)
    order = factory.Sequence(lambda n: n)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    org_unit = factory.SubFactory(ProvincialOfficeFactory)
    role = Membership.Role.COORDINATOR
