import pytest
import yaml

from tidtam.ingest.legacy.lines import read_text
from tidtam.ingest.legacy.parser import ReportParser
from tidtam.testing import SEED, TEMPLATE


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def template_data() -> dict:
    return yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))


def parse(text: str, template: dict):
    return ReportParser(read_text(text), template).parse()


@pytest.fixture(scope="session")
def seed_parsed(seed_text, template_data):
    return parse(seed_text, template_data)


@pytest.fixture
def loaded(db):
    """Org hierarchy and the FY 2567 template in the database."""
    from tidtam.formdefs.services import template_load
    from tidtam.orgs.services import orgs_load_hierarchy

    orgs_load_hierarchy()
    template, _ = template_load(path=TEMPLATE)
    return template
