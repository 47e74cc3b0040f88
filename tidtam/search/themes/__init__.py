"""Recurring themes across items and agencies (problems of X.2, recommendations of X.4)."""

from .analysis import Assignment, Theme, analyse
from .lexicon import Lexicon, default_lexicon, load_lexicon
from .selectors import ThemeReport, theme_report
from .statements import Statement, split_points

__all__ = [
    "Assignment",
    "Lexicon",
    "Statement",
    "Theme",
    "ThemeReport",
    "analyse",
    "default_lexicon",
    "load_lexicon",
    "split_points",
    "theme_report",
]
