"""The Content Security Policy header, and no template carrying what it would block: inline scripts,
inline event handlers, javascript: URLs, inline <style> blocks or style attributes."""

import re
from pathlib import Path

import pytest

from tidtam.orgs.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = sorted(
    [*ROOT.glob("tidtam/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")],
)
# Rendered to a file and opened by Chromium to print the PDF, never served over HTTP (no CSP applies);
# its <style> carries the font file paths and the sizes of the print layout.
NOT_SERVED = {"tidtam/reports/templates/reports/print.html"}

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
HX_ON = re.compile(r"\shx-on[:-]", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize("path", TEMPLATES, ids=_relative)
def test_no_template_needs_unsafe_inline(path):
    text = path.read_text(encoding="utf-8")
    for attrs in SCRIPT_TAG.findall(text):
        assert "src=" in attrs or 'type="application/json"' in attrs, f"inline <script{attrs}>"
    assert not EVENT_HANDLER.search(text), "inline event handler"
    assert not HX_ON.search(text), "hx-on runs inline code"
    assert not JS_URL.search(text), "javascript: URL"
    if _relative(path) not in NOT_SERVED:
        assert not STYLE_ATTR.search(text), "style attribute"
        assert not STYLE_BLOCK.search(text), "inline <style>"


def test_the_scan_catches_what_it_looks_for():
    assert SCRIPT_TAG.findall("<script>alert(1)</script>") == [""]
    assert EVENT_HANDLER.search('<button onclick="x()">')
    assert STYLE_ATTR.search('<div style="width: 1px">')
    assert not EVENT_HANDLER.search('<div data-one="x">')


@pytest.mark.django_db
def test_every_page_carries_the_policy(client):
    response = client.get("/accounts/login/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_htmx_may_not_eval(client):
    html = client.get("/accounts/login/").content.decode()
    assert (
        """<meta name="htmx-config" content='{"allowEval": false, "includeIndicatorStyles": false}'>"""
        in html
    )


@pytest.mark.django_db
def test_swagger_ui_loads_its_start_up_script_as_a_file(client):
    client.force_login(UserFactory())
    html = client.get("/api/docs/").content.decode()
    scripts = SCRIPT_TAG.findall(html)
    assert scripts and all("src=" in s for s in scripts)
    assert "<style" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
