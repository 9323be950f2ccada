"""Drawing view-models: the chain map's analyses turned into the renderer's dataclasses
(``kg.explorer.render``). The interactive views build theirs in ``kg.explorer.graphdata``."""

from __future__ import annotations

from typing import Any

from kg.analyses import gaps as gaps_analysis
from kg.analyses import overview as overview_analysis
from kg.explorer.render import ChainView, Firm, SegmentView


def chain_view(graph: Any, chain: str) -> tuple[ChainView, list[dict[str, Any]]]:
    """The chain map view and the gap rows it is drawn from.

    ``chain_gaps`` runs once and the map reuses its rows (status, counts), so the picture and the
    gap list can never disagree and the page pays for one gap analysis, not two."""
    gaps = gaps_analysis.chain_gaps(graph, chain)
    return view_from_map(overview_analysis.chain_map(graph, chain, gaps=gaps)), gaps


def view_from_map(raw: dict[str, Any]) -> ChainView:
    """``overview.chain_map`` output → the renderer's :class:`ChainView`."""
    segments = [
        SegmentView(
            name=str(s["segment"]),
            position=str(s["position"] or ""),
            order=int(s["order"] or 0),
            status=str(s["status"]),
            key_segment=bool(s["key_segment"]),
            local_count=int(s["local_count"]),
            outside_count=int(s["outside_count"]),
            firms=[
                Firm(
                    str(f["name"] or f["uid"]),
                    str(f["tier"]),
                    int(f["rank"] or 0),
                    bool(f["local"]),
                    bool(f["sample"]),
                )
                for f in s["firms"]
            ],
        )
        for s in raw["segments"]
    ]
    feeds = [(str(f["from"]), str(f["to"])) for f in raw["feeds"]]
    return ChainView(str(raw["chain"]), segments, feeds)


