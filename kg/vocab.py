"""One vocabulary: the words and constants that several layers compare or show.

Everything here is read from ``kg/graph/schema.yaml``; analyses, the importer, the explorer and the
exports import these names instead of spelling the words again, so a change happens in one place.
"""

from __future__ import annotations

from kg.graph.schema import load_schema

_SCHEMA = load_schema()

BROKEN: str = _SCHEMA.raw["gap_statuses"]["broken"]  # 断链
WEAK: str = _SCHEMA.raw["gap_statuses"]["weak"]  # 弱链
STRONG: str = _SCHEMA.raw["gap_statuses"]["strong"]  # 强链
STATUSES: tuple[str, str, str] = (BROKEN, WEAK, STRONG)  # worst first

NO_DATA: str = _SCHEMA.raw["no_data"]  # 未掌握: the graph holds no data about it
NO_TIER: str = _SCHEMA.raw["no_tier"]  # 无资质
YEAR_FLOOR: int = int(_SCHEMA.raw["year_floor"])

LOCAL_DISTRICT: str = _SCHEMA.local_district
HIGH_TECH_RANK: int = _SCHEMA.high_tech_rank
POSITIONS: tuple[str, ...] = _SCHEMA.positions  # upstream → downstream
TOP_RANK: int = max(t.rank for t in _SCHEMA.tiers)


def label_zh(label: str, *, short: bool = True) -> str:
    """The Chinese name of a node label (the short form by default: 工作站, 环节); unknown → as given."""
    node = _SCHEMA.nodes.get(label)
    if node is None:
        return label
    return node.short if short else node.zh


def position_key(position: str | None) -> int:
    """Sort key upstream → midstream → downstream; unknown positions last."""
    return POSITIONS.index(position) if position in POSITIONS else len(POSITIONS)
