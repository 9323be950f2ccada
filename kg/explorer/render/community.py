"""The network briefing's picture: one tile per community, its members inside, brokers named.

A squarified treemap gives each community an area in proportion to its size, so the picture
fills its frame at any network size, reads as "these groups, this big", and never piles the
whole district into one corner. Inside a tile the members are laid out by a seeded spring
layout, sized by betweenness; the strongest brokers carry their rank and name. Labels get a
white box behind them (not a text stroke: stroked text prints as unnamed Type 3 fonts).
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from kg.explorer.render.model import AnalysedNetwork, OrgNode
from kg.explorer.render.text import FONT_STACK, esc, fit, short_label, text_width

PALETTE = (
    "#1a73e8",
    "#e8710a",
    "#1e8e3e",
    "#9334e6",
    "#d93025",
    "#12b5cb",
    "#e52592",
    "#b06000",
    "#3f51b5",
    "#689f38",
)
OTHER_COLOUR = "#9aa0a6"
RESEARCH = {"University", "ResearchInstitute", "Expert"}
RANK_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"
LABEL_SIZE = 10.5
HEAD_SIZE = 11
MAX_DRAWN = 400  # nodes drawn at most; beyond, each tile keeps its most central members


def community_colour(index: int) -> str:
    """Colour of the ``index``-th community (0 = the largest); the rest share one grey."""
    return PALETTE[index] if index < len(PALETTE) else OTHER_COLOUR


def squarify(sizes: list[float], x: float, y: float, w: float, h: float) -> list[tuple[float, ...]]:
    """Rectangles (x, y, w, h) with areas proportional to ``sizes`` (sorted largest first) that
    tile the given rectangle, rows chosen to keep tiles close to square (Bruls et al. 2000)."""
    total = sum(sizes) or 1.0
    scale = w * h / total
    areas = [s * scale for s in sizes]
    out: list[tuple[float, ...]] = []

    def worst(row: list[float], side: float) -> float:
        s = sum(row)
        return max(max(side * side * r / (s * s), (s * s) / (side * side * r)) for r in row)

    i = 0
    while i < len(areas):
        side = min(w, h)
        row = [areas[i]]
        j = i + 1
        while j < len(areas) and worst([*row, areas[j]], side) <= worst(row, side):
            row.append(areas[j])
            j += 1
        s = sum(row)
        if w >= h:  # a column on the left
            cw = s / h if h else 0
            cy = y
            for a in row:
                out.append((x, cy, cw, a / cw if cw else 0))
                cy += a / cw if cw else 0
            x, w = x + cw, w - cw
        else:  # a row on top
            rh = s / w if w else 0
            cx = x
            for a in row:
                out.append((cx, y, a / rh if rh else 0, rh))
                cx += a / rh if rh else 0
            y, h = y + rh, h - rh
        i = j
    return out


def _drawn(net: AnalysedNetwork) -> dict[int | None, list[OrgNode]]:
    """Members per community, most central first, cut so at most MAX_DRAWN are drawn."""
    members: dict[int | None, list[OrgNode]] = defaultdict(list)
    for n in net.nodes:
        members[n.community].append(n)
    total = sum(len(v) for v in members.values()) or 1
    out = {}
    for cid, nodes in members.items():
        nodes.sort(key=lambda n: (-n.betweenness, n.name, n.key))
        keep = max(3, round(len(nodes) * min(1.0, MAX_DRAWN / total)))
        out[cid] = nodes[:keep]
    return out


def _tile_layout(nodes: list[OrgNode], ties: list[tuple[str, str, float]], seed: int) -> dict[str, tuple]:
    g = nx.Graph()
    g.add_nodes_from(n.key for n in nodes)
    g.add_weighted_edges_from((a, b, w) for a, b, w in ties if a in g and b in g)
    if len(g) == 1:
        return {nodes[0].key: (0.5, 0.5)}
    pos = nx.spring_layout(g, seed=seed, k=1.6 / math.sqrt(len(g)), iterations=80)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    sx, sy = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {k: ((p[0] - min(xs)) / sx, (p[1] - min(ys)) / sy) for k, p in pos.items()}


def _box(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    return (x, y, x + w, y + h)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def render_community_map(net: AnalysedNetwork, *, width: float, height: float, seed: int = 7) -> str:
    """The analysed network as one ``<svg>`` of community tiles; every name is escaped."""
    legend_h = 22
    colour = {c.id: c.colour or community_colour(i) for i, c in enumerate(net.communities)}
    name = {c.id: c.name for c in net.communities}
    drawn = _drawn(net)
    order = [c.id for c in net.communities if drawn.get(c.id)]
    if drawn.get(None):
        order.append(None)
    sizes = [float(len([n for n in net.nodes if n.community == cid]) or 1) for cid in order]
    tiles = squarify(sizes, 4, 4, width - 8, height - legend_h - 8)
    pos: dict[str, tuple[float, float]] = {}
    radius: dict[str, float] = {}
    max_b = max((n.betweenness for n in net.nodes), default=0.0) or 1.0
    back: list[str] = []
    heads: list[str] = []
    placed: list[tuple[float, ...]] = []
    for i, (cid, (tx, ty, tw, th)) in enumerate(zip(order, tiles, strict=True)):
        c = colour.get(cid, OTHER_COLOUR)
        total = int(sizes[i])
        title = f"{name.get(cid, '未归入社区')}（{total}）"
        back.append(
            f'<rect x="{tx + 2:.1f}" y="{ty + 2:.1f}" width="{max(tw - 4, 0):.1f}" '
            f'height="{max(th - 4, 0):.1f}" rx="6" fill="{c}" fill-opacity="0.07" stroke="{c}" '
            f'stroke-opacity="0.5"/>'
        )
        head = fit(title, HEAD_SIZE, tw - 14)
        if head != "…":
            heads.append(
                f'<text x="{tx + 8:.1f}" y="{ty + 5 + HEAD_SIZE:.1f}" font-size="{HEAD_SIZE}" '
                f'font-weight="700" fill="{c}">{esc(head)}</text>'
            )
            placed.append(_box(tx + 6, ty + 4, text_width(head, HEAD_SIZE) + 4, HEAD_SIZE + 4))
        members = drawn[cid]
        layout = _tile_layout(members, net.ties, seed)
        inner = (tx + 14, ty + HEAD_SIZE + 16, max(tw - 28, 1), max(th - HEAD_SIZE - 26, 1))
        for n in members:
            u, v = layout[n.key]
            pos[n.key] = (inner[0] + u * inner[2], inner[1] + v * inner[3])
            radius[n.key] = 2.5 + 8.5 * math.sqrt(n.betweenness / max_b)
    community_of = {n.key: n.community for n in net.nodes}
    inner_lines: dict[int | None, list[str]] = defaultdict(list)
    cross: list[str] = []
    for a, b, _w in net.ties:
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            seg = f"M{x1:.1f},{y1:.1f}L{x2:.1f},{y2:.1f}"
            same = community_of[a] == community_of[b]
            (inner_lines[community_of[a]] if same else cross).append(seg)
    # Ties across communities faint (what brokers span), ties inside a tile in its colour.
    edges = (
        f'<path d="{"".join(cross)}" stroke="#5f6368" stroke-opacity="0.13" stroke-width="0.7" fill="none"/>'
    )
    edges += "".join(
        f'<path d="{"".join(segs)}" stroke="{colour.get(cid, OTHER_COLOUR)}" stroke-opacity="0.35" '
        'stroke-width="0.8" fill="none"/>'
        for cid, segs in inner_lines.items()
    )
    dots: list[str] = []
    by_key = {n.key: n for n in net.nodes}
    for key in sorted(pos, key=lambda k: radius[k]):
        n = by_key[key]
        x, y = pos[key]
        r = radius[key]
        c = colour.get(n.community, OTHER_COLOUR)
        tip = f"{n.name}（{name.get(n.community, '未归入社区')}）"
        if n.label in RESEARCH:
            shape = (
                f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
                f'transform="rotate(45 {x:.1f} {y:.1f})" fill="{c}" stroke="#fff" stroke-width="0.8"/>'
            )
        else:
            shape = (
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{c}" stroke="#fff" stroke-width="0.8"/>'
            )
        dots.append(f"<g><title>{esc(tip)}</title>{shape}</g>")
    labels = _labels(net, pos, radius, placed, width, height - legend_h)
    legend = (
        f'<g class="kg-legend" font-size="{LABEL_SIZE}" fill="#3c4043">'
        f'<circle cx="12" cy="{height - 11:.1f}" r="4.5" fill="#5f6368"/>'
        f'<text x="20" y="{height - 7:.1f}">企业</text>'
        f'<rect x="52" y="{height - 15.5:.1f}" width="8" height="8" '
        f'transform="rotate(45 56 {height - 11.5:.1f})" '
        f'fill="#5f6368"/><text x="66" y="{height - 7:.1f}">高校 / 科研院所 / 专家</text>'
        f'<text x="200" y="{height - 7:.1f}">色块 = 社区（面积 = 主体数）　大小 = 中介度　'
        "①②③ = 关键中介排名</text></g>"
    )
    return (
        f'<svg class="kg-community-map" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="{esc(net.scope)} 协同网络" '
        f'font-family="{FONT_STACK}" style="background:#fff">'
        + "".join(back)
        + edges
        + "".join(dots)
        + "".join(heads)
        + labels
        + legend
        + "</svg>"
    )


def _labels(
    net: AnalysedNetwork,
    pos: dict[str, tuple[float, float]],
    radius: dict[str, float],
    placed: list[tuple[float, ...]],
    width: float,
    height: float,
) -> str:
    """Names of the ranked brokers, then of each community's hub, where they fit without overlap."""
    wanted: list[tuple[OrgNode, str]] = []
    for n in net.brokers:
        if n.key in pos and n.broker_rank and n.broker_rank <= len(RANK_MARKS):
            wanted.append((n, RANK_MARKS[n.broker_rank - 1]))
    seen = {n.key for n, _ in wanted}
    by_community: dict[int | None, OrgNode] = {}
    for n in sorted(net.nodes, key=lambda n: (-n.betweenness, n.name, n.key)):
        if n.key in pos and n.community not in by_community:
            by_community[n.community] = n
    wanted += [(n, "") for n in by_community.values() if n.key not in seen]
    out = []
    for n, mark in wanted:
        x, y = pos[n.key]
        text = fit((mark + " " if mark else "") + short_label(n.name), LABEL_SIZE, 150)
        w = text_width(text, LABEL_SIZE) + 6
        h = LABEL_SIZE + 4
        bx = min(max(x - w / 2, 2), width - w - 2)
        for by in (y - radius[n.key] - h - 1, y + radius[n.key] + 1):
            box = _box(bx, by, w, h)
            if by >= 0 and by + h <= height and not any(_overlaps(box, p) for p in placed):
                placed.append(box)
                weight = ' font-weight="700"' if mark else ""
                out.append(
                    f'<rect x="{bx:.1f}" y="{by:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" '
                    f'fill="#fff" fill-opacity="0.88"/>'
                    f'<text x="{bx + 3:.1f}" y="{by + LABEL_SIZE:.1f}" font-size="{LABEL_SIZE}"{weight} '
                    f'fill="#202124">{esc(text)}</text>'
                )
                break
    return "".join(out)
