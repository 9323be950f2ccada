"""The collaboration / neighbourhood network: a node cap with aggregation, a seeded layout.

Layout is computed once in Python (``networkx.spring_layout`` with a seed) and drawn as static
SVG, so even the largest view costs no browser physics. Beyond ``max_nodes`` the nodes are merged
by their group (community or segment) and the view says so.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import networkx as nx

from kg.explorer.render.model import NetEdge, NetNode, NetworkView
from kg.explorer.render.text import FONT_STACK, esc, fit, short_label, text_width
from kg.vocab import label_zh

KIND_COLOURS = {
    "Enterprise": "#1a73e8",
    "University": "#9334e6",
    "ResearchInstitute": "#e52592",
    "Expert": "#e8710a",
    "Workstation": "#f29900",
    "Consortium": "#12b5cb",
    "Carrier": "#1e8e3e",
    "Park": "#5f6368",
    "IndustryChain": "#d93025",
    "ChainSegment": "#ee675c",
    "TechField": "#80868b",
    "group": "#5f6368",
}
# Chinese names from the schema (kg.vocab), so a drawing, a table and an export say the same word.
KIND_ZH = {label: label_zh(label) for label in KIND_COLOURS if label != "group"} | {"group": "聚合组"}
DEFAULT_MAX_NODES = 120


def cap_network(view: NetworkView, max_nodes: int = DEFAULT_MAX_NODES) -> NetworkView:
    """Return ``view`` unchanged if small enough, else one node per group with summed edges."""
    total = len(view.nodes)
    if total <= max_nodes:
        return NetworkView(view.nodes, view.edges, False, view.note, total)
    group_of = {n.id: (n.group or KIND_ZH.get(n.kind, n.kind) or "其他") for n in view.nodes}
    members = Counter(group_of.values())
    groups = [g for g, _ in members.most_common()]
    keep = groups[: max(max_nodes - 1, 1)]
    rest = set(groups[len(keep) :])
    if rest:
        for nid, g in group_of.items():
            if g in rest:
                group_of[nid] = "其他"
        members = Counter(group_of.values())
    nodes = [
        NetNode(id=f"group:{g}", label=f"{g}（{c}）", kind="group", group=g, size=c, title=f"{g}：{c} 个主体")
        for g, c in members.most_common()
    ]
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for e in view.edges:
        a, b = group_of.get(e.source), group_of.get(e.target)
        if a is None or b is None or a == b:
            continue
        key = (min(a, b), max(a, b))
        weights[key] += e.weight
    edges = [NetEdge(f"group:{a}", f"group:{b}", "聚合", w) for (a, b), w in sorted(weights.items())]
    note = (
        f"共 {total} 个主体，超过 {max_nodes} 个的显示上限，已按分组聚合为 {len(nodes)} 个节点"
        "（节点大小 = 主体数，连线粗细 = 合作数）。"
    )
    return NetworkView(nodes, edges, True, note, total)


def _layout(view: NetworkView, seed: int) -> dict[str, tuple[float, float]]:
    g = nx.Graph()
    g.add_nodes_from(n.id for n in view.nodes)
    for e in view.edges:
        if e.source in g and e.target in g and e.source != e.target:
            g.add_edge(e.source, e.target, weight=e.weight)
    if len(g) == 0:
        return {}
    if len(g) == 1:
        return {next(iter(g)): (0.0, 0.0)}
    k = 2.2 / math.sqrt(len(g))
    pos = nx.spring_layout(g, seed=seed, k=k, iterations=120)
    return {n: (float(p[0]), float(p[1])) for n, p in pos.items()}


def _label_box(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    return (x - w / 2 - 2, y - h, x + w / 2 + 2, y + 3)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def render_network_svg(
    view: NetworkView,
    *,
    width: int = 1100,
    height: int = 680,
    seed: int = 7,
    max_labels: int = 45,
    highlight: str | None = None,
) -> str:
    """The (already capped) network as one ``<svg>``; labels only on the best-connected nodes."""
    pos = _layout(view, seed)
    pad = 60
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def place(nid: str) -> tuple[float, float]:
        x, y = pos.get(nid, (0.0, 0.0))
        return (
            pad + (x - min(xs)) / span_x * (width - 2 * pad),
            pad + (y - min(ys)) / span_y * (height - 2 * pad - 30),
        )

    degree: Counter[str] = Counter()
    for e in view.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    max_size = max((n.size for n in view.nodes), default=1.0) or 1.0
    ranked = sorted(view.nodes, key=lambda n: (-(degree[n.id] + n.size), n.label))
    labelled = {n.id for n in ranked[:max_labels]} | ({highlight} if highlight else set())
    max_w = max((e.weight for e in view.edges), default=1.0) or 1.0
    parts: list[str] = []
    for e in view.edges:
        if e.source not in pos or e.target not in pos:
            continue
        (x1, y1), (x2, y2) = place(e.source), place(e.target)
        sw = 1.0 + 3.0 * (e.weight / max_w) if view.aggregated else 1.2
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#bdc1c6" '
            f'stroke-width="{sw:.1f}"><title>{esc(e.kind)}</title></line>'
        )
    placed: list[tuple[float, float, float, float]] = []
    labels: list[str] = []
    for n in sorted(view.nodes, key=lambda n: n.id != highlight):
        x, y = place(n.id)
        r = 6 + 14 * math.sqrt(n.size / max_size) if view.aggregated else 5 + min(degree[n.id], 12) * 0.9
        colour = KIND_COLOURS.get(n.kind, "#5f6368")
        ring = (
            ' stroke="#202124" stroke-width="3"' if n.id == highlight else ' stroke="#fff" stroke-width="1.5"'
        )
        tip = n.title or f"{n.label}（{KIND_ZH.get(n.kind, n.kind)}）"
        parts.append(
            f'<g class="kg-node"><title>{esc(tip)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"{ring}/>'
        )
        parts.append("</g>")
        if n.id in labelled:
            label = fit(short_label(n.label), 12, 130)
            box = _label_box(x, y - r - 4, text_width(label, 12), 12)
            if n.id == highlight or not any(_overlap(box, other) for other in placed):
                placed.append(box)
                labels.append(
                    f'<text x="{x:.1f}" y="{y - r - 4:.1f}" font-size="12" text-anchor="middle" '
                    f'fill="#202124" paint-order="stroke" stroke="#fff" stroke-width="3">{esc(label)}</text>'
                )
    kinds = sorted(
        {n.kind for n in view.nodes}, key=lambda k: list(KIND_COLOURS).index(k) if k in KIND_COLOURS else 99
    )
    legend, lx = [], 16.0
    for kind in kinds:
        legend.append(
            f'<circle cx="{lx + 6}" cy="{height - 16}" r="6" fill="{KIND_COLOURS.get(kind, "#5f6368")}"/>'
            f'<text x="{lx + 16}" y="{height - 11}" font-size="12" fill="#3c4043">'
            f"{esc(KIND_ZH.get(kind, kind))}</text>"
        )
        lx += 30 + 13 * len(KIND_ZH.get(kind, kind))
    return (
        f'<svg class="kg-network" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="合作网络" font-family="{FONT_STACK}" '
        f'style="max-width:100%;height:auto;background:#fff">'
        + "".join(parts)
        + "".join(labels)
        + "".join(legend)
        + "</svg>"
    )
