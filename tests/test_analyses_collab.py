"""The collaboration network on a hand-built ecosystem: a broker between two groups, a cross-chain
tie, an isolated high-tech firm and an obvious partner for it."""

from __future__ import annotations

import json

import pytest

from kg.analyses import collab
from kg.analyses.collab import collaboration
from tests.conftest import run_kg, wipe
from tests.fixtures_graph import Eco


def ecosystem() -> Eco:
    eco = Eco()
    eco.chain("6G", [("芯片", "上游", 1, ["射频"]), ("基站", "中游", 1, ["通信"])], [("芯片", "基站")])
    eco.chain(
        "脑机接口", [("电极", "上游", 1, ["柔性电子"]), ("算法", "中游", 1, ["脑电"])], [("电极", "算法")]
    )
    hi, lo = {"高新技术企业": 2022}, {"科技型中小企业": 2022}
    e1 = eco.enterprise("E1", segments=("6G/芯片",), tiers=hi)
    e2 = eco.enterprise("E2", segments=("6G/芯片",), tiers=lo)
    e3 = eco.enterprise("E3", segments=("6G/芯片",), tiers=lo)
    f1 = eco.enterprise("F1", segments=("脑机接口/算法",), tiers=hi)
    f2 = eco.enterprise("F2", segments=("脑机接口/算法",), tiers=lo)
    f3 = eco.enterprise("F3", segments=("脑机接口/算法",), tiers=lo)
    for a, b in ((e1, e2), (e2, e3), (e1, e3), (f1, f2), (f2, f3), (f1, f3)):
        eco.collab(a, b)
    u9 = eco.university("U9")  # the broker between the two groups
    eco.collab(e1, u9)
    eco.collab(u9, f1)
    p = eco.enterprise("P", local=False, segments=("6G/基站",))
    q = eco.enterprise("Q", local=False, segments=("脑机接口/电极",))
    eco.collab(p, q)  # the one cross-chain tie
    # Z1: local high-tech firm, only an enterprise partner → isolate; U7 fits it
    z1 = eco.enterprise("Z1", segments=("脑机接口/算法",), tiers=hi, fields=("柔性电子",))
    y1 = eco.enterprise("Y1", local=False)
    eco.collab(z1, y1)
    eco.university("U7", ("柔性电子", "脑电"))
    # high-tech firms with research ties of each kind → not isolates
    z2 = eco.enterprise("Z2", segments=("6G/芯片",), tiers=hi)
    x2 = eco.expert("X2", None, ("通信",))
    eco.workstation("W2", z2, (x2,))
    z3 = eco.enterprise("Z3", segments=("6G/芯片",), tiers=hi)
    u8 = eco.university("U8", ("射频",))
    eco.consortium("C1", z3, (u8,), ("6G",))
    eco.enterprise("Z4", segments=("6G/芯片",), tiers=lo)  # low tier: not counted
    eco.enterprise("Z5", local=False, segments=("6G/芯片",), tiers=hi)  # outside: not counted
    return eco


@pytest.fixture(scope="module")
def eco_graph(session_graph):
    return ecosystem().load_into(session_graph)


@pytest.fixture(scope="module")
def result(eco_graph):
    return collaboration(eco_graph)


def test_exactly_five_keys(result) -> None:
    from kg.analyses.results import CollabAnswers

    assert list(result) == ["brokers", "communities", "isolates", "bridges", "recommendations"]
    assert list(result) == list(CollabAnswers.__annotations__)


def test_broker_between_two_groups_ranks_first(result) -> None:
    top = result["brokers"][0]
    assert top["name"] == "U9" and top["label"] == "University"
    # U9 sits on all 9 shortest paths between {E1,E2,E3} and {F1,F2,F3}; E1 and F1 on 8 each
    assert [b["name"] for b in result["brokers"][1:3]] == ["E1", "F1"]
    assert top["betweenness"] > result["brokers"][1]["betweenness"]
    assert top["effective_size"] == 2.0  # two contacts that do not know each other
    assert top["method"] == "exact"


def test_communities_split_the_groups_with_dominant_chains(result) -> None:
    by_member = {m: c for c in result["communities"] for m in c["members"]}
    assert by_member["E1"] is by_member["E2"] is by_member["E3"]
    assert by_member["F1"] is by_member["F2"] is by_member["F3"]
    assert by_member["E1"] is not by_member["F1"]
    assert by_member["E1"]["dominant_chains"][0] == "6G"
    assert by_member["F1"]["dominant_chains"][0] == "脑机接口"


def test_isolate_is_the_high_tech_firm_without_research_partner(result) -> None:
    assert [(i["name"], i["tier"], i["chains"]) for i in result["isolates"]] == [
        ("Z1", "高新技术企业", ["脑机接口"])
    ]


def test_bridge_is_the_cross_chain_tie(result) -> None:
    assert [(b["a"], b["b"], b["a_chains"], b["b_chains"]) for b in result["bridges"]] == [
        ("P", "Q", ["6G"], ["脑机接口"])
    ]


def test_obvious_pair_is_recommended_first_with_a_reason(result) -> None:
    top = result["recommendations"][0]
    # Z1 ∩ U7 = {柔性电子, 脑电} (2) + U7 serves the broken segment 脑机接口/电极 (+2)
    assert (top["enterprise"], top["partner"], top["score"]) == ("Z1", "U7", 4.0)
    assert top["shared_fields"] == ["柔性电子", "脑电"]
    assert top["serves_gaps"] == ["脑机接口/电极"]
    assert "柔性电子" in top["reason"] and "电极（断链）" in top["reason"]
    nxt = [(r["enterprise"], r["partner"], r["score"]) for r in result["recommendations"][1:4]]
    assert nxt == [("F1", "U7", 3.0), ("F2", "U7", 3.0), ("F3", "U7", 3.0)]
    pairs = {(r["enterprise"], r["partner"]) for r in result["recommendations"]}
    assert ("Z3", "U8") not in pairs  # already in a consortium together
    assert ("E1", "U8") in pairs


def test_chain_filter_and_sampling_are_deterministic(eco_graph) -> None:
    six_g = collaboration(eco_graph, "6G")
    names = {m for c in six_g["communities"] for m in c["members"]}
    assert {"E1", "E2", "E3", "U9", "P", "Q"} <= names and "F2" not in names
    assert six_g["isolates"] == []
    sampled = collaboration(eco_graph, exact_max_nodes=3, sample_k=5, seed=7)
    assert sampled["brokers"][0]["method"] == "sampled k=5 seed=7"
    assert collaboration(eco_graph, exact_max_nodes=3, sample_k=5, seed=7) == sampled


def test_cli_json_has_exactly_five_keys(eco_graph) -> None:
    proc = run_kg("collab", "--format", "json", check=True)
    data = json.loads(proc.stdout)
    assert set(data) == {"brokers", "communities", "isolates", "bridges", "recommendations"}
    assert data["brokers"][0]["name"] == "U9"
    table = run_kg("collab", "--chain", "脑机接口", check=True).stdout
    assert "== brokers" in table and "Z1" in table
    bad = run_kg("collab", "--chain", "没有这条链")
    assert bad.returncode == 1 and "known chains" in bad.stderr


def test_creation_order_does_not_change_the_answer(session_graph) -> None:
    wipe(session_graph)
    ecosystem().write(session_graph)
    reference = collaboration(session_graph)
    for seed in (1, 2):
        wipe(session_graph)
        ecosystem().write(session_graph, shuffle_seed=seed)
        assert collaboration(session_graph) == reference


def test_fast_structural_holes_equal_networkx() -> None:
    import math
    import random

    import networkx as nx

    from kg.analyses import kernels

    g = nx.gnm_random_graph(60, 240, seed=3)
    rng = random.Random(1)
    for a, b in g.edges:
        g[a][b]["weight"] = rng.randint(1, 4)
    some = [n for n in g if g.degree(n)][::3]  # the brokers' figures are computed for a few nodes
    reference = nx.constraint(g, weight="weight")
    assert all(math.isclose(reference[n], v) for n, v in kernels.constraint(g, vertices=some).items())
    sizes = nx.effective_size(g)
    assert all(math.isclose(sizes[n], v) for n, v in kernels.effective_size(g, vertices=some).items())
    assert all(math.isclose(sizes[n], v) for n, v in kernels.effective_size(g).items() if g.degree(n))


def test_sampled_betweenness_work_is_bounded() -> None:
    from kg.analyses.collab import pivots

    # small networks keep sample_k pivots; large ones fewer, so k × ties stays within the budget
    assert pivots(5_000, 10_000) == 500
    assert pivots(100_000, 220_000) == 50
    assert pivots(50_000, 40_000) == 250
    assert pivots(100_000, 40_000) * 40_000 <= 10_000_000
    assert pivots(30, 10_000_000) == 30  # never more pivots than nodes


def test_network_view_has_the_analysed_network_keyed_by_label_and_uid(eco_graph) -> None:
    from kg.analyses import store
    from kg.analyses.netview import network_view

    nothing = network_view(eco_graph)  # the fixture wrote the graph directly: nothing stored yet
    assert nothing.missing and not nothing.nodes and "kg analyse" in nothing.message
    done = run_kg("analyse", check=True)  # what every import runs afterwards
    assert "已计算并存储" in done.stdout and store.load(eco_graph, "6G") is not None
    view = network_view(eco_graph)
    by_name = {n.name: n for n in view.nodes}
    u9 = by_name["U9"]
    assert u9.key == f"University:{u9.uid}" and u9.broker and not u9.isolate
    assert u9.betweenness == max(n.betweenness for n in view.nodes)
    assert by_name["E1"].community == by_name["E2"].community != by_name["F1"].community
    assert by_name["E1"].tier == "高新技术企业" and by_name["E2"].tier == "科技型中小企业"
    assert by_name["Z1"].isolate and not by_name["E1"].isolate
    sizes = {c.id: c.size for c in view.communities}
    e_group = by_name["E1"].community
    assert sum(1 for n in view.nodes if n.community == e_group) == sizes[e_group]
    assert [c.name for c in view.communities if c.id == by_name["F1"].community][0].startswith("脑机接口·")
    assert not view.stale and not view.missing and not view.truncated and view.version and not view.message
    edge = next(e for e in view.edges if {e.a, e.b} == {u9.key, by_name["E1"].key})
    assert edge.weight == 1 and edge.kinds == ["collaboration"]
    one = network_view(eco_graph, community=by_name["F1"].community)
    assert {n.name for n in one.nodes} >= {"F1", "F2", "F3"} and "E1" not in {n.name for n in one.nodes}
    small = network_view(eco_graph, max_nodes=3)
    assert small.truncated and len(small.nodes) == 3 and small.total_nodes == len(view.nodes)
    assert "U9" in {n.name for n in small.nodes}
    kept = {n.key for n in small.nodes}
    assert all(e.a in kept and e.b in kept for e in small.edges)


def test_stored_results_follow_an_import(graph, tmp_path) -> None:
    from kg.analyses import store
    from kg.analyses.netview import network_view
    from kg.ingest import import_files
    from tests.ingest_helpers import big_files, ecosystem_files

    import_files(graph, ecosystem_files(tmp_path))  # the import computes and stores the analyses
    first = store.load(graph)
    assert first is not None and not first.stale
    assert collaboration(graph) == collaboration(graph, stored=False)  # stored = computed now
    assert {s.scope for s in [store.load(graph, c) for c in ("卫星互联网",)] if s} == {"卫星互联网"}
    before = {n.key for n in network_view(graph).nodes}

    more = tmp_path / "more"
    more.mkdir()
    # data written outside the importer: the stored view is shown but marked stale, with the fix
    graph.driver.execute_query(
        "CREATE (:Enterprise {uid: 'X-1', name: '新增企业'})-[:COLLABORATES_WITH]->"
        "(:University {uid: 'X-2', name: '新增高校'})",
        database_=graph.database,
    )
    stale = network_view(graph)
    assert stale.stale and "kg analyse" in stale.message
    assert {n.key for n in stale.nodes} == before
    from kg.explorer import graphreads  # 协同网络 shows the stored (stale) network and says so

    page_view, page_collab = graphreads.analysed_network(graph, None), graphreads.collaboration(graph, None)
    assert {n.key for n in page_view.nodes} == before and "kg analyse" in page_collab["status"]
    # the next import refreshes every stored analysis: the new firms are in the network
    import_files(graph, big_files(more, 40))
    fresh = network_view(graph)
    assert not fresh.stale and not fresh.message
    assert "Enterprise:X-1" in {n.key for n in fresh.nodes}
    assert any(n.name.startswith("规模测试") for n in fresh.nodes)
    assert not store.load(graph, "卫星互联网").stale
    # re-importing the same files changes nothing, so nothing is recomputed
    at = store.load(graph).at
    import_files(graph, big_files(more, 40))
    assert store.load(graph).at == at and not store.load(graph).stale


def test_igraph_kernels_equal_networkx() -> None:
    import math
    import random

    import networkx as nx

    from kg.analyses import kernels

    g = nx.relabel_nodes(nx.gnm_random_graph(400, 1400, seed=5), lambda i: f"n{i:04d}")
    g.add_nodes_from(sorted(g))  # already sorted; keeps the collab.network() order invariant
    rng = random.Random(2)
    for a, b in g.edges:
        g[a][b]["weight"] = rng.randint(1, 3)
    exact = nx.betweenness_centrality(g, normalized=True)
    assert all(math.isclose(exact[k], v, abs_tol=1e-12) for k, v in kernels.betweenness(g).items())
    for k, seed in ((40, 42), (120, 7)):
        ref = nx.betweenness_centrality(g, k=k, normalized=True, seed=seed)
        mine = kernels.betweenness(g, k=k, seed=seed)
        assert all(math.isclose(ref[n], mine[n], rel_tol=1e-9, abs_tol=1e-12) for n in g)
    con = nx.constraint(g, weight="weight")
    assert all(math.isclose(con[n], v) for n, v in kernels.constraint(g).items() if g.degree(n))
    # two dense groups joined by one tie: Louvain (igraph) finds exactly them, seeded and repeatable
    two = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    two = nx.relabel_nodes(two, lambda i: f"m{i:02d}")
    two.add_edge("m00", "m06")
    found = sorted(sorted(c) for c in kernels.louvain(two, seed=1))
    assert found == [[f"m{i:02d}" for i in range(6)], [f"m{i:02d}" for i in range(6, 12)]]
    assert kernels.louvain(g, seed=3) == kernels.louvain(g, seed=3)


def test_an_analysis_that_fails_midway_leaves_the_stored_one_whole(graph, tmp_path, monkeypatch) -> None:
    """The network's arrays are sent before the analysis ends: a failure after that stores nothing."""
    from kg.analyses import store
    from kg.ingest import import_files
    from tests.ingest_helpers import ecosystem_files

    import_files(graph, ecosystem_files(tmp_path))
    before = store.load(graph)
    graph.driver.execute_query(  # new data: the next analysis would store a different network
        "CREATE (:Enterprise {uid: 'X-1', name: '新增企业'})-[:COLLABORATES_WITH]->"
        "(:University {uid: 'X-2', name: '新增高校'})",
        database_=graph.database,
    )

    def broken(*args, **kwargs):
        raise RuntimeError("igraph failed")

    monkeypatch.setattr(collab, "community_groups", broken)
    with pytest.raises(RuntimeError):
        store.refresh(graph, chains=[])
    after = store.load(graph)
    assert after is not None and after.raw == before.raw and after.at == before.at
    assert after.stale  # the data changed and the stored result says so


def test_a_firm_without_research_partners_is_told_why_nobody_is_suggested(graph) -> None:
    from kg.analyses.collab import collaboration_report

    eco = Eco()
    eco.chain("6G", [("芯片", "上游", 1, ["射频"]), ("基站", "中游", 1, ["通信"])], [("芯片", "基站")])
    hi = {"高新技术企业": 2022}
    eco.enterprise("Z1", segments=("6G/基站",), tiers=hi, sample=True)  # 通信: U1 researches it
    eco.enterprise("Z2", segments=("6G/芯片",), tiers=hi, sample=True)  # 射频: nobody does
    eco.enterprise("Z3", tiers=hi, sample=True)  # no segment, no field: its fields are unknown
    eco.university("U1", ("通信",))
    eco.load_into(graph)
    report = collaboration_report(graph)
    firms = {f["name"]: f for f in report["answers"]["isolates"] + report["partners_unknown"]}
    assert set(firms) == {"Z1", "Z2", "Z3"}
    assert firms["Z1"]["suggested_partners"] == ["高校U1"]
    assert "Z1与高校U1共享技术领域：通信" in firms["Z1"]["suggestion_reason"]
    assert firms["Z2"]["suggested_partners"] == []
    nobody = "图谱中没有研究方向涉及本企业技术领域（射频）的高校、院所或专家"
    assert firms["Z2"]["suggestion_reason"] == nobody
    assert firms["Z3"]["suggested_partners"] == []
    assert firms["Z3"]["suggestion_reason"] == "本企业及其所在环节的技术领域未掌握，无从匹配科研伙伴"
