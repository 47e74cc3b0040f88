"""factory_boy factories for submissions and what they carry."""

import factory

from tidtam.formdefs.tests.factories import ItemFactory, RoundFactory
from tidtam.orgs.tests.factories import AgencyFactory
from tidtam.submissions.models import NarrativeEntry, ProblemRow, RoundItem, Submission, TableValue


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    round = factory.SubFactory(RoundFactory)
    item = factory.SubFactory(ItemFactory, policy__template=factory.SelfAttribute("...round.template"))
    agency = factory.SubFactory(AgencyFactory, parent=factory.SelfAttribute("..round.office"))
    status = Submission.Status.ACCEPTED


class TableValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TableValue

    submission = factory.SubFactory(SubmissionFactory)
    column = None
    value = 0


class NarrativeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NarrativeEntry

    submission = factory.SubFactory(SubmissionFactory)
    subtopic = None
    text = "ดำเนินการตามนโยบายแล้ว"


class ProblemRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemRow

    submission = factory.SubFactory(SubmissionFactory)
    order = factory.Sequence(lambda n: n + 1)
    problem = "บุคลากรไม่เพียงพอ"
    solution = "จัดอบรมเพิ่มเติม"
    expected_result = "บุคลากรมีความรู้มากขึ้น"


class RoundItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundItem

    round = factory.SubFactory(RoundFactory)
    item = factory.SubFactory(ItemFactory, policy__template=factory.SelfAttribute("...round.template"))
    footnotes = ""
    printed_totals = factory.Dict({})
    printed_totals_label = ""
