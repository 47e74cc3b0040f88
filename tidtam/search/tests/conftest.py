from tidtam.search.tests.fixtures import seed_round  # noqa: F401
