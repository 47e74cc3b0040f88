"""Which round a file would import into, from its header alone: the first pass of a web import, which
asks before replacing a round. Writes nothing."""

from pathlib import Path

from .errors import ImportFailed
from .legacy.document import load_provinces, scan_header
from .services import _read_export, _read_lines


def report_peek(*, path: Path, source_name: str | None = None) -> str:
    """The key of the round a file would import into, from its header alone. Writes nothing; cheap
    enough for a web request (the parse proper runs in a job)."""
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix.lower() == ".json":
        data = _read_export(raw)
        try:
            code, fy, number = str(data["office"]["code"]), int(data["fiscal_year_be"]), int(data["round"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ImportFailed("ไฟล์ JSON ไม่ระบุจังหวัด ปีงบประมาณ หรือรอบ") from exc
        return f"{code}/{fy}/{number}"
    header = scan_header(_read_lines(path, raw))
    if "round" not in header:
        raise ImportFailed('ไม่พบบรรทัด "รอบที่ … ประจำปีงบประมาณ พ.ศ. …" ในเอกสาร จึงไม่ทราบว่าเป็นรอบใด')
    province = load_provinces().get(header.get("province_name") or "")
    if province is None:
        raise ImportFailed('ไม่พบบรรทัด "สำนักงานศึกษาธิการจังหวัด…" ในเอกสาร จึงไม่ทราบว่าเป็นจังหวัดใด')
    return f"{province['code']}/{header['fiscal_year_be']}/{header['round']}"
