from io import StringIO

import pytest
from django.core.management import call_command

from tidtam.demo.management.commands.seed_demo import DEMO_PASSWORD
from tidtam.orgs.models import Membership, User
from tidtam.orgs.services import orgs_load_hierarchy


@pytest.mark.django_db
def test_seed_demo_makes_one_signed_in_account_per_role():
    orgs_load_hierarchy()
    out = StringIO()
    call_command("seed_demo", "--no-entry-round", stdout=out)
    assert DEMO_PASSWORD in out.getvalue()
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.check_password(DEMO_PASSWORD)
    assert coordinator.memberships.get().role == Membership.Role.COORDINATOR
    roles = set(Membership.objects.values_list("role", flat=True))
    assert {Membership.Role.ADMIN, Membership.Role.NATIONAL_ANALYST, Membership.Role.INSPECTOR} <= roles


@pytest.mark.django_db
def test_demo_round_belongs_to_the_fiscal_year_of_today_and_is_due_within_it(monkeypatch):
    """On 2 December 2569 (fiscal year 2570 began on 1 October) the demo round is FY 2570, not 2568."""
    import datetime as dt

    from django.utils import timezone

    from tidtam.common.thai import fiscal_year_be
    from tidtam.formdefs.models import Round
    from tidtam.testing import load_seed

    seed = load_seed()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 2))
    call_command("seed_demo", stdout=StringIO())
    round_ = Round.objects.exclude(pk=seed.pk).get()
    assert round_.key == "TH-74/2570/1"
    assert round_.due_date == dt.date(2026, 12, 16)
    assert fiscal_year_be(round_.due_date) == round_.fiscal_year_be
    assert fiscal_year_be(dt.date(2026, 9, 30)) == 2569


@pytest.mark.django_db
def test_the_demo_round_uses_the_fy2568_version(monkeypatch):
    """With every form version loaded (as `make setup-demo` does), the open demo round uses 2568.1, the
    published version nearest to it, so entry shows its relative-year columns for the round's own year."""
    import datetime as dt

    from django.utils import timezone

    from tidtam.formdefs.models import Round
    from tidtam.formdefs.services import template_files, template_load
    from tidtam.testing import load_seed

    seed = load_seed()
    for path in template_files():
        template_load(path=path)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2024, 11, 1))
    call_command("seed_demo", stdout=StringIO())
    round_ = Round.objects.exclude(pk=seed.pk).get()
    assert round_.key == "TH-74/2568/1" and round_.template.version == "2568.1"
