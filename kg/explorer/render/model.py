"""What the renderers draw: small plain dataclasses, filled from the analyses by kg.explorer.data
(chain map, network views) and kg.explorer.snapshot (the network briefing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.vocab import BROKEN, STRONG, WEAK

# In the order a reader ranks them (worst first); legends follow this order.
STATUS_COLOURS = {BROKEN: "#d93025", WEAK: "#f29900", STRONG: "#1e8e3e"}
STATUS_FILLS = {BROKEN: "#fce8e6", WEAK: "#fef7e0", STRONG: "#e6f4ea"}
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


@dataclass
class OrgNode:
    """An organisation of the analysed collaboration network, keyed as the analysis keys it."""

    key: str  # "Label:uid", unique (names are not)
    name: str
    label: str
    community: int | None = None
    betweenness: float = 0.0
    broker_rank: int | None = None  # 1 = the strongest broker
    local: bool = False
    chains: list[str] = field(default_factory=list)
    sample: bool = False


@dataclass
class Community:
    id: int
    name: str
    size: int
    chains: list[str] = field(default_factory=list)
    hubs: list[str] = field(default_factory=list)  # most central members first
    colour: str = ""


@dataclass
class Pair:
    """A recommended enterprise–research pair (no tie yet)."""

    enterprise: str
    partner: str
    partner_label: str
    shared: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


@dataclass
class Isolate:
    """A high-tech firm with no research partner."""

    name: str
    tier: str = ""
    chains: list[str] = field(default_factory=list)


@dataclass
class AnalysedNetwork:
    """The collaboration analysis as a briefing draws it: the network it analysed and its answers."""

    scope: str
    nodes: list[OrgNode]
    ties: list[tuple[str, str, float]]
    communities: list[Community]
    brokers: list[OrgNode]
    isolates: list[Isolate]
    pairs: list[Pair]
    sample: bool = False
