"""Turn result rows into what the CLI prints and what users download: table, JSON, CSV.

Names come from imported files and are untrusted: a cell that a spreadsheet would read as a
formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is written with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("table", "json", "csv")


def neutralise_formula(value: Any) -> Any:
    """Make a text cell safe for Excel/WPS: never let it start like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def to_json(rows: Any) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """CSV with a UTF-8 BOM-free body; spreadsheet formulas neutralised."""
    columns = list(columns or (rows[0].keys() if rows else []))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise_formula(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise_formula(_cell_text(row.get(c))) for c in columns])
    return buf.getvalue()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def to_table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, max_cell: int = 60) -> str:
    """A plain-text table that lines up Chinese (double-width) characters."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if not columns:
        return "(no rows)"
    cells = []
    for row in rows:
        line = []
        for c in columns:
            text = _cell_text(row.get(c)).replace("\n", " ")
            if len(text) > max_cell:
                text = text[: max_cell - 1] + "…"
            line.append(text)
        cells.append(line)
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out = [" | ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True))]
    out.append("-+-".join("-" * w for w in widths))
    out += [" | ".join(_pad(v, w) for v, w in zip(r, widths, strict=True)) for r in cells]
    if not rows:
        out.append("(no rows)")
    return "\n".join(out)


def render(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    if fmt == "json":
        return to_json(list(rows))
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "table":
        return to_table(rows, columns)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def parse_param(text: str) -> tuple[str, Any]:
    """``k=v`` → (k, v); v is read as JSON when it parses (numbers, lists, booleans), else a string."""
    if "=" not in text:
        raise ValueError(f"parameter {text!r} must look like name=value")
    key, raw = text.split("=", 1)
    key = key.strip()
    if not key.isidentifier():
        raise ValueError(f"parameter name {key!r} is not a plain name")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return key, value
