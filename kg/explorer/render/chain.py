"""The chain map: segments in fixed columns upstream → midstream → downstream (no physics).

Boxes are coloured by status (断链 red, 弱链 amber, 强链 green); each box lists its firms as dots
sized by their highest tier, so the picture and the list sit together ("N图N清单").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.explorer.render.model import (
    STATUS_COLOURS,
    STATUS_FILLS,
    UNKNOWN_COLOUR,
    UNKNOWN_FILL,
    ChainView,
    SegmentView,
)
from kg.explorer.render.text import FONT_STACK, esc, fit, short_label, text_width
from kg.vocab import POSITIONS

FIRM_COLOUR = "#1a73e8"
OUTSIDE_STYLE = f'fill="#fff" stroke="{FIRM_COLOUR}" stroke-dasharray="2,2"'


@dataclass(frozen=True)
class Metrics:
    """Sizes of one drawing style, in px (the screen style; :data:`PRINT` is the one-page style)."""

    col_w: float = 300
    col_gap: float = 90
    margin: float = 24
    top: float = 56
    head_h: float = 50
    row_h: float = 26
    box_gap: float = 20
    pos_size: float = 17
    name_size: float = 16
    badge_size: float = 13
    count_size: float = 12
    firm_size: float = 13
    tier_size: float = 11
    legend_size: float = 13
    legend_h: float = 34
    dot_scale: float = 1.0
    badge_em: float = 4.2  # status badge width in text sizes
    more_row: bool = True  # "另有 N 家…" under the list (print: the counts line already says it)


# The briefing's print style: every text ≥ 10.5 px, i.e. ≥ 7.9 pt on an A4 page printed at scale 1.
PRINT = Metrics(
    col_w=190,
    col_gap=24,
    margin=8,
    top=30,
    head_h=35,
    row_h=15,
    box_gap=6,
    pos_size=14,
    name_size=12,
    badge_size=10.5,
    count_size=10.5,
    firm_size=11,
    tier_size=10.5,
    legend_size=10.5,
    legend_h=38,
    dot_scale=0.6,
    badge_em=2.9,
    more_row=False,
)


def _dot_radius(rank: int, m: Metrics) -> float:
    return (4.0 + 1.2 * max(0, min(rank, 7))) * m.dot_scale


def _columns(view: ChainView) -> list[tuple[str, list[SegmentView]]]:
    extra = sorted({s.position for s in view.segments if s.position not in POSITIONS})
    cols = []
    for pos in [*POSITIONS, *extra]:
        segs = sorted((s for s in view.segments if s.position == pos), key=lambda s: (s.order, s.name))
        if segs or pos in POSITIONS:
            cols.append((pos, segs))
    return cols


def _box_height(seg: SegmentView, max_firms: int, m: Metrics) -> float:
    shown = min(len(seg.firms), max_firms)
    rows = max(shown, 1) + (1 if len(seg.firms) > max_firms and m.more_row else 0)
    return m.head_h + rows * m.row_h + 6


def chain_height(view: ChainView, max_firms: int, m: Metrics = Metrics()) -> float:
    """The drawing's height for ``max_firms`` firms per box (to choose how many fit a page)."""
    tallest = max(
        (sum(_box_height(s, max_firms, m) + m.box_gap for s in segs) for _, segs in _columns(view)),
        default=0.0,
    )
    return m.top + tallest + 10 + m.legend_h


def render_chain_svg(
    view: ChainView,
    *,
    max_firms: int = 6,
    selected: str | None = None,
    width: float | None = None,
    height: float | None = None,
) -> str:
    """The chain map as one ``<svg>`` element; every name is escaped.

    With ``width`` the print style is used and the columns are stretched to exactly that width;
    with ``height`` too, as many firms per box as fit (at most ``max_firms``) are listed and the
    boxes are spread over the full height, so a briefing page has no empty band."""
    m = Metrics() if width is None else PRINT
    cols = _columns(view)
    n = max(len(cols), 1)
    if width is not None:
        m = replace(m, col_w=(width - 2 * m.margin - (n - 1) * m.col_gap - 24) / n)
    if height is not None:
        while max_firms > 1 and chain_height(view, max_firms, m) > height:
            max_firms -= 1
    boxes: dict[str, tuple[float, float, float, float]] = {}
    body: list[str] = []
    tallest = max(
        (sum(_box_height(s, max_firms, m) + m.box_gap for s in segs) for _, segs in cols), default=0.0
    )
    content_h = tallest
    if height is not None:
        content_h = max(tallest, height - m.top - 10 - m.legend_h)
    for ci, (pos, segs) in enumerate(cols):
        x = m.margin + ci * (m.col_w + m.col_gap)
        body.append(
            f'<text x="{x + m.col_w / 2:.0f}" y="{m.top - m.pos_size * 0.9:.0f}" text-anchor="middle" '
            f'font-size="{m.pos_size}" font-weight="700" fill="#3c4043">{esc(pos)}</text>'
        )
        heights = [_box_height(s, max_firms, m) for s in segs]
        # Spread the boxes of a short column over the drawing's height (extra gap between boxes).
        spare = content_h - sum(heights) - m.box_gap * len(segs)
        gap = m.box_gap + (min(spare / max(len(segs) - 1, 1), 3 * m.box_gap) if height else 0)
        y = m.top
        for seg, h in zip(segs, heights, strict=True):
            boxes[seg.name] = (x, y, m.col_w, h)
            body.append(_segment_box(seg, x, y, h, max_firms, selected == seg.name, m))
            y += h + gap
    total_w = width if width is not None else m.margin * 2 + n * m.col_w + (n - 1) * m.col_gap + 40
    edges = [_feed_edge(boxes[a], boxes[b]) for a, b in view.feeds if a in boxes and b in boxes]
    legend_y = m.top + content_h + 10
    legend = _legend(m.margin, legend_y, m, total_w)
    total_h = legend_y + m.legend_h
    title = f"{view.chain} 产业链图谱"
    return (
        f'<svg class="kg-chain" viewBox="0 0 {total_w:.0f} {total_h:.0f}" width="{total_w:.0f}" '
        f'height="{total_h:.0f}" role="img" aria-label="{esc(title)}" font-family="{FONT_STACK}" '
        f'style="max-width:100%;height:auto;background:#fff">'
        f"<title>{esc(title)}</title>"
        '<defs><marker id="kg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#9aa0a6"/>'
        "</marker></defs>" + "".join(edges) + "".join(body) + legend + "</svg>"
    )


def _segment_box(
    seg: SegmentView, x: float, y: float, h: float, max_firms: int, selected: bool, m: Metrics
) -> str:
    stroke = STATUS_COLOURS.get(seg.status, UNKNOWN_COLOUR)
    fill = STATUS_FILLS.get(seg.status, UNKNOWN_FILL)
    width = 4 if selected else (2.5 if seg.key_segment else 1.5)
    star = "★ " if seg.key_segment else ""
    badge_w = m.badge_size * m.badge_em
    name = fit(star + seg.name, m.name_size, m.col_w - badge_w - 20)
    counts = f"本地 {seg.local_count} 家 · 区外 {seg.outside_count} 家"
    tip = f"{seg.name}｜{seg.status or '未评估'}｜{counts}"
    line1 = y + 6 + m.name_size
    out = [
        f'<g class="kg-seg" data-status="{esc(seg.status)}" data-segment="{esc(seg.name)}">'
        f"<title>{esc(tip)}</title>",
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{m.col_w:.1f}" height="{h:.1f}" rx="8" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"/>',
        f'<text x="{x + 8:.1f}" y="{line1:.1f}" font-size="{m.name_size}" font-weight="700" '
        f'fill="#202124">{esc(name)}</text>',
        f'<rect x="{x + m.col_w - badge_w - 6:.1f}" y="{y + 5:.1f}" width="{badge_w:.1f}" '
        f'height="{m.badge_size * 1.7:.1f}" rx="{m.badge_size * 0.85:.1f}" fill="{stroke}"/>',
        f'<text x="{x + m.col_w - badge_w / 2 - 6:.1f}" y="{y + 5 + m.badge_size * 1.25:.1f}" '
        f'font-size="{m.badge_size}" font-weight="700" fill="#fff" '
        f'text-anchor="middle">{esc(seg.status or "未评估")}</text>',
        f'<text x="{x + 8:.1f}" y="{line1 + m.count_size + 3:.1f}" font-size="{m.count_size}" '
        f'fill="#5f6368">{esc(counts)}</text>',
    ]
    ry = y + m.head_h
    if not seg.firms:
        out.append(
            f'<text x="{x + 10:.1f}" y="{ry + m.row_h * 0.7:.1f}" font-size="{m.firm_size}" '
            f'fill="{stroke}">无本地企业（补链方向）</text>'
        )
    firms = sorted(seg.firms, key=lambda f: (not f.local, -f.rank, f.name))
    dot_x = x + 8 + _dot_radius(7, m)
    text_x = dot_x + _dot_radius(7, m) + 6
    for firm in firms[:max_firms]:
        r = _dot_radius(firm.rank, m)
        cy = ry + m.row_h / 2
        style = f'fill="{FIRM_COLOUR}"' if firm.local else OUTSIDE_STYLE
        where = "" if firm.local else "｜区外"
        tier = "·".join(t for t in (firm.tier, "" if firm.local else "区外") if t)
        room = x + m.col_w - 8 - text_x
        label = short_label(firm.name)
        tier_w = text_width(tier, m.tier_size) + 8
        if tier and text_width(label, m.firm_size) + tier_w > room:
            tier = ""  # names come first: the tier (also told by the dot's size) yields its place
        label = fit(label, m.firm_size, room - (text_width(tier, m.tier_size) + 8 if tier else 0))
        out.append(
            f"<g><title>{esc(firm.name)}｜{esc(firm.tier or '无资质记录')}{where}</title>"
            f'<circle cx="{dot_x:.1f}" cy="{cy:.1f}" r="{r:.1f}" {style} stroke-width="1.2"/>'
            f'<text x="{text_x:.1f}" y="{cy + m.firm_size * 0.36:.1f}" font-size="{m.firm_size}" '
            f'fill="#202124">{esc(label)}</text>'
            + (
                f'<text x="{x + m.col_w - 8:.1f}" y="{cy + m.tier_size * 0.36:.1f}" '
                f'font-size="{m.tier_size}" fill="#5f6368" text-anchor="end">{esc(tier)}</text>'
                if tier
                else ""
            )
            + "</g>"
        )
        ry += m.row_h
    if len(seg.firms) > max_firms and m.more_row:
        out.append(
            f'<text x="{text_x:.1f}" y="{ry + m.row_h * 0.7:.1f}" font-size="{m.count_size}" '
            f'fill="#5f6368">另有 {len(seg.firms) - max_firms} 家…</text>'
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


def _legend(x: float, y: float, m: Metrics, width: float) -> str:
    """Statuses in their order, then the firm dots; wraps onto a second line when narrow."""
    fs = m.legend_size
    k = fs / 13  # symbols scale with the text
    items: list[tuple[float, str]] = []  # (symbol width, markup with {x} {y} placeholders)
    for status, colour in STATUS_COLOURS.items():
        items.append(
            (
                16 * k,
                f'<rect x="{{x}}" y="{{y0}}" width="{14 * k:.1f}" height="{14 * k:.1f}" rx="3" '
                f'fill="{STATUS_FILLS[status]}" stroke="{colour}" stroke-width="2"/>',
            )
        )
        items[-1] = (items[-1][0], items[-1][1] + f"\0{status}")
    items.append(
        (
            32 * k,
            f'<circle cx="{{x5}}" cy="{{cy}}" r="{3 * k:.1f}" fill="{FIRM_COLOUR}"/>'
            f'<circle cx="{{x20}}" cy="{{cy}}" r="{7 * k:.1f}" fill="{FIRM_COLOUR}"/>'
            "\0本地企业（圆点越大梯度越高）",
        )
    )
    items.append(
        (
            16 * k,
            f'<circle cx="{{x7}}" cy="{{cy}}" r="{6 * k:.1f}" fill="#fff" stroke="{FIRM_COLOUR}" '
            'stroke-width="1.5" stroke-dasharray="2,2"/>\0区外企业（招商目标）',
        )
    )
    items.append((0.0, "\0★ 关键环节　→ 供给关系"))
    out, cx, line = [], x, 0
    for sym_w, markup in items:
        symbol, text = markup.split("\0")
        w = sym_w + 6 + text_width(text, fs) + 18
        if cx > x and cx + w > width - x:
            cx, line = x, line + 1
        ty = y + 6 + fs + line * (fs + 8)
        cy = ty - fs * 0.35
        out.append(
            symbol.format(
                x=f"{cx:.1f}",
                y0=f"{ty - 11 * k:.1f}",
                x5=f"{cx + 5 * k:.1f}",
                x20=f"{cx + 22 * k:.1f}",
                x7=f"{cx + 7 * k:.1f}",
                cy=f"{cy:.1f}",
            )
            + f'<text x="{cx + sym_w + (6 if sym_w else 0):.1f}" y="{ty:.1f}" font-size="{fs}" '
            f'fill="#3c4043">{esc(text)}</text>'
        )
        cx += w
    return '<g class="kg-legend">' + "".join(out) + "</g>"
