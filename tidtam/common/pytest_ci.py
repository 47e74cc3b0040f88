"""A pytest plugin (loaded by the project's conftest.py): under CI, a skipped browser or PDF test fails.

Locally a missing Chromium or poppler only skips those tests, with the reason. In CI (environment
variable CI set to true/1/yes) the machine is supposed to have them (scripts/system-deps.sh installs them
or fails), so a skip there means the checks silently did not run: the skip is reported as a failure.
"""

import os

import pytest

SYSTEM_MARKERS = ("browser", "pdf")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and in_ci() and not hasattr(report, "wasxfail")):
        return
    markers = [name for name in SYSTEM_MARKERS if item.get_closest_marker(name)]
    if not markers:
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    report.outcome = "failed"
    report.longrepr = (
        f"skipped in CI ({', '.join(markers)} test): {reason}\n"
        "CI must run browser and PDF tests; install the system packages with scripts/system-deps.sh"
    )
