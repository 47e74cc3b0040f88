"""Downloads of what the dashboards show: CSV of any table (UTF-8 with BOM, so Excel reads Thai) and
the consolidated report as JSON, DOCX, PDF and XLSX (made by `exporters`)."""

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify

from tidtam.common.textsafety import csv_row

from .charts import TableView

BOM = "\ufeff"


def plain_number(value: Decimal | int | float | None) -> str:
    """A number as Excel reads it: no thousands separators, at most 4 decimals, no trailing zeros."""
    if value is None:
        return ""
    d = Decimal(str(value)).quantize(Decimal("0.0001"))
    text = format(d.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def rows_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text starting with a byte-order mark: Excel then reads it as UTF-8 (Thai), not as cp874.
    Text that a spreadsheet would run as a formula is written behind an apostrophe (`csv_cell`)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(row) for row in rows)
    return out.getvalue()


def table_csv(table: TableView) -> str:
    rows = [[label, *(plain_number(v) for v in values)] for label, values in table.rows]
    if table.total is not None:
        rows.append([table.total_label, *(plain_number(v) for v in table.total)])
    return rows_csv(table.header, rows)


def csv_response(table: TableView, *, filename: str) -> HttpResponse:
    response = HttpResponse(table_csv(table).encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _with_name(response, filename)


def rows_csv_response(header: Sequence[str], rows: Iterable[Sequence[Any]], *, filename: str) -> HttpResponse:
    response = HttpResponse(rows_csv(header, rows).encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _with_name(response, filename)


def json_response(data: dict[str, Any], *, filename: str) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=1)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    return _with_name(response, filename)


def file_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A document download (DOCX, PDF, XLSX): never cached, since it holds what this user may see."""
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return _with_name(response, filename)


def _with_name(response: HttpResponse, filename: str) -> HttpResponse:
    stem, _dot, ext = filename.rpartition(".")
    # Codes like "TH-74" and "2567-2" survive slugify; Thai would not survive every browser's header parsing.
    safe = slugify(stem) or "tidtam"
    response["Content-Disposition"] = f'attachment; filename="{safe}.{ext}"'
    return response
