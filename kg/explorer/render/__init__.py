"""Offline drawings of the graph as inline SVG built from escaped text.

No script, no external resource: the same markup goes into the app (``st.html``), the briefing
HTML and, through headless Chromium, the PNG and PDF snapshots. ``community`` draws the network
briefing's picture; ``interactive`` is the one exception with a script: the network briefing's
HTML download, drawn by neo4j-viz with its bundle inlined (no request leaves the file).
"""

from kg.explorer.render.chain import render_chain_svg
from kg.explorer.render.model import ChainView, Firm, NetEdge, NetNode, NetworkView, SegmentView
from kg.explorer.render.network import cap_network, render_network_svg

__all__ = [
    "ChainView",
    "Firm",
    "NetEdge",
    "NetNode",
    "NetworkView",
    "SegmentView",
    "cap_network",
    "render_chain_svg",
    "render_network_svg",
]
