"""The one-page leadership briefing as a self-contained HTML document.

Everything is inline (CSS and the SVG picture), fonts are the machine's own CJK fonts, and every
piece of text is escaped: the file can be mailed around an intranet and opened anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.explorer.render.text import esc

PAGE_WIDTH = 1600  # landscape: picture left, lists right, so one A4 page stays legible
# TrueType first: Chromium embeds it by name in the PDF (Noto CJK's CFF outlines become Type 3).
BRIEFING_FONTS = "'WenQuanYi Zen Hei','Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"
SAMPLE_NOTICE = "示例数据：本简报包含示例（虚构）数据，仅用于演示，不代表真实主体的情况。"


@dataclass
class Briefing:
    """What a briefing shows; ``picture_svg`` must come from kg.explorer.render (already escaped)."""

    title: str
    date: str
    figures: list[tuple[str, str]]
    picture_svg: str
    picture_caption: str = ""
    table_title: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    recommendations_title: str = "建议"
    sample: bool = False
    changes: list[str] = field(default_factory=list)  # e.g. a two-year comparison, "2023 → 2025"
    changes_title: str = "变化"
    footer: str = "松江科创知识图谱 · 数据来源见图谱中各节点的来源字段"


CSS = f"""
@page {{ size: A4 landscape; margin: 8mm; }}
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; padding: 0; background: #fff; }}
body, .picture svg {{ font-family: {BRIEFING_FONTS}; color: #202124; -webkit-print-color-adjust: exact;
        print-color-adjust: exact; }}
.page {{ width: {PAGE_WIDTH}px; padding: 22px 28px; }}
header {{ display: flex; justify-content: space-between; align-items: baseline;
          border-bottom: 3px solid #b3261e; padding-bottom: 8px; }}
h1 {{ font-size: 26px; margin: 0; }}
.date {{ color: #5f6368; font-size: 14px; }}
.sample {{ margin: 10px 0 0; padding: 6px 12px; border: 2px solid #d93025; border-radius: 6px;
           color: #b3261e; background: #fce8e6; font-weight: 700; font-size: 14px; }}
.figures {{ display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }}
.fig {{ flex: 1 1 120px; border: 1px solid #dadce0; border-radius: 8px; padding: 8px 12px; }}
.fig .v {{ font-size: 24px; font-weight: 700; color: #1a73e8; }}
.fig .k {{ font-size: 13px; color: #5f6368; }}
.picture {{ border: 1px solid #dadce0; border-radius: 8px; padding: 6px; text-align: center; }}
.picture svg {{ max-width: 100%; height: auto; }}
.caption {{ font-size: 12px; color: #5f6368; margin-top: 4px; }}
.main {{ display: flex; gap: 16px; align-items: flex-start; }}
.main > .left {{ flex: 0 0 60%; min-width: 0; }}
.main > .right {{ flex: 1; min-width: 0; }}
.right section + section {{ margin-top: 12px; }}
h2 {{ font-size: 17px; margin: 4px 0 6px; border-left: 4px solid #1a73e8; padding-left: 8px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12.5px; }}
th, td {{ border: 1px solid #dadce0; padding: 3px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f1f3f4; white-space: nowrap; }}
td.s-断链, td.s-弱链, td.s-强链, td.n {{ white-space: nowrap; }}
td.s-断链 {{ color: #fff; background: #d93025; font-weight: 700; }}
td.s-弱链 {{ color: #202124; background: #fbbc04; font-weight: 700; }}
td.s-强链 {{ color: #fff; background: #1e8e3e; font-weight: 700; }}
ol {{ margin: 0; padding-left: 20px; font-size: 13px; }}
li {{ margin-bottom: 3px; }}
footer {{ margin-top: 10px; font-size: 11px; color: #80868b; }}
"""


def render_briefing_html(b: Briefing) -> str:
    """A complete HTML document; no script, no external reference."""
    figures = "".join(
        f'<div class="fig"><div class="v">{esc(v)}</div><div class="k">{esc(k)}</div></div>'
        for k, v in b.figures
    )
    sample = f'<div class="sample" id="sample-notice">{esc(SAMPLE_NOTICE)}</div>' if b.sample else ""
    head = "".join(f"<th>{esc(c)}</th>" for c in b.columns)
    body_rows = []
    for row in b.rows:
        cells = []
        for col, cell in zip(b.columns, row, strict=False):
            cls = f' class="s-{esc(cell)}"' if col == "状态" and cell in ("断链", "弱链", "强链") else ""
            cells.append(f"<td{cls}>{esc(cell)}</td>")
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    table = (
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body_rows)}</tbody></table>"
        if b.columns
        else ""
    )
    recs = "".join(f"<li>{esc(r)}</li>" for r in b.recommendations) or "<li>暂无</li>"
    changes = (
        f"<section><h2>{esc(b.changes_title)}</h2><ol>{''.join(f'<li>{esc(c)}</li>' for c in b.changes)}</ol>"
        "</section>"
        if b.changes
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<title>{esc(b.title)}</title><style>{CSS}</style></head><body><div class="page">'
        f'<header><h1>{esc(b.title)}</h1><span class="date">{esc(b.date)}</span></header>'
        f'{sample}<div class="figures">{figures}</div>'
        '<div class="main"><div class="left">'
        f'<div class="picture">{b.picture_svg}<div class="caption">{esc(b.picture_caption)}</div></div></div>'
        f'<div class="right"><section><h2>{esc(b.table_title)}</h2>{table}</section>'
        f"{changes}<section><h2>{esc(b.recommendations_title)}</h2><ol>{recs}</ol></section></div></div>"
        f"<footer>{esc(b.footer)}</footer></div></body></html>"
    )
