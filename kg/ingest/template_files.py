"""``kg templates DIR``: one .xlsx per template, written from ``schema.yaml`` so it round-trips.

Row 1 holds the exact Chinese headers, required ones marked with ``*`` (the reader ignores the mark);
data goes from row 2. A 说明 sheet (skipped by the reader) explains every column.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kg.graph.schema import load_schema
from kg.ingest.templates import TYPE_ZH, Column, Template, templates
from kg.ingest.vocabularies import vocabularies

TEXT = "@"  # cell format "text": Excel keeps credit codes and years as typed


def _values(col: Column) -> str:
    """The values a column takes: its choices, or the vocabulary it is checked against."""
    if col.vocabulary:
        vocab = vocabularies()[col.vocabulary]
        version = f"{vocab.version}，" if vocab.version else ""
        return f"{vocab.zh}（{version}{len(vocab.canonical)} 项）"
    return "、".join(col.choices)


def _readme(wb: Workbook, tpl: Template) -> None:
    ws = wb.create_sheet("说明")
    ws.append([f"{tpl.zh}（{tpl.key}）"])
    ws.append([tpl.note])
    ws.append(["带 * 的列必填。多个值用 ；; 、 , 分隔。未知的列会作为属性 extra_<列名> 保存并提示。"])
    ws.append([])
    ws.append(["列名", "必填", "类型", "可选值", "英文别名", "导入后成为"])
    for cell in ws[5]:
        cell.font = Font(bold=True)
    for col in tpl.all_columns:
        ws.append(
            [
                col.header,
                "是" if col.required else "",
                TYPE_ZH.get(col.type, col.type),
                _values(col),
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
        if col.type in ("str", "int", "year", "date", "list"):
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


def render_markdown() -> str:
    """``docs/import-templates.md``: the templates as planners and analysts read them."""
    schema = load_schema()
    limits = schema.import_limits
    ignored = "、".join(map(str, schema.raw.get("ignored_headers") or ()))
    out = [
        "# Import templates (generated from `kg/graph/schema.yaml` by `kg templates DIR --docs FILE`;"
        " do not edit by hand)",
        "",
        "`kg templates DIR` writes one .xlsx per template: row 1 holds the exact headers (`*` = required),",
        "data starts in row 2, and a 说明 sheet repeats this page. `kg validate FILE...` lists every problem",
        "(file, row, column, value, reason, suggestion) without writing; `kg import FILE... [--dry-run]`",
        "imports all files as one transaction, or nothing at all.",
        "",
        "- Files: .xlsx (merged header cells and two-row headers are fine) or .csv in UTF-8, UTF-8 with BOM",
        "  or GB18030. The template is recognised from the headers (English aliases work too), and from",
        "  the sheet or file name when headers fit several templates.",
        "- Several values in one cell: separated by ；; 、 , ， or a line break.",
        "- Columns no template knows are kept as properties `extra_<header>` and reported as warnings;",
        f"  a column that only numbers the rows ({ignored}) is dropped.",
        "- Headers are matched after NFKC (full-width and half-width brackets are the same), without spaces",
        "  and case; the aliases below are those of published lists (规上企业名录, 高新技术企业认定名单,",
        "  专精特新 and 科技小巨人 lists, park tenant lists). When a required column is still missing, the",
        "  importer proposes a mapping from the headers and the cells and stops with a ready argument:",
        "  `kg import FILE --columns '单位名称=企业名称,信用代码=统一社会信用代码'`",
        "  (`kg validate` takes it too).",
        "- What the list is: `kg import FILE --list-kind 高新技术企业 [--year 2024]` gives every row that",
        "  certification (its year from the row's 认定日期/发证日期, else `--year`);",
        "  `--set 所在区=松江区` gives every row a value for a column the file lacks (or leaves empty).",
        "- A new enterprise whose name is close to one already in the graph (a short name such as 移远通信,",
        "  a region or 科技/技术 apart) is reported as a warning 可能与已有企业「…」重复 with the candidate:",
        "  never merged.",
        "- The same organisation in two lists is one node: matched on credit code, else on its normalised",
        "  name (full/half-width, brackets, spaces, suffixes such as 有限公司); a name that fits several",
        "  nodes is reported, never guessed. References may point to rows of the same import or to nodes",
        "  already in the graph.",
        "- Importing the same files again changes nothing.",
        "- Invisible format characters (U+200B zero-width space, U+2060 word joiner, U+00AD soft hyphen and",
        "  the rest of Unicode category Cf) are removed from every cell and reported as a warning, so",
        "  东华\\u200b大学 matches 东华大学.",
        "- A CSV cell that spans lines is reported: as an error when it swallowed what looks like rows",
        '  (usually one unbalanced `"`), else as a warning. Problems name the line an editor shows.',
        '- A CSV is read as Excel writes it (RFC 4180): a cell holding the delimiter is quoted and a `"`',
        '  inside it is doubled (`"上海""星,辰""科技有限公司"`). The delimiter (comma, tab or semicolon) is',
        "  the one the header line uses. A row with more fields than the header is an error.",
        f"- Bounds (`import_limits` in the schema): a cell up to {limits.cell_chars:,} characters,",
        f"  a name, code or anything that becomes a node up to {limits.name_chars:,}; a file up to",
        f"  {limits.file_mb} MB, an .xlsx up to {limits.unpacked_mb} MB unpacked (checked before parsing),",
        f"  {limits.rows_per_file:,} rows per file; the first {limits.listed_problems:,} errors and warnings",
        "  are listed and the rest counted.",
        "- What each column becomes is declared in `kg/graph/schema.yaml` (`to:` of each column) and one",
        "  generic mapper follows it: to import a new column, add the node property and the column there",
        "  (or in a copy named by `KG_SCHEMA`); no code changes.",
        "- One import is one transaction held in the server's memory: with KG_HEAP=2g about",
        "  50,000 enterprises with 50,000 collaborations fit; 100,000 enterprises with 200,000",
        "  collaborations need KG_HEAP=4g, the default (after a change, `kg server stop`: the next command",
        "  restarts it).",
        "",
    ]
    for tpl in templates().values():
        out += [
            f"## {tpl.zh} (`{tpl.key}`)",
            "",
            tpl.note,
            "",
            "| column | required | type | values | aliases | becomes |",
            "|---|---|---|---|---|---|",
        ]
        for col in tpl.all_columns:
            becomes = col.becomes.replace("|", "\\|")
            out.append(
                f"| {col.header} | {'*' if col.required else ''} | {TYPE_ZH.get(col.type, col.type)} | "
                f"{_values(col)} | {', '.join(col.aliases)} | {becomes} |"
            )
        out.append("")
    out += ["## Vocabularies", ""]
    for vocab in vocabularies().values():
        level = "an error" if vocab.level == "error" else "a warning (the text is kept)"
        version = f", {vocab.version}" if vocab.version else ""
        out += [f"### {vocab.zh} (`{vocab.key}`{version})", "", f"Source: {vocab.source}", ""]
        out.append(f"An unknown value is {level}, with the closest known value as the suggestion.")
        if vocab.fills:
            fills = ", ".join(f"`{k}` = {v}" for k, v in vocab.fills)
            out.append(f"A known value fills {fills} where the row leaves it empty.")
        if vocab.kind == "names":
            order = list(vocab.values.values())
            out += ["", "Values: " + "、".join(sorted(vocab.canonical, key=order.index))]
        else:
            divisions = [f"{c} {n}" for c, n in vocab.names.items() if len(c) == 2]
            listed = "；".join(divisions)
            out += ["", f"{len(vocab.names)} codes; the {len(divisions)} divisions (大类): {listed}"]
        out.append("")
    return "\n".join(out)
