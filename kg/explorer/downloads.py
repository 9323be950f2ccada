"""Table downloads for spreadsheet users: CSV (UTF-8 with BOM, so Excel reads Chinese) and .xlsx,
both with formula-like cells neutralised (names are untrusted)."""

from __future__ import annotations

import io
from typing import Any

from kg.output import neutralise_formula, to_csv


def csv_bytes(rows: list[dict[str, Any]], columns: list[str] | None = None) -> bytes:
    return ("\ufeff" + to_csv(rows, columns)).encode("utf-8")


def excel_bytes(rows: list[dict[str, Any]], sheet: str = "数据") -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    ws = book.add_worksheet(sheet[:31])
    head = book.add_format({"bold": True, "bg_color": "#F1F3F4"})
    columns = list(rows[0].keys()) if rows else []
    for c, name in enumerate(columns):
        ws.write_string(0, c, str(neutralise_formula(name)), head)
        ws.set_column(c, c, 14)
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(columns):
            value = row.get(name)
            if isinstance(value, bool) or value is None:
                ws.write_string(r, c, "" if value is None else ("是" if value else "否"))
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(neutralise_formula(str(value))))
    book.close()
    return buf.getvalue()
