"""factory_boy factories for form templates, items and rounds."""

import datetime as dt

import factory

from tidtam.formdefs.models import Column, FormTemplate, Item, Policy, Round, RoundParticipant, Subtopic
from tidtam.orgs.tests.factories import AgencyFactory, ProvincialOfficeFactory


class FormTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormTemplate

    code = "moe-inspection"
    version = factory.Sequence(lambda n: f"2567-{n}")
    title = "แบบตรวจราชการและติดตามประเมินผลการจัดการศึกษาของกระทรวงศึกษาธิการ"
    fiscal_year_be = 2567
    round_number = 2


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    template = factory.SubFactory(FormTemplateFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = "การลดภาระครูและบุคลากรทางการศึกษา"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    policy = factory.SubFactory(PolicyFactory)
    template = factory.LazyAttribute(lambda o: o.policy.template)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: f"P{o.policy.order}.I{o.number}")
    lineage = factory.LazyAttribute(lambda o: f"{o.template.code}/{o.code}")
    title = factory.Sequence(lambda n: f"นโยบายทดสอบที่ {n + 1}")
    results_heading = factory.LazyAttribute(lambda o: f"ผลการดำเนินงานการขับเคลื่อนนโยบายฯ {o.title}")


class ColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Column

    item = factory.SubFactory(ItemFactory)
    order = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"col-{n}")
    lineage = factory.LazyAttribute(lambda o: o.key)
    label = factory.Sequence(lambda n: f"คอลัมน์ {n}")
    unit = "ราย"


class SubtopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subtopic

    item = factory.SubFactory(ItemFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"ประเด็นย่อย {n + 1}")


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    office = factory.SubFactory(ProvincialOfficeFactory)
    template = factory.SubFactory(FormTemplateFactory)
    fiscal_year_be = 2567
    number = 2
    key = factory.LazyAttribute(lambda o: f"{o.office.parent.code}/{o.fiscal_year_be}/{o.number}")
    data_as_of = dt.date(2024, 7, 15)
    status = Round.Status.OPEN
    origin = Round.Origin.ENTRY


class RoundParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundParticipant

    round = factory.SubFactory(RoundFactory)
    agency = factory.SubFactory(AgencyFactory, parent=factory.SelfAttribute("..round.office"))
    label = factory.LazyAttribute(lambda o: o.agency.short_name)
    order = factory.Sequence(lambda n: n)
