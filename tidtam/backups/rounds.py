"""Round fingerprints: the SHA-256 of each round's canonical JSON export, by round key.

A backup records them; `restore --verify` recomputes them on the restored database, so "restored" means
every round exports byte for byte as it did (the export is the public contract, round-export.md).
"""

import hashlib

from tidtam.formdefs.models import Round
from tidtam.reports.exporters.json import round_json_text


def round_fingerprints() -> dict[str, str]:
    rounds = Round.objects.select_related("office__parent", "template").order_by("pk")
    return {r.key: hashlib.sha256(round_json_text(r).encode("utf-8")).hexdigest() for r in rounds}


def fingerprint_differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Thai lines naming each round that is missing, extra, or exports differently; empty when identical."""
    lines = [f"ไม่พบรอบ {key} หลังกู้คืน" for key in sorted(set(expected) - set(actual))]
    lines += [f"มีรอบ {key} ที่ไม่อยู่ในไฟล์สำรอง" for key in sorted(set(actual) - set(expected))]
    lines += [
        f"ข้อมูลส่งออก (JSON) ของรอบ {key} ไม่ตรงกับตอนสำรอง"
        for key in sorted(set(expected) & set(actual))
        if expected[key] != actual[key]
    ]
    return lines
