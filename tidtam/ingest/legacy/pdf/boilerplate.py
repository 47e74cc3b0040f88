"""Page headers, footers and page numbers: printed on many pages in the top or bottom margin."""

import re
from collections import Counter

from .layout import PrintedLine

PAGE_NUMBER = re.compile(
    r"^[-–—(\s]*(?:หน้า|page)?\s*[\d๐-๙]{1,4}(?:\s*(?:/|จาก|of)\s*[\d๐-๙]{1,4})?[-–—)\s]*$", re.I
)
BAND = 0.09  # the margin band, as a share of the page height


def _shape(text: str) -> str:
    """A header that carries the page number still repeats once the digits are masked."""
    return re.sub(r"[\d๐-๙]+", "#", text)


def drop_boilerplate(pages: list[tuple[list[PrintedLine], float]]) -> list[list[PrintedLine]]:
    def in_band(line: PrintedLine, height: float) -> bool:
        return line.top < height * BAND or line.bottom > height * (1 - BAND)

    counts: Counter[str] = Counter()
    for lines, height in pages:
        counts.update({_shape(line.text) for line in lines if in_band(line, height)})
    repeated = {s for s, n in counts.items() if n >= 3 and n >= 0.4 * len(pages)}
    kept = []
    for lines, height in pages:
        kept.append(
            [
                line
                for line in lines
                if not (
                    in_band(line, height) and (PAGE_NUMBER.match(line.text) or _shape(line.text) in repeated)
                )
            ]
        )
    return kept
