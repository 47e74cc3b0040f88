"""The installable app's files: the worker at the root with its scope header, the Thai manifest, icons."""

import json

from django.contrib.staticfiles import finders
from django.test import Client


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(db):
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert b"tidtam-pages" in response.content


def test_the_manifest_is_thai_with_icons_that_exist(db):
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["lang"] == "th"
    assert manifest["short_name"] == "ติดตาม"
    assert manifest["start_url"] == "/work/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_every_page_links_the_manifest_the_favicon_and_the_offline_banner(db):
    html = Client().get("/accounts/login/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    assert 'rel="icon"' in html
    assert 'id="offline-banner"' in html and "ขณะนี้ออฟไลน์" in html
    assert 'data-sw-url="/sw.js"' in html
    assert 'data-user=""' in html  # nobody signed in: the worker empties the kept pages
