"""The explorer's one interactive graph view: neo4j-viz (Neo4j's NVL renderer) in Streamlit.

Why this shape:
- ``neo4j_viz.streamlit.display_widget`` is a Streamlit Components v2 element with two-way sync: a
  click on a node comes back to Python on the next rerun as ``last_event``/``selected``. Its bundle
  is inlined (no request leaves the machine) and captions are drawn on a canvas, so a name such as
  ``<img src=x onerror=…>`` is only ever pixels; the widget's own property panel renders through
  React, i.e. as text.
- Positions are computed here, in Python, seeded, and the widget runs the ``free`` (coordinate)
  layout: no browser physics, the same picture on every load, and a view of 2,000 nodes opens in a
  few seconds. Zoom and pan are chosen here to fit the drawing to the frame, so a node's place on
  screen is known (``screen_point``) — the browser test clicks nodes with it.
- Big groups are packed as discs (one per community or connected component) with a force layout
  inside each, which is what a planner reads first: who clusters with whom.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from kg.explorer.render.network import KIND_COLOURS as STATIC_KIND_COLOURS
from kg.vocab import label_zh

MAX_INTERACTIVE_NODES = 2000
DEFAULT_HEIGHT = 620
DEFAULT_WIDTH = 720  # the frame's expected width on a 1440 px screen; wider frames only add margin
NODE_MIN, NODE_MAX = 8.0, 24.0
SPACING = 60.0  # world units between neighbouring nodes in a force layout
PALETTE = (
    "#1a73e8",
    "#e8710a",
    "#1e8e3e",
    "#d93025",
    "#9334e6",
    "#12b5cb",
    "#f29900",
    "#e52592",
    "#5f6368",
    "#0b8043",
    "#a142f4",
    "#b06000",
    "#174ea6",
    "#c5221f",
    "#3c4043",
    "#007b83",
)
# The static drawings' palette, plus the reference kinds only the interactive views show.
KIND_COLOURS = STATIC_KIND_COLOURS | {
    "Tier": "#b06000",
    "CarrierType": "#7cb342",
    "Policy": "#174ea6",
    "Measure": "#4285f4",
}
KIND_ZH = {label: label_zh(label) for label in KIND_COLOURS if label != "group"} | {"group": "聚合组"}
OTHER_COLOUR = "#9aa0a6"
_LAYOUTS: dict[str, dict[str, tuple[float, float]]] = {}  # recent layouts by their inputs' digest


@dataclass
class VNode:
    """One node as drawn: ``id`` is stable (``Label:uid`` or an element id), never a display name."""

    id: str
    caption: str
    kind: str = ""
    colour: str = OTHER_COLOUR
    size: float = 14.0
    group: str = ""
    properties: dict[str, str] = field(default_factory=dict)
    caption_size: int | None = None  # font size to radius ratio (1–3); None = the renderer's default


@dataclass
class VEdge:
    source: str
    target: str
    caption: str = ""
    width: float = 1.0
    colour: str = "#bdc1c6"


@dataclass
class GraphSpec:
    """A drawing ready for the widget: nodes with positions, and the zoom/pan that fit them."""

    nodes: list[VNode]
    edges: list[VEdge]
    positions: dict[str, tuple[float, float]]
    zoom: float
    pan: tuple[float, float]
    height: int = DEFAULT_HEIGHT
    legend: dict[str, str] = field(default_factory=dict)

    def node(self, node_id: str | None) -> VNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)


@dataclass(frozen=True)
class Click:
    """What the user last did on the view: the node selected, and whether it was a double-click."""

    node_id: str | None
    double: bool = False


def colour_for(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def scaled_sizes(values: Mapping[str, float], lo: float = NODE_MIN, hi: float = NODE_MAX) -> dict[str, float]:
    """Radii by square root of ``values`` (area follows the value), between ``lo`` and ``hi``."""
    if not values:
        return {}
    top = max(values.values())
    if top <= 0:
        return {k: lo for k in values}
    return {k: lo + (hi - lo) * math.sqrt(max(v, 0.0) / top) for k, v in values.items()}


# --- layout -------------------------------------------------------------------------------------


def _force(
    ids: list[str],
    edges: Iterable[tuple[str, str]],
    seed: int,
    centre: str | None = None,
    spacing: float = SPACING,
) -> dict[str, tuple[float, float]]:
    """A seeded force layout scaled so that neighbours sit about ``SPACING`` apart."""
    if not ids:
        return {}
    if len(ids) == 1:
        return {ids[0]: (0.0, 0.0)}
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from((a, b) for a, b in edges if a in g and b in g and a != b)
    if len(ids) > 400:  # networkx's dense layout is O(n²) per step; beyond this, a sunflower
        return _sunflower(sorted(ids, key=lambda n: (-g.degree(n), n)))
    pos0 = {centre: (0.0, 0.0)} if centre in g else None
    pos = nx.spring_layout(
        g,
        seed=seed,
        k=1.6 / math.sqrt(len(ids)),
        iterations=100,
        pos=pos0,
        fixed=[centre] if pos0 else None,
    )
    if centre in pos:  # keep the centre at the origin
        cx, cy = pos[centre]
    else:
        cx = sum(p[0] for p in pos.values()) / len(pos)
        cy = sum(p[1] for p in pos.values()) / len(pos)
    xy = np.array([pos[n] for n in ids], dtype=float) - (cx, cy)
    # Scale so that a typical node's nearest neighbour sits ``spacing`` away: captions stay legible
    # whatever the graph's shape.
    dist = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(dist, np.inf)
    nearest = float(np.median(dist.min(axis=1))) or 1.0
    xy *= spacing / nearest
    return {n: (float(x), float(y)) for n, (x, y) in zip(ids, xy, strict=True)}


def _sunflower(ids: list[str]) -> dict[str, tuple[float, float]]:
    """Nodes on a phyllotaxis spiral, first id in the middle: even spacing, no overlaps."""
    golden = math.pi * (3 - math.sqrt(5))
    step = SPACING * 0.6
    return {
        n: (step * math.sqrt(i) * math.cos(i * golden), step * math.sqrt(i) * math.sin(i * golden))
        for i, n in enumerate(ids)
    }


def _radius(pos: Mapping[str, tuple[float, float]]) -> float:
    return max((math.hypot(x, y) for x, y in pos.values()), default=0.0) + SPACING * 0.6


_ANGLES = [0.0]  # the angles the spiral tries on one ring (stepped by 0.35 up to a full turn)
while _ANGLES[-1] + 0.35 <= 2 * math.pi:
    _ANGLES.append(_ANGLES[-1] + 0.35)


def _pack(discs: list[tuple[str, float]]) -> dict[str, tuple[float, float]]:
    """Place discs (name, radius), biggest first, on a spiral without overlap: on rings of growing
    radius, the first angle where the disc overlaps none placed so far.

    A whole ring's angles are checked against every placed disc at once (numpy) to skip the angles
    that clearly overlap; the remaining ones, in order, get the exact check — so the places are
    those of checking every angle one by one, found without hundreds of thousands of Python
    distance checks (a district summarised into 650 communities)."""
    placed: list[tuple[float, float, float]] = []
    px, py, pr = (np.zeros(len(discs)) for _ in range(3))
    out: dict[str, tuple[float, float]] = {}
    gap = SPACING * 0.8
    for name, r in sorted(discs, key=lambda d: (-d[1], d[0])):
        if not placed:
            out[name] = (0.0, 0.0)
            placed.append((0.0, 0.0, r))
            continue
        k = len(placed)
        dist = placed[0][2] + r + gap
        spot = None
        while spot is None:
            xs = [dist * math.cos(a) for a in _ANGLES]
            ys = [dist * math.sin(a) for a in _ANGLES]
            apart = np.hypot(np.array(xs)[:, None] - px[:k], np.array(ys)[:, None] - py[:k])
            clash = (apart < pr[:k] + r + gap - 1e-6).any(axis=1)  # overlaps beyond rounding
            for j in np.flatnonzero(~clash):
                x, y = xs[j], ys[j]
                if all(math.hypot(x - qx, y - qy) >= qr + r + gap for qx, qy, qr in placed):
                    spot = (x, y)
                    break
            dist += gap
        out[name] = spot
        px[k], py[k], pr[k] = spot[0], spot[1], r
        placed.append((spot[0], spot[1], r))
    return out


def layout(
    nodes: list[VNode],
    edges: list[VEdge],
    *,
    centre: str | None = None,
    by_group: bool = True,
    seed: int = 7,
    spacing: float = SPACING,
) -> dict[str, tuple[float, float]]:
    """Seeded positions: one force layout, or (``by_group``) one disc per group, packed.

    Groups are the nodes' ``group`` (a community), else connected components. ``centre`` sits at
    the origin of a single force layout (the focus of a profile).
    """
    ids = [n.id for n in nodes]
    pairs = [(e.source, e.target) for e in edges]
    several = (
        nx.number_connected_components(nx.Graph(pairs)) + len(set(ids) - {x for p in pairs for x in p}) > 1
    )
    if not by_group or centre is not None or (len(ids) <= 60 and not several):
        return _force(ids, pairs, seed, centre, spacing)
    members: dict[str, list[str]] = defaultdict(list)
    if any(n.group for n in nodes):
        for n in nodes:
            members[n.group or "·"].append(n.id)
    else:
        g = nx.Graph()
        g.add_nodes_from(ids)
        g.add_edges_from(p for p in pairs if p[0] in g and p[1] in g)
        for i, comp in enumerate(sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))):
            members[f"c{i}"] = sorted(comp)
    inner: dict[str, dict[str, tuple[float, float]]] = {}
    for name, mids in members.items():
        keep = set(mids)
        inner[name] = _force(mids, [p for p in pairs if p[0] in keep and p[1] in keep], seed, spacing=spacing)
    centres = _pack([(name, _radius(pos)) for name, pos in inner.items()])
    out: dict[str, tuple[float, float]] = {}
    for name, pos in inner.items():
        ox, oy = centres[name]
        for n, (x, y) in pos.items():
            out[n] = (ox + x, oy + y)
    return out


def landscape(
    positions: dict[str, tuple[float, float]], width: int, height: int
) -> dict[str, tuple[float, float]]:
    """Turn a drawing a quarter turn when that lets it fill a ``width`` × ``height`` frame better."""
    if len(positions) < 3:
        return positions
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = max(xs) - min(xs) or 1.0, max(ys) - min(ys) or 1.0
    if (span_y / span_x > 1.0) == (height / width > 1.0):
        return positions
    return {n: (y, -x) for n, (x, y) in positions.items()}


def fit(
    positions: Mapping[str, tuple[float, float]],
    *,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    margin: float = 60.0,
) -> tuple[float, tuple[float, float]]:
    """Zoom and pan that show every position inside a ``width`` × ``height`` frame."""
    if not positions:
        return 1.0, (0.0, 0.0)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x = max(xs) - min(xs) + 2 * NODE_MAX
    span_y = max(ys) - min(ys) + 2 * NODE_MAX
    zoom = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y, 2.2)
    return zoom, ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)


def build(
    nodes: list[VNode],
    edges: list[VEdge],
    *,
    centre: str | None = None,
    by_group: bool = True,
    legend: Mapping[str, str] | None = None,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    seed: int = 7,
    spacing: float = SPACING,
) -> GraphSpec:
    """Lay out and fit a drawing (pure: the browser test rebuilds it to know where nodes are)."""
    ids = {n.id for n in nodes}
    edges = [e for e in edges if e.source in ids and e.target in ids]
    key = hashlib.sha256(
        repr(
            (
                [(n.id, n.group) for n in nodes],
                [(e.source, e.target) for e in edges],
                centre,
                by_group,
                width,
                height,
                seed,
                spacing,
            )
        ).encode("utf-8")
    ).hexdigest()
    positions = _LAYOUTS.get(key)
    if positions is None:  # a click reruns the page: the same drawing is not laid out twice
        positions = landscape(
            layout(nodes, edges, centre=centre, by_group=by_group, seed=seed, spacing=spacing), width, height
        )
        _LAYOUTS[key] = positions
        while len(_LAYOUTS) > 64:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
    zoom, pan = fit(positions, width=width, height=height)
    return GraphSpec(nodes, edges, positions, zoom, pan, height, dict(legend or {}))


def screen_point(spec: GraphSpec, node_id: str, frame: Mapping[str, float]) -> tuple[float, float]:
    """Where ``node_id`` is drawn inside a canvas whose bounding box is ``frame`` (x, y, width, height)."""
    x, y = spec.positions[node_id]
    cx = frame["x"] + frame["width"] / 2
    cy = frame["y"] + frame["height"] / 2
    return cx + (x - spec.pan[0]) * spec.zoom, cy + (y - spec.pan[1]) * spec.zoom


# --- Streamlit ----------------------------------------------------------------------------------


def _widget(spec: GraphSpec) -> Any:
    from neo4j_viz import Node, Relationship, VisualizationGraph
    from pydantic_extra_types.color import Color

    parsed: dict[str, Color] = {}  # a view has a dozen colours, not one per node and tie: parse each once

    def colour(text: str) -> Color:
        found = parsed.get(text)
        if found is None:
            found = parsed[text] = Color(text)
        return found

    vnodes = [
        Node(
            id=n.id,
            caption=n.caption,
            size=round(n.size, 1),
            caption_size=n.caption_size,
            color=colour(n.colour),
            x=round(spec.positions[n.id][0], 1),
            y=round(spec.positions[n.id][1], 1),
            properties=dict(n.properties),
        )
        for n in spec.nodes
    ]
    rels = [
        Relationship(
            id=f"r{i}",
            source=e.source,
            target=e.target,
            caption=e.caption or None,
            width=max(0.5, min(e.width, 8.0)),
            color=colour(e.colour),
        )
        for i, e in enumerate(spec.edges)
    ]
    vg = VisualizationGraph(nodes=vnodes, relationships=rels)
    widget = vg.render_widget(
        layout="free",
        renderer="canvas",
        height=f"{spec.height}px",
        pan_position=spec.pan,
        initial_zoom=spec.zoom,
        theme="light",
        max_allowed_nodes=MAX_INTERACTIVE_NODES + 50,
        show_layout_button=False,
        show_search_button=True,
    )
    if spec.legend:
        widget.set_legend(nodes=dict(spec.legend))
    return widget


# Widget payloads shared by every session of this process, by the drawing's digest: a stored answer
# drawn for twenty planners is turned into neo4j-viz models and JSON once, not twenty times. The
# payloads are never mutated (each run sends a new dict holding them and its own selection).
_PAYLOADS: OrderedDict[str, dict[str, Any]] = OrderedDict()
_PAYLOADS_LOCK = threading.Lock()
MAX_PAYLOADS = 32


def _digest(spec: GraphSpec) -> str:
    return hashlib.sha256(
        repr(
            (
                [
                    (
                        n.id,
                        n.caption,
                        n.kind,
                        n.colour,
                        n.size,
                        n.group,
                        sorted(n.properties.items()),
                        n.caption_size,
                    )
                    for n in spec.nodes
                ],
                [(e.source, e.target, e.caption, e.width, e.colour) for e in spec.edges],
                sorted(spec.positions.items()),
                spec.zoom,
                spec.pan,
                spec.height,
                sorted(spec.legend.items()),
            )
        ).encode("utf-8")
    ).hexdigest()


def payload(spec: GraphSpec) -> dict[str, Any]:
    """What the widget sends to the browser for ``spec`` (its selection aside), built once per drawing."""
    from neo4j_viz.streamlit import _SEND_KEYS

    key = _digest(spec)
    with _PAYLOADS_LOCK:
        found = _PAYLOADS.get(key)
        if found is not None:
            _PAYLOADS.move_to_end(key)
            return found
    state = _widget(spec).get_state()
    found = {k: state[k] for k in _SEND_KEYS if k in state and k != "selected"}
    with _PAYLOADS_LOCK:
        _PAYLOADS[key] = found
        while len(_PAYLOADS) > MAX_PAYLOADS:
            _PAYLOADS.popitem(last=False)
    return found


def show(spec: GraphSpec, *, key: str) -> Click:
    """Draw ``spec`` and return what the user last clicked (``Click(None)`` before any click).

    ``key`` must be stable across reruns of the same view, so a selection survives an expansion.

    What ``neo4j_viz.streamlit.display_widget`` does, with the drawing's payload shared (``payload``)
    instead of a widget built per run: the frontend-owned traits (selection, options, last event)
    persisted in this session's state, then the component's result, decide what is sent and read.
    """
    import streamlit as st
    from neo4j_viz.options import GraphSelection, InteractionEvent, WidgetOptions
    from neo4j_viz.streamlit import _RECEIVE_KEYS, _component_height, _component_renderer

    parse = {"selected": GraphSelection, "options": WidgetOptions, "last_event": InteractionEvent}
    own: dict[str, Any] = {"selected": GraphSelection()}

    def take(source: Any) -> None:
        for trait in _RECEIVE_KEYS:
            value = source.get(trait)
            if value is not None:
                own[trait] = parse[trait].model_validate(value)

    try:
        persisted = st.session_state[key]
    except Exception:
        persisted = None
    if isinstance(persisted, dict):
        take(persisted)
    shared = payload(spec)
    data = dict(shared)
    data["selected"] = own["selected"].to_json()
    if "options" in own:
        data["options"] = own["options"].to_json()
    result = _component_renderer()(
        key=key,
        data=data,
        height=_component_height(shared.get("height")),
        default={trait: None for trait in _RECEIVE_KEYS},
        on_selected_change=lambda *_a, **_k: None,
        on_options_change=lambda *_a, **_k: None,
        on_last_event_change=lambda *_a, **_k: None,
    )
    take(result)
    event = own.get("last_event")
    ids = {n.id for n in spec.nodes}
    selected = [i for i in (own["selected"].nodeIds or []) if i in ids]
    if event is not None and event.type in ("node_click", "node_double_click") and event.id in ids:
        return Click(event.id, event.type == "node_double_click")
    return Click(selected[-1] if selected else None)
