"""Tier pipeline, policy coverage and the overview on one hand-built ecosystem."""

from __future__ import annotations

import json

import pytest

from kg.analyses.coverage import policy_coverage
from kg.analyses.overview import NodeNotFound, chain_map, key_figures, neighbourhood
from kg.analyses.pipeline import tier_pipeline
from tests.conftest import run_kg
from tests.fixtures_graph import Eco


def ecosystem() -> Eco:
    eco = Eco()
    eco.chain("6G", [("芯片", "上游", 1, ["射频"], True), ("基站", "中游", 1, ["通信"])], [("芯片", "基站")])
    eco.chain("医疗器械", [("耗材", "中游", 1, ["材料"])])
    u = eco.university("U1", ("射频",))
    # H1: 科小 2020 → 高企 2022, key segment, partner U1 → the textbook candidate
    h1 = eco.enterprise("H1", segments=("6G/芯片",), tiers={"科技型中小企业": 2020, "高新技术企业": 2022})
    eco.collab(h1, u)
    # H2: 高企 in a key segment but no research partner → not a candidate
    eco.enterprise("H2", segments=("6G/芯片",), tiers={"高新技术企业": 2021})
    # H3: already 小巨人 → above the rule's range; moved 高企 2021 → 小巨人 2023
    h3 = eco.enterprise("H3", segments=("6G/芯片",), tiers={"高新技术企业": 2021, "科技小巨人企业": 2023})
    eco.collab(h3, u)
    # H4: 高企 with partner but only in a non-key segment → not a candidate
    h4 = eco.enterprise("H4", segments=("6G/基站",), tiers={"高新技术企业": 2022})
    eco.collab(h4, u)
    # outside firm: not in the local pipeline
    eco.enterprise("OUT", local=False, segments=("6G/芯片",), tiers={"高新技术企业": 2022})
    eco.carrier("K1", "孵化器", ("6G",))
    eco.measure(1, chains=("6G",), tiers=("高新技术企业",), carrier_types=("孵化器",))
    m2 = eco.measure(2, tiers=("科技小巨人企业",))
    # a tier-cultivation link reaching H4's next tier: what answers 6G/基站 (弱链, H4 alone)
    eco.rel("SUPPORTS", m2, ("Tier", "科技小巨人培育企业"), kinds=["梯度培育"], sentence="培育小巨人。")
    return eco


@pytest.fixture(scope="module")
def eco_graph(session_graph):
    return ecosystem().load_into(session_graph)


def test_counts_and_moves(eco_graph) -> None:
    result = tier_pipeline(eco_graph)
    counts = {(r["year"], r["tier"]): (r["count"], r["cumulative"]) for r in result["counts"]}
    assert counts[(2021, "高新技术企业")] == (2, 2)  # H2, H3 (OUT is not local)
    assert counts[(2022, "高新技术企业")] == (2, 4)  # H1, H4
    assert counts[(2020, "科技型中小企业")] == (1, 1)
    moves = [(m["year"], m["from_tier"], m["to_tier"], m["enterprises"]) for m in result["moves"]]
    assert moves == [
        (2022, "科技型中小企业", "高新技术企业", ["H1"]),
        (2023, "高新技术企业", "科技小巨人企业", ["H3"]),
    ]
    everyone = tier_pipeline(eco_graph, local_only=False)
    assert dict(((r["year"], r["tier"]), r["count"]) for r in everyone["counts"])[(2022, "高新技术企业")] == 3


def test_candidates_follow_the_explicit_rule(eco_graph) -> None:
    result = tier_pipeline(eco_graph)
    assert [c["name"] for c in result["candidates"]] == ["H1"]
    h1 = result["candidates"][0]
    assert h1["since"] == 2022 and h1["research_partners"] == ["U1"]
    assert h1["key_segments"] == ["6G/芯片"]
    assert h1["next_tiers"] == ["专精特新中小企业", "科技小巨人培育企业"]
    assert "高新技术企业" in h1["reason"] and "U1" in h1["reason"]
    relaxed = tier_pipeline(eco_graph, require_key_segment=False, require_research_partner=False)
    assert [c["name"] for c in relaxed["candidates"]] == ["H1", "H4", "H2"]
    assert result["criteria"]["highest_tier_rank_between"] == [3, 3]


def test_coverage_names_measures_and_unaddressed_gaps(eco_graph) -> None:
    result = policy_coverage(eco_graph)
    m1 = result["measures"][0]
    assert (m1["no"], m1["chains"], m1["tiers"], m1["carrier_types"]) == (
        1,
        ["6G"],
        ["高新技术企业"],
        ["孵化器"],
    )
    chains = {c["chain"]: c for c in result["chains"]}
    assert chains["6G"]["measures"] == [1] and chains["6G"]["addressed"]
    # 医疗器械/耗材 has no local firm (断链) and no measure names the chain
    assert result["unaddressed_gaps"] == [
        {"chain": "医疗器械", "gap_segments": ["耗材"], "gap_status": {"耗材": "断链"}}
    ]
    tiers = {t["tier"]: t["measures"] for t in result["tiers"]}
    assert tiers["科技小巨人企业"] == [2] and tiers["链主企业"] == []
    assert "加速器" in result["uncovered"]["carrier_types"]


def test_key_figures_chain_map_and_neighbourhood(eco_graph) -> None:
    figures = key_figures(eco_graph)
    assert (figures["enterprises"], figures["local_enterprises"], figures["chains"]) == (5, 4, 2)
    assert figures["local_by_tier"][0] == {"tier": "科技小巨人企业", "rank": 5, "count": 1}
    assert figures["sample_present"] is False
    cmap = chain_map(eco_graph, "6G")
    assert [(s["segment"], s["status"]) for s in cmap["segments"]] == [("芯片", "强链"), ("基站", "弱链")]
    assert cmap["feeds"] == [{"from": "芯片", "to": "基站", "from_uid": "6G/芯片", "to_uid": "6G/基站"}]
    assert [(f["name"], f["local"]) for f in cmap["segments"][0]["firms"]] == [
        ("H3", True),
        ("H1", True),
        ("H2", True),
        ("OUT", False),
    ]
    hood = neighbourhood(eco_graph, "H1")
    names = {n["name"] for n in hood["nodes"]}
    assert {"H1", "U1", "芯片", "6G", "高新技术企业", "科技型中小企业"} <= names
    assert len(hood["edges"]) == 5 and not hood["truncated"]
    two = neighbourhood(eco_graph, "H1", hops=2, limit=8)
    assert len(two["edges"]) <= 8 and two["truncated"]
    assert "H3" in {n["name"] for n in neighbourhood(eco_graph, "H1", hops=2)["nodes"]}  # via U1
    with pytest.raises(NodeNotFound):
        neighbourhood(eco_graph, "nobody")


def test_cli_pipeline_and_coverage_json(eco_graph) -> None:
    data = json.loads(run_kg("pipeline", "--format", "json", check=True).stdout)
    assert {"counts", "moves", "candidates", "criteria"} <= set(data)
    assert [c["name"] for c in data["candidates"]] == ["H1"]
    cov = json.loads(run_kg("coverage", "--format", "json", check=True).stdout)
    assert cov["unaddressed_gaps"][0]["chain"] == "医疗器械"
    assert "== unaddressed_gaps (1) ==" in run_kg("coverage", check=True).stdout


def test_a_gap_is_addressed_only_by_support_of_the_kind_it_needs(eco_graph) -> None:
    gaps = {(g["chain"], g["segment"]): g for g in policy_coverage(eco_graph)["gaps"]}
    assert set(gaps) == {("6G", "基站"), ("医疗器械", "耗材")}
    weak = gaps[("6G", "基站")]
    assert (weak["status"], weak["need"], weak["addressed"]) == ("弱链", "梯度培育", True)
    assert [(m["no"], m["via"]) for m in weak["measures"]] == [(2, "支持科技小巨人培育企业（H4可向其晋级）")]
    assert weak["measures"][0]["sentence"] == "培育小巨人。"
    # measure 1 names 6G but gives no support of a kind: related, not addressing
    assert [m["no"] for m in weak["related"]] == [1]
    broken = gaps[("医疗器械", "耗材")]
    assert (broken["need"], broken["addressed"], broken["measures"]) == ("招商引育或孵化", False, [])


def test_stored_candidates_follow_an_import(graph, tmp_path) -> None:  # noqa: ANN001
    """The default rule's candidates (what 梯度培育 opens on) are stored after an import and equal
    a computation now; an outside write makes them not current (computed on the spot), the next
    import stores them again, and any other rule is always computed."""
    from kg.analyses import resultstore
    from kg.analyses.pipeline import compute_candidates, tier_candidates
    from kg.ingest import import_files
    from tests.ingest_helpers import (
        COLLABORATION_HEADER,
        ENTERPRISE_HEADER,
        SEGMENT_HEADER,
        SEGMENTS,
        code,
        ecosystem_files,
        write_csv,
    )

    import_files(graph, ecosystem_files(tmp_path))  # computes and stores the analyses
    stored = resultstore.current(graph, "tier_candidates", None)
    # 美昕: 高企 (2022) in the key segment 医疗设备, partner 上海测试研究院
    assert stored is not None and [c["name"] for c in stored] == ["美昕测试医疗器械（上海）有限公司"]
    assert stored == compute_candidates(graph) == tier_candidates(graph)
    assert stored[0]["research_partners"] == ["上海测试研究院"] and "上海测试研究院" in stored[0]["reason"]

    # data written outside the importer: the stored answer is not current, so it is not used
    graph.driver.execute_query(
        "MATCH (s:ChainSegment {name: '医疗设备'}) "
        "CREATE (e:Enterprise {uid: 'X-1', name: '新增企业', district: '松江区', top_rank: 3})"
        "-[:IN_SEGMENT]->(s) "
        "WITH e MATCH (t:Tier {name: '高新技术企业'}), (u:University {name: '东华大学'}) "
        "CREATE (e)-[:CERTIFIED {year: 2024}]->(t), (e)-[:COLLABORATES_WITH]->(u)",
        database_=graph.database,
    )
    assert resultstore.current(graph, "tier_candidates", None) is None
    live = tier_candidates(graph)
    assert live == compute_candidates(graph) and "新增企业" in {c["name"] for c in live}

    more = tmp_path / "more"
    more.mkdir()
    firm = [
        code(900),
        "松江新星测试科技有限公司",
        "松江区",
        "",
        "卫星互联网",
        "卫星制造",
        "高企（2024）",
        2019,
    ]
    import_files(  # the next import stores the answer again
        graph,
        [
            write_csv(more / "产业链环节.csv", SEGMENT_HEADER, SEGMENTS),
            write_csv(more / "企业名单.csv", ENTERPRISE_HEADER, [firm]),
            write_csv(
                more / "合作关系.csv", COLLABORATION_HEADER, [[code(900), "东华大学", "联合研发", 2025, ""]]
            ),
        ],
    )
    after = resultstore.current(graph, "tier_candidates", None)
    assert after is not None and after == compute_candidates(graph) == tier_candidates(graph)
    assert after != stored and "松江新星测试科技有限公司" in {c["name"] for c in after}
    # another rule is computed from the graph, not read from the store
    wider = tier_candidates(graph, max_rank=5)  # 星链 (科技小巨人) too
    assert wider == compute_candidates(graph, max_rank=5)
    assert "上海星链测试科技有限公司" in {c["name"] for c in wider} and len(wider) == len(after) + 1
