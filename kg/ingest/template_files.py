"""``kg templates DIR``: one .xlsx per template, written from ``schema.yaml`` so it round-trips.

Row 1 holds the exact Chinese headers, required ones marked with ``*`` (the reader ignores the mark);
data goes from row 2. A 说明 sheet (skipped by the reader) explains every column.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kg.ingest.templates import Template, templates

TEXT = "@"  # cell format "text": Excel keeps credit codes and years as typed


def _readme(wb: Workbook, tpl: Template) -> None:
    ws = wb.create_sheet("说明")
    ws.append([f"{tpl.zh}（{tpl.key}）"])
    ws.append([tpl.note])
    ws.append(["带 * 的列必填。多个值用 ；; 、 , 分隔。未知的列会作为属性 extra_<列名> 保存并提示。"])
    ws.append([])
    ws.append(["列名", "必填", "类型", "可选值", "英文别名", "导入后成为"])
    for cell in ws[5]:
        cell.font = Font(bold=True)
    kinds = {"str": "文本", "int": "整数", "float": "数字", "bool": "是/否", "list": "多个值"}
    for col in tpl.all_columns:
        ws.append(
            [
                col.header,
                "是" if col.required else "",
                kinds.get(col.type, col.type),
                "、".join(col.choices),
                ", ".join(col.aliases),
                col.becomes,
            ]
        )
    for letter, width in zip("ABCDEF", (18, 6, 8, 30, 30, 70), strict=True):
        ws.column_dimensions[letter].width = width


def write_template(tpl: Template, directory: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = tpl.zh
    headers = [c.header + ("*" if c.required else "") for c in tpl.all_columns]
    ws.append(headers)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for idx, (cell, col) in enumerate(zip(ws[1], tpl.all_columns, strict=True), start=1):
        cell.font = Font(bold=True)
        if col.required:
            cell.fill = fill
        letter = get_column_letter(idx)
        ws.column_dimensions[letter].width = max(12, 2 * len(cell.value) + 4)
        if col.type in ("str", "int", "list"):
            for row in range(2, 1002):
                ws.cell(row=row, column=idx).number_format = TEXT
    ws.freeze_panes = "A2"
    _readme(wb, tpl)
    path = directory / f"{tpl.zh}.xlsx"
    wb.save(path)
    return path


def write_templates(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return [write_template(tpl, directory) for tpl in templates().values()]
