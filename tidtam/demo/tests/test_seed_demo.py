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
