"""The one-page leadership briefing as a self-contained HTML document.

The page is laid out at the printable size of A4 landscape (1 CSS px = 0.75 pt), so the sizes
chosen here are the sizes on paper: nothing a reader needs is smaller than 10 px (7.5 pt).
Everything is inline (CSS and the SVG picture), fonts are the machine's own CJK fonts, and every
piece of text is escaped: the file can be mailed around an intranet and opened anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.explorer.render.model import STATUS_COLOURS, AnalysedNetwork
from kg.explorer.render.text import esc
from kg.vocab import BROKEN, NO_DATA, STRONG, WEAK

# A4 landscape at 96 dpi (1123 × 794 px) minus 8 mm (30 px) margins, less a few px of slack for
# rounding: the page prints at scale 1, so these px are 0.75 pt each on paper.
PAGE_WIDTH, PAGE_HEIGHT = 1056, 728
PAGE_PAD_X, PAGE_PAD_Y = 14, 10
LEFT_SHARE = 0.6  # the picture's share of the page width
MAIN_GAP = 14
# The picture slot in CSS px: the renderers draw at exactly this size, so their font sizes are final.
PICTURE_WIDTH = int((PAGE_WIDTH - 2 * PAGE_PAD_X - MAIN_GAP) * LEFT_SHARE) - 2
# TrueType first: Chromium embeds it by name in the PDF (Noto CJK's CFF outlines become Type 3).
BRIEFING_FONTS = "'WenQuanYi Zen Hei','Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"
SAMPLE_NOTICE = "示例数据：本简报包含示例（虚构）数据，仅用于演示，不代表真实主体的情况。"
UNKNOWN = NO_DATA


@dataclass
class Section:
    """One block of the right-hand column: a table (``columns``/``rows``) and/or a numbered list.

    ``swatches`` (one colour per row) draws a colour key before a row's first cell, so a table of
    communities doubles as the picture's legend."""

    title: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    swatches: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    note: str = ""
    fill: bool = False  # printed with as many rows as the page has room for (kg.explorer.export)


@dataclass
class Briefing:
    """What a briefing shows; ``picture_svg`` must come from kg.explorer.render (already escaped)."""

    title: str
    date: str
    figures: list[tuple[str, str]]
    picture_svg: str
    picture_caption: str = ""
    sections: list[Section] = field(default_factory=list)
    sample: bool = False
    footer: str = "松江科创知识图谱 · 数据来源见图谱中各节点的来源字段"
    network: AnalysedNetwork | None = None  # set on a network briefing: its HTML is interactive


CSS = f"""
@page {{ size: A4 landscape; margin: 8mm; }}
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; padding: 0; background: #fff; }}
body, .picture svg {{ font-family: {BRIEFING_FONTS}; color: #202124; -webkit-print-color-adjust: exact;
        print-color-adjust: exact; }}
.page {{ width: {PAGE_WIDTH}px; min-height: {PAGE_HEIGHT}px; padding: {PAGE_PAD_Y}px {PAGE_PAD_X}px;
        display: flex; flex-direction: column; }}
header {{ display: flex; justify-content: space-between; align-items: baseline;
          border-bottom: 3px solid #b3261e; padding-bottom: 4px; }}
h1 {{ font-size: 22px; margin: 0; font-weight: 700; }}
.date {{ color: #5f6368; font-size: 12px; }}
.sample {{ margin: 5px 0 0; padding: 3px 10px; border: 1.5px solid #d93025; border-radius: 5px;
           color: #b3261e; background: #fce8e6; font-weight: 700; font-size: 11px; }}
.figures {{ display: flex; gap: 8px; margin: 6px 0; }}
.fig {{ flex: 1 1 0; border: 1px solid #dadce0; border-radius: 6px; padding: 3px 10px; min-width: 0; }}
.fig .v {{ font-size: 17px; font-weight: 700; color: #1a73e8; white-space: nowrap; overflow: hidden;
           text-overflow: ellipsis; }}
.fig .k {{ font-size: 11px; color: #5f6368; }}
.main {{ display: flex; gap: {MAIN_GAP}px; align-items: stretch; flex: 1 1 auto; }}
.main > .left {{ flex: 0 0 {LEFT_SHARE * 100:.0f}%; min-width: 0; display: flex; flex-direction: column; }}
.main > .right {{ flex: 1; min-width: 0; display: flex; flex-direction: column; gap: 7px; }}
.picture {{ border: 1px solid #dadce0; border-radius: 6px; flex: 1 1 auto; display: flex;
            flex-direction: column; justify-content: space-between; overflow: hidden; }}
.picture svg {{ display: block; }}
.caption {{ font-size: 10.5px; color: #5f6368; padding: 2px 8px 3px; }}
h2 {{ font-size: 14px; margin: 0 0 3px; border-left: 4px solid #1a73e8; padding-left: 6px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 11px; line-height: 1.3; }}
th, td {{ border: 1px solid #dadce0; padding: 2px 5px; text-align: left; vertical-align: top; }}
th {{ background: #f1f3f4; white-space: nowrap; font-weight: 700; }}
td.n {{ white-space: nowrap; text-align: right; }}
td.status {{ white-space: nowrap; font-weight: 700; }}
.sw {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 5px;
       vertical-align: -1px; }}
ol {{ margin: 0; padding-left: 18px; font-size: 11px; line-height: 1.35; }}
li {{ margin-bottom: 2px; }}
.note {{ font-size: 10.5px; color: #5f6368; margin-top: 2px; }}
footer {{ margin-top: 4px; font-size: 10px; color: #80868b; }}
"""

STATUS_TEXT = {BROKEN: "#fff", WEAK: "#202124", STRONG: "#fff"}


def _cell(column: str, value: str) -> str:
    if column == "状态" and value in STATUS_COLOURS:
        style = f"color:{STATUS_TEXT[value]};background:{STATUS_COLOURS[value]}"
        return f'<td class="status" style="{style}">{esc(value)}</td>'
    numeric = value.replace(".", "", 1).replace(",", "").isdigit()
    return f'<td class="n">{esc(value)}</td>' if numeric else f"<td>{esc(value)}</td>"


def render_section(s: Section) -> str:
    """One right-hand block; every value escaped, colours only from ``swatches`` (hex strings)."""
    parts = [f"<section{' data-fill' if s.fill else ''}><h2>{esc(s.title)}</h2>"]
    if s.columns:
        head = "".join(f"<th>{esc(c)}</th>" for c in s.columns)
        rows = []
        for i, row in enumerate(s.rows):
            cells = [_cell(c, v) for c, v in zip(s.columns, row, strict=False)]
            if i < len(s.swatches) and cells:
                swatch = f'<span class="sw" style="background:{esc(s.swatches[i])}"></span>'
                cells[0] = cells[0].replace(">", ">" + swatch, 1)
            rows.append("<tr>" + "".join(cells) + "</tr>")
        if not rows:
            rows.append(f'<tr><td colspan="{len(s.columns)}">{UNKNOWN}</td></tr>')
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    if s.items or not s.columns:
        items = "".join(f"<li>{esc(r)}</li>" for r in s.items) or f"<li>{UNKNOWN}</li>"
        parts.append(f"<ol>{items}</ol>")
    if s.note:
        parts.append(f'<div class="note">{esc(s.note)}</div>')
    parts.append("</section>")
    return "".join(parts)


def render_briefing_html(b: Briefing, *, picture_html: str | None = None, head_extra: str = "") -> str:
    """A complete HTML document; no script, no external reference.

    ``picture_html`` replaces the static picture (the interactive export puts its graph there);
    ``head_extra`` is appended to ``<head>``. Both are trusted markup built by this package."""
    figures = "".join(
        f'<div class="fig"><div class="v">{esc(v)}</div><div class="k">{esc(k)}</div></div>'
        for k, v in b.figures
    )
    sample = f'<div class="sample" id="sample-notice">{esc(SAMPLE_NOTICE)}</div>' if b.sample else ""
    picture = b.picture_svg if picture_html is None else picture_html
    sections = "".join(render_section(s) for s in b.sections)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{esc(b.title)}</title><style>{CSS}</style>{head_extra}</head><body>"
        + page_body(b, figures, sample, picture, sections)
        + "</body></html>"
    )


def page_body(b: Briefing, figures: str, sample: str, picture: str, sections: str) -> str:
    """The ``.page`` element (shared by the static and the interactive document)."""
    return (
        '<div class="page">'
        f'<header><h1>{esc(b.title)}</h1><span class="date">{esc(b.date)}</span></header>'
        f'{sample}<div class="figures">{figures}</div>'
        '<div class="main"><div class="left">'
        f'<div class="picture">{picture}<div class="caption">{esc(b.picture_caption)}</div></div></div>'
        f'<div class="right">{sections}</div></div>'
        f"<footer>{esc(b.footer)}</footer></div>"
    )
