"""How Tidtam starts Chromium (PDF printing, browser tests): headless, and quiet on a closed network."""

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
