"""The problems open two rounds or more, grouped by the recurring-problem themes: the same lexicon and
analysis as the themes page (tidtam.search.themes), so that an analyst reads the same theme names in both
places and can go from one to the other."""

from dataclasses import dataclass, field

from tidtam.search.segmentation import tokens
from tidtam.search.themes import Statement, analyse

from .models import FollowUp


@dataclass
class ThemeCount:
    key: str
    label: str
    followups: list[FollowUp] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.followups)


def long_open_themes(followups: list[FollowUp]) -> list[ThemeCount]:
    """The themes of these follow-ups (each one whole, as one statement), most frequent first; those that
    fit no theme last ("อื่น ๆ")."""
    if not followups:
        return []
    statements = [
        Statement(
            text=f.text,
            round_key=f.origin_round.key,
            item_number=f.item_number,
            item_title="",
            agency_code=f.agency.code,
            agency_label=str(f.agency),
            words=tokens(f.text),
        )
        for f in followups
    ]
    by_statement = {id(s): f for s, f in zip(statements, followups, strict=True)}
    return [
        ThemeCount(
            key=theme.key,
            label=theme.label,
            followups=[by_statement[id(a.statement)] for a in theme.assignments],
        )
        for theme in analyse(statements)
    ]
