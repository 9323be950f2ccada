"""The chain map: segments in fixed columns upstream → midstream → downstream (no physics).

Boxes are coloured by status (断链 red, 弱链 amber, 强链 green); each box lists its firms as dots
sized by their highest tier, so the picture and the list sit together ("N图N清单").
"""

from __future__ import annotations

from kg.explorer.render.model import (
    STATUS_COLOURS,
    STATUS_FILLS,
    UNKNOWN_COLOUR,
    UNKNOWN_FILL,
    ChainView,
    SegmentView,
)
from kg.explorer.render.text import FONT_STACK, esc, fit, text_width

POSITIONS = ("上游", "中游", "下游")
COL_W = 300
COL_GAP = 90
MARGIN = 24
TOP = 56
HEAD_H = 50
ROW_H = 26
BOX_GAP = 20
FIRM_COLOUR = "#1a73e8"
OUTSIDE_STYLE = f'fill="#fff" stroke="{FIRM_COLOUR}" stroke-dasharray="2,2"'


def _dot_radius(rank: int) -> float:
    return 4.0 + 1.2 * max(0, min(rank, 7))


def _columns(view: ChainView) -> list[tuple[str, list[SegmentView]]]:
    known = [p for p in POSITIONS]
    extra = sorted({s.position for s in view.segments if s.position not in POSITIONS})
    cols = []
    for pos in known + extra:
        segs = sorted((s for s in view.segments if s.position == pos), key=lambda s: (s.order, s.name))
        if segs or pos in POSITIONS:
            cols.append((pos, segs))
    return cols


def _box_height(seg: SegmentView, max_firms: int) -> int:
    shown = min(len(seg.firms), max_firms)
    rows = max(shown, 1) + (1 if len(seg.firms) > max_firms else 0)
    return HEAD_H + rows * ROW_H + 8


def render_chain_svg(view: ChainView, *, max_firms: int = 6, selected: str | None = None) -> str:
    """The chain map as one ``<svg>`` element; every name is escaped."""
    cols = _columns(view)
    boxes: dict[str, tuple[float, float, float, float]] = {}
    body: list[str] = []
    height = TOP
    for ci, (pos, segs) in enumerate(cols):
        x = MARGIN + ci * (COL_W + COL_GAP)
        body.append(
            f'<text x="{x + COL_W / 2:.0f}" y="{TOP - 22}" text-anchor="middle" font-size="17" '
            f'font-weight="700" fill="#3c4043">{esc(pos)}</text>'
        )
        y = TOP
        for seg in segs:
            h = _box_height(seg, max_firms)
            boxes[seg.name] = (x, y, COL_W, h)
            body.append(_segment_box(seg, x, y, h, max_firms, selected == seg.name))
            y += h + BOX_GAP
        height = max(height, y)
    # Extra room on the right for feeds between boxes of the same column (drawn as side arcs).
    width = MARGIN * 2 + max(len(cols), 1) * COL_W + max(len(cols) - 1, 0) * COL_GAP + 40
    edges = [_feed_edge(boxes[a], boxes[b]) for a, b in view.feeds if a in boxes and b in boxes]
    legend_y = height + 10
    legend = _legend(MARGIN, legend_y)
    total_h = legend_y + 34
    title = f"{view.chain} 产业链图谱"
    return (
        f'<svg class="kg-chain" viewBox="0 0 {width} {total_h}" width="{width}" height="{total_h}" '
        f'role="img" aria-label="{esc(title)}" font-family="{FONT_STACK}" '
        f'style="max-width:100%;height:auto;background:#fff">'
        f"<title>{esc(title)}</title>"
        '<defs><marker id="kg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#9aa0a6"/>'
        "</marker></defs>" + "".join(edges) + "".join(body) + legend + "</svg>"
    )


def _segment_box(seg: SegmentView, x: float, y: float, h: float, max_firms: int, selected: bool) -> str:
    stroke = STATUS_COLOURS.get(seg.status, UNKNOWN_COLOUR)
    fill = STATUS_FILLS.get(seg.status, UNKNOWN_FILL)
    width = 4 if selected else (2.5 if seg.key_segment else 1.5)
    star = "★ " if seg.key_segment else ""
    name = fit(star + seg.name, 16, COL_W - 84)
    counts = f"本地 {seg.local_count} 家 · 区外 {seg.outside_count} 家"
    tip = f"{seg.name}｜{seg.status or '未评估'}｜{counts}"
    out = [
        f'<g class="kg-seg" data-status="{esc(seg.status)}" data-segment="{esc(seg.name)}">'
        f"<title>{esc(tip)}</title>",
        f'<rect x="{x}" y="{y}" width="{COL_W}" height="{h}" rx="10" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"/>',
        f'<text x="{x + 12}" y="{y + 22}" font-size="16" font-weight="700" fill="#202124">{esc(name)}</text>',
        f'<rect x="{x + COL_W - 64}" y="{y + 8}" width="54" height="22" rx="11" fill="{stroke}"/>',
        f'<text x="{x + COL_W - 37}" y="{y + 24}" font-size="13" font-weight="700" fill="#fff" '
        f'text-anchor="middle">{esc(seg.status or "—")}</text>',
        f'<text x="{x + 12}" y="{y + 42}" font-size="12" fill="#5f6368">{esc(counts)}</text>',
    ]
    ry = y + HEAD_H
    if not seg.firms:
        out.append(
            f'<text x="{x + 14}" y="{ry + 17}" font-size="13" fill="{stroke}">无本地企业（补链方向）</text>'
        )
    firms = sorted(seg.firms, key=lambda f: (not f.local, -f.rank, f.name))
    for firm in firms[:max_firms]:
        r = _dot_radius(firm.rank)
        cy = ry + ROW_H / 2
        style = (
            f'fill="{FIRM_COLOUR}"'
            if firm.local
            else f'fill="#fff" stroke="{FIRM_COLOUR}" stroke-dasharray="2,2"'
        )
        where = "" if firm.local else "｜区外"
        tier = fit("·".join(t for t in (firm.tier, "" if firm.local else "区外") if t), 11, 104)
        label = fit(firm.name, 13, COL_W - 44 - 16 - text_width(tier, 11))
        out.append(
            f"<g><title>{esc(firm.name)}｜{esc(firm.tier or '无资质记录')}{where}</title>"
            f'<circle cx="{x + 26}" cy="{cy}" r="{r:.1f}" {style} stroke-width="1.5"/>'
            f'<text x="{x + 44}" y="{cy + 4.5}" font-size="13" fill="#202124">{esc(label)}</text>'
            f'<text x="{x + COL_W - 10}" y="{cy + 4}" font-size="11" fill="#5f6368" '
            f'text-anchor="end">{esc(tier)}</text></g>'
        )
        ry += ROW_H
    if len(seg.firms) > max_firms:
        out.append(
            f'<text x="{x + 44}" y="{ry + 17}" font-size="12" fill="#5f6368">'
            f"另有 {len(seg.firms) - max_firms} 家…</text>"
        )
    out.append("</g>")
    return "".join(out)


def _feed_edge(src: tuple[float, float, float, float], dst: tuple[float, float, float, float]) -> str:
    sx, sy, sw, sh = src
    dx, dy, dw, dh = dst
    if abs(sx - dx) < 1:  # same column: a short arc on the right side
        x1, y1 = sx + sw, sy + sh / 2
        x2, y2 = dx + dw, dy + dh / 2
        c = x1 + 40
        d = f"M{x1},{y1} C{c},{y1} {c},{y2} {x2 + 2},{y2}"
    else:
        left_to_right = sx < dx
        x1 = sx + sw if left_to_right else sx
        x2 = dx if left_to_right else dx + dw
        y1, y2 = sy + min(sh / 2, 30), dy + min(dh / 2, 30)
        mid = (x1 + x2) / 2
        d = f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"
    return f'<path d="{d}" fill="none" stroke="#9aa0a6" stroke-width="1.6" marker-end="url(#kg-arrow)"/>'


def _legend(x: float, y: float) -> str:
    items = []
    cx = x
    for status, colour in STATUS_COLOURS.items():
        items.append(
            f'<rect x="{cx}" y="{y + 6}" width="16" height="16" rx="4" fill="{STATUS_FILLS[status]}" '
            f'stroke="{colour}" stroke-width="2"/><text x="{cx + 22}" y="{y + 19}" font-size="13" '
            f'fill="#3c4043">{status}</text>'
        )
        cx += 76
    items.append(
        f'<circle cx="{cx + 8}" cy="{y + 14}" r="5" fill="{FIRM_COLOUR}"/>'
        f'<circle cx="{cx + 26}" cy="{y + 14}" r="11" fill="{FIRM_COLOUR}"/>'
        f'<text x="{cx + 44}" y="{y + 19}" font-size="13" fill="#3c4043">本地企业（圆点越大梯度越高）</text>'
    )
    cx += 250
    items.append(
        f'<circle cx="{cx + 8}" cy="{y + 14}" r="7" fill="#fff" stroke="{FIRM_COLOUR}" stroke-width="1.5" '
        f'stroke-dasharray="2,2"/><text x="{cx + 22}" y="{y + 19}" font-size="13" fill="#3c4043">'
        "区外企业（招商目标）</text>"
    )
    cx += 170
    items.append(f'<text x="{cx}" y="{y + 19}" font-size="13" fill="#3c4043">★ 关键环节　→ 供给关系</text>')
    return '<g class="kg-legend">' + "".join(items) + "</g>"
