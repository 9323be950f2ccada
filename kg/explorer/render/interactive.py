"""The network briefing as ONE self-contained interactive HTML file, drawn by neo4j-viz.

``VisualizationGraph.render()`` returns a complete document whose NVL bundle (JS and CSS) is
inlined and whose graph data sits in an inert ``<script type="application/json">`` block with
``<`` escaped, so names can never become markup. We keep its ``<head>`` resources, and put its
graph container into the briefing page in place of the static picture: the reader can pan,
zoom, search and click the same organisations the analysis used, and the file needs no network.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from neo4j_viz import DiscreteLegendSection, LegendEntry, Node, Relationship, VisualizationGraph

from kg.explorer.render.community import OTHER_COLOUR, community_colour
from kg.explorer.render.model import AnalysedNetwork
from kg.vocab import NO_DATA, label_zh

if TYPE_CHECKING:
    from kg.explorer.briefing import Briefing

GRAPH_HEIGHT = 560
_CONTAINER = re.compile(r'<div id="(neo4j-viz-[0-9a-f]{12})"[^>]*></div>')
_DROP = re.compile(r"<meta[^>]*>|<title>.*?</title>|<!--.*?-->", re.S)


def visualization(net: AnalysedNetwork) -> VisualizationGraph:
    """Nodes keyed by the analysis' key (never by name), coloured by community, sized by betweenness."""
    colour = {c.id: c.colour or community_colour(i) for i, c in enumerate(net.communities)}
    name = {c.id: c.name for c in net.communities}
    max_b = max((n.betweenness for n in net.nodes), default=0.0) or 1.0
    nodes = [
        Node(
            id=n.key,
            caption=n.name,
            size=8 + 22 * (n.betweenness / max_b) ** 0.5,
            color=colour.get(n.community, OTHER_COLOUR),
            properties={
                "名称": n.name,
                "类型": label_zh(n.label),
                "社区": name.get(n.community, "未归入社区"),
                "中介度": round(n.betweenness, 4),
                "关键中介排名": n.broker_rank or "—",
                "产业链": "、".join(n.chains) or NO_DATA,
            },
        )
        for n in net.nodes
    ]
    rels = [
        Relationship(id=f"t{i}", source=a, target=b, properties={"强度": w})
        for i, (a, b, w) in enumerate(net.ties)
    ]
    vg = VisualizationGraph(nodes=nodes, relationships=rels)
    entries = [LegendEntry(label=c.name, color=colour[c.id]) for c in net.communities[: len(colour)]]
    vg.set_legend(nodes=DiscreteLegendSection(title="协同社区", entries=entries))
    return vg


def graph_parts(net: AnalysedNetwork, height: int = GRAPH_HEIGHT) -> tuple[str, str]:
    """(head resources, graph container) of neo4j-viz's rendered document."""
    doc = (
        visualization(net)
        .render(
            width="100%",
            height=f"{height}px",
            theme="light",
            max_allowed_nodes=max(10_000, len(net.nodes)),
            on_dangling="error",
        )
        .data
    )
    head = doc[doc.index("<head>") + len("<head>") : doc.index("</head>")]
    body = doc[doc.index("<body>") + len("<body>") : doc.rindex("</body>")]
    found = _CONTAINER.search(body)
    if not found:
        raise RuntimeError("neo4j-viz rendered no graph container")
    container = f'<div id="{found.group(1)}" class="kg-graph" style="width:100%;height:{height}px"></div>'
    return _DROP.sub("", head), container


def interactive_caption(net: AnalysedNetwork) -> str:
    """What the interactive graph shows, in its own terms: the printed picture's blocks and
    numbered brokers are not drawn here, so its caption would not fit."""
    return (
        f"图：{net.scope}合作网络的 {len(net.nodes)} 个主体，颜色 = 协同社区（见图例），圆越大中介度越高"
        "（可拖动、缩放、搜索；打开右上角的详情面板后点击主体，可看名称、社区、中介度与关键中介排名）"
    )


def interactive_briefing_html(b: Briefing, height: int = GRAPH_HEIGHT) -> str:
    """The briefing page with its picture replaced by the interactive graph of ``b.network``."""
    from kg.explorer.briefing import render_briefing_html

    if b.network is None:
        raise ValueError("only a network briefing has an interactive graph")
    head, container = graph_parts(b.network, height)
    # The NVL styles come first, ours after, so the briefing's typography wins where both speak.
    caption = interactive_caption(b.network)
    doc = render_briefing_html(replace(b, picture_caption=caption), picture_html=container)
    style_at = doc.index("<style>")
    return doc[:style_at] + head + doc[style_at:]
