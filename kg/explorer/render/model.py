"""What the renderers draw: small plain dataclasses, filled by kg.explorer.views from analyses."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUS_COLOURS = {"断链": "#d93025", "弱链": "#f29900", "强链": "#1e8e3e"}
STATUS_FILLS = {"断链": "#fce8e6", "弱链": "#fef7e0", "强链": "#e6f4ea"}
UNKNOWN_COLOUR = "#80868b"
UNKNOWN_FILL = "#f1f3f4"


@dataclass
class Firm:
    """An enterprise in a segment: its highest tier decides the dot size."""

    name: str
    tier: str = ""
    rank: int = 0
    local: bool = True
    sample: bool = False


@dataclass
class SegmentView:
    name: str
    position: str
    order: int
    status: str = ""
    key_segment: bool = False
    local_count: int = 0
    outside_count: int = 0
    firms: list[Firm] = field(default_factory=list)


@dataclass
class ChainView:
    chain: str
    segments: list[SegmentView]
    feeds: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class NetNode:
    id: str
    label: str
    kind: str = ""
    group: str = ""
    size: float = 1.0
    title: str = ""


@dataclass
class NetEdge:
    source: str
    target: str
    kind: str = ""
    weight: float = 1.0


@dataclass
class NetworkView:
    nodes: list[NetNode]
    edges: list[NetEdge]
    aggregated: bool = False
    note: str = ""
    total_nodes: int = 0
