"""Characters the pages show must exist in the bundled Sarabun font, or they render as empty boxes:
fullwidth forms such as "＋" (U+FF0B, once in "＋ เพิ่มแถว") are not in it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FULLWIDTH = re.compile("[\uff01-\uff5e]")


def test_no_template_or_script_uses_a_fullwidth_character():
    files = [*ROOT.glob("tidtam/**/templates/**/*.html"), *ROOT.glob("static/js/*.js")]
    assert len(files) > 20
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FULLWIDTH.search(line)
    ]
    assert found == []
