"""Validation tests use the project-wide `seed_round` fixture (conftest.py at the root)."""

from tidtam.testing import SEED, SEED_KEY  # noqa: F401 - imported by the test modules
