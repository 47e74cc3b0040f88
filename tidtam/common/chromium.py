"""How Tidtam finds and starts Chromium (PDF printing, browser tests): headless, and quiet on a closed network."""

import os
import shutil
from pathlib import Path

# Without the networking flags Chromium floods a closed network with connection attempts.
QUIET_HEADLESS_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# The one place that finds the Chromium executable, for PDF printing and for the browser tests alike:
# settings.TIDTAM_CHROMIUM (or the environment variable of that name) when given, else the first of these
# names on PATH (Debian: chromium; Ubuntu: chromium-browser).
EXECUTABLE_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def chromium_executable() -> str | None:
    """The Chromium to start, or None when there is none (callers explain that in Thai)."""
    from django.conf import settings

    configured = (getattr(settings, "TIDTAM_CHROMIUM", "") if settings.configured else "") or os.environ.get(
        "TIDTAM_CHROMIUM", ""
    )
    if configured:
        return configured if Path(configured).exists() else None
    for name in EXECUTABLE_NAMES:
        if found := shutil.which(name):
            return found
    return None
