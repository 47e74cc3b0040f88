"""How Tidtam starts Chromium (PDF printing, browser tests): where it is, its flags, and one headless
browser driven over the DevTools protocol.

The one place for the binary lookup and the flags. `Browser` keeps one Chromium for several steps (the
report asks it where Thai text breaks, has it draw the charts, loads the page and prints it). It talks
the DevTools protocol over a pipe (--remote-debugging-pipe: file descriptors 3 and 4, messages of JSON
ended by a NUL byte), so no port is opened and no client library is needed.
"""

import atexit
import base64
import json
import os
import select
import shutil
import subprocess  # noqa: S404 - runs only the Chromium binary, never a shell
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

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
PRINT_FLAGS = [
    *QUIET_HEADLESS_FLAGS,
    "--disable-extensions",
    "--mute-audio",
    "--no-default-browser-check",
    "--remote-debugging-pipe",
]
# The one place that finds the Chromium executable, for PDF printing and for the browser tests alike:
# settings.TIDTAM_CHROMIUM (or the environment variable of that name) when given, else the first of these
# names on PATH (Debian: chromium; Ubuntu: chromium-browser).
EXECUTABLE_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


_CLOSING: list[threading.Thread] = []


@atexit.register
def _wait_for_closing_browsers() -> None:
    for thread in list(_CLOSING):
        thread.join(timeout=10)


class BrowserError(Exception):
    """Chromium could not be started or did not answer (the message is for the log)."""


def chromium_executable() -> str | None:
    """The Chromium to start, or None when there is none (callers explain that in Thai)."""
    configured = (getattr(settings, "TIDTAM_CHROMIUM", "") if settings.configured else "") or os.environ.get(
        "TIDTAM_CHROMIUM", ""
    )
    if configured:
        return configured if Path(configured).exists() else None
    for name in EXECUTABLE_NAMES:
        if found := shutil.which(name):
            return found
    return None


class Browser:
    """One headless Chromium with one page; a context manager that ends the browser on exit."""

    def __init__(self, binary: str, *, profile: Path, timeout: float = 60) -> None:
        self.timeout = timeout
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def fds() -> None:  # in the child, before exec: the browser reads fd 3 and writes fd 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.proc = subprocess.Popen(  # noqa: S603
            [binary, *PRINT_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,  # noqa: PLW1509 - only two dup2 calls
            pass_fds=(3, 4),
            close_fds=True,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self._replies: dict[int, dict[str, Any]] = {}
        # The page is attached on first use: the caller can prepare its HTML while Chromium starts.
        self.session = ""

    def _attach(self) -> None:
        if self.session:
            return
        # The tab Chromium opens at start (about:blank) serves: a second one would start a second renderer.
        pages = [
            t["targetId"] for t in self.call("Target.getTargets")["targetInfos"] if t.get("type") == "page"
        ]
        target = pages[0] if pages else self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        self.call("Page.enable", session=True)

    # -- protocol ---------------------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium ended (exit code {self.proc.poll()})")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, *, session: bool = False) -> int:
        """Send a command without waiting; `result(request)` waits for its answer."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def result(self, request: int, method: str = "") -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while request not in self._replies:
            reply = self._read_message(deadline)
            if "id" in reply:
                self._replies[reply["id"]] = reply
            elif "method" in reply:
                self.events.append(reply)
        reply = self._replies.pop(request)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def call(self, method: str, params: dict | None = None, *, session: bool = False) -> dict[str, Any]:
        return self.result(self.send(method, params, session=session), method)

    def wait_event(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self.events):
                if event["method"] == method:
                    return self.events.pop(i)
            reply = self._read_message(deadline)
            if "id" in reply:
                self._replies[reply["id"]] = reply
            elif "method" in reply:
                self.events.append(reply)

    # -- what the exporters use -------------------------------------------------------------------
    def open(self, url: str, *, ready: str = "document.fonts.ready") -> None:
        """Load a page and wait until the promise `ready` (a JS expression) settles."""
        self._attach()
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_event("Page.loadEventFired")
        self.evaluate(ready)

    def evaluate(self, expression: str) -> Any:
        return self.evaluated(self.evaluate_later(expression))

    def evaluate_later(self, expression: str) -> int:
        """Start evaluating (a promise is awaited); `evaluated(request)` gives the value."""
        self._attach()
        params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
        return self.send("Runtime.evaluate", params, session=True)

    def evaluated(self, request: int) -> Any:
        result = self.result(request, "Runtime.evaluate")
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def print_pdf(self, *, tagged: bool = True) -> bytes:
        """The page as PDF; `tagged` adds the structure tree for assistive technology (about a second
        for a long report: a draft print that is only measured can leave it out)."""
        result = self.call(
            "Page.printToPDF",
            {
                "printBackground": True,
                "preferCSSPageSize": True,
                "displayHeaderFooter": False,
                "generateDocumentOutline": True,
                "generateTaggedPDF": tagged,
            },
            session=True,
        )
        return base64.b64decode(result["data"])

    def close(self) -> None:
        self._ask_to_quit()
        self._reap()

    def close_in_background(self, then: Callable[[], None] | None = None) -> None:
        """Ask Chromium to quit and return at once (its shutdown takes a quarter of a second): a thread
        waits for it, then runs `then` (removing its profile). The threads are joined at exit."""
        self._ask_to_quit()

        def finish() -> None:
            self._reap()
            if then is not None:
                then()

        thread = threading.Thread(target=finish, name="chromium-close", daemon=True)
        thread.start()
        _CLOSING[:] = [*(t for t in _CLOSING if t.is_alive()), thread]

    def _ask_to_quit(self) -> None:
        try:
            self.call("Browser.close")
        except (BrowserError, OSError):
            pass

    def _reap(self) -> None:
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
