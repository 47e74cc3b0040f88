"""Chart data (ECharts, drawn by static/search/themes.js) for the theme pages. The same numbers are in
the table under each chart, so the page reads fine without JavaScript."""

from django.utils.translation import gettext as _

from .themes import ThemeReport


def theme_chart(report: ThemeReport) -> dict:
    themes = report.themes
    return {
        "categories": [t.label for t in themes],
        "series": [
            {"name": _("จำนวนข้อความ"), "data": [t.count for t in themes]},
            {"name": _("จำนวนหน่วยงาน"), "data": [len(t.agencies) for t in themes]},
        ],
    }
