"""A sentence names a segment's position as its own table does (its 位置), not the FEEDS direction."""

from __future__ import annotations

from kg.analyses.gaps import chain_gaps
from tests.fixtures_graph import Eco


def test_an_extension_names_the_neighbours_own_position(graph) -> None:
    # 电信运营 is 下游 in its chain's table, yet it FEEDS the 中游 平台 (operators feed a platform)
    eco = Eco()
    eco.chain(
        "6G",
        [("平台", "中游", 1, ["通信系统"]), ("电信运营", "下游", 1, ["通信服务"])],
        [("电信运营", "平台")],
    )
    eco.enterprise("P1", segments=("6G/平台",), tiers={"科技型中小企业": 2022})
    eco.enterprise("T1", segments=("6G/电信运营",), tiers={"高新技术企业": 2021})
    eco.load_into(graph)
    row = next(r for r in chain_gaps(graph, "6G") if r["segment"] == "平台")
    [ext] = row["extend"]
    assert (ext["name"], ext["from_segment"], ext["direction"]) == ("T1", "电信运营", "下游")
    assert "由下游环节「电信运营」延伸至本环节" in row["advice"]["延链"]
