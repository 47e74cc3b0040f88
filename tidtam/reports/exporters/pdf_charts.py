"""The printed report's charts, drawn while the page is being written.

ECharts (a megabyte of script) and the drawing took half a second of the page load. The browser's first
tab is idle while Python writes the page, so the charts are drawn there instead (the same
print_charts.js, with the vendored Sarabun given to it as font data so the labels are measured with
it) and the page gets them as inline SVG: it then loads no script at all. If the tab cannot draw them,
the page draws them itself, as before.
"""

import base64
import json
from pathlib import Path

from tidtam.common.chromium import Browser, BrowserError

DRAW = """%(echarts)s
;%(charts)s
;(function (fonts, specs) {
  function bytes(data) {
    var text = atob(data), out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { out[i] = text.charCodeAt(i); }
    return out.buffer;
  }
  return Promise.all(Object.keys(fonts).map(function (weight) {
    var face = new FontFace("Sarabun", bytes(fonts[weight]), {weight: weight});
    document.fonts.add(face);
    return face.load();
  })).then(function () { return window.tidtamChartSvgs(specs); });
})(%(fonts)s, %(specs)s)"""


def start(
    browser: Browser, specs: list[dict], *, echarts: Path, script: Path, fonts: dict[str, Path]
) -> int | None:
    """Ask the browser's tab to draw the charts; the request to pass to `finish`, None if not asked."""
    if not specs:
        return None
    expression = DRAW % {
        "echarts": echarts.read_text(encoding="utf-8"),
        "charts": script.read_text(encoding="utf-8"),
        "fonts": json.dumps({w: base64.b64encode(p.read_bytes()).decode() for w, p in fonts.items()}),
        "specs": json.dumps(specs, ensure_ascii=False),
    }
    try:
        return browser.evaluate_later(expression)
    except (BrowserError, OSError):
        return None


def finish(browser: Browser, request: int | None, specs: list[dict]) -> dict[str, str] | None:
    """{chart id: SVG} for every chart, or None (the page then draws them)."""
    if request is None:
        return None
    try:
        svgs = browser.evaluated(request)
    except BrowserError:
        return None
    if not isinstance(svgs, dict) or set(svgs) != {spec["id"] for spec in specs}:
        return None
    return {chart_id: str(svg) for chart_id, svg in svgs.items()}


def insert(html: str, svgs: dict[str, str]) -> str | None:
    """The page with each chart's SVG in its box; None if a box is missing."""
    for chart_id, svg in svgs.items():
        box = f'<div class="chart-box" id="{chart_id}"></div>'
        if html.count(box) != 1:
            return None
        html = html.replace(box, f'<div class="chart-box" id="{chart_id}">{svg}</div>')
    return html
