"""Chain gaps on a hand-built ecosystem whose right answers are worked out below."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.analyses.gaps import chain_gaps, classify
from kg.querylib import UnknownChain
from tests.conftest import run_kg, wipe
from tests.fixtures_graph import Eco

# 6G: 射频芯片 (上游 1), 光模块 (上游 2, key) → 基站 (中游 1, key) → 终端设备 (下游 1)
SEGMENTS = [
    ("终端设备", "下游", 1, ["终端"]),
    ("基站", "中游", 1, ["通信系统"], True),
    ("光模块", "上游", 2, ["光通信"], True),
    ("射频芯片", "上游", 1, ["射频"]),
]
FEEDS = [("射频芯片", "基站"), ("光模块", "基站"), ("基站", "终端设备")]


def ecosystem() -> Eco:
    eco = Eco()
    eco.chain("6G", SEGMENTS, FEEDS)
    eco.chain("脑机接口", [("电极", "上游", 1, ["柔性电子"])])
    # 射频芯片: two local firms at high-tech or above → 强链
    a1 = eco.enterprise("A1", segments=("6G/射频芯片",), tiers={"高新技术企业": 2021})
    eco.enterprise("A2", segments=("6G/射频芯片",), tiers={"高新技术企业": 2020, "科技小巨人企业": 2023})
    eco.enterprise("O1", local=False, segments=("6G/射频芯片",), tiers={"高新技术企业": 2022})
    # 光模块: one local firm → 弱链; outside firms are the 补链 targets
    eco.enterprise("B1", segments=("6G/光模块",), tiers={"科技型中小企业": 2022})
    eco.enterprise("O2", local=False, segments=("6G/光模块",), tiers={"链主企业": 2020})
    eco.enterprise("O3", local=False, segments=("6G/光模块",), tiers={"科技型中小企业": 2022})
    o4 = eco.enterprise("O4", local=False, segments=("6G/光模块",), tiers={"高新技术企业": 2022})
    eco.enterprise("O5", local=False, segments=("6G/光模块",), tiers={"高新技术企业": 2022})
    # 基站: two local firms, none high-tech → 弱链 (low tiers only)
    c1 = eco.enterprise("C1", segments=("6G/基站",), tiers={"科技型中小企业": 2021})
    eco.enterprise("C2", segments=("6G/基站",), tiers={"高新技术企业培育库": 2023})
    # 终端设备: no local firm → 断链
    eco.enterprise("O6", local=False, segments=("6G/终端设备",), tiers={"科技型中小企业": 2024})
    # 脑机接口/电极: two local high-tech firms, sample data → 强链
    eco.enterprise("D1", segments=("脑机接口/电极",), tiers={"高新技术企业": 2022}, sample=True)
    eco.enterprise("D2", segments=("脑机接口/电极",), tiers={"高新技术企业": 2022}, sample=True)
    # research and carriers
    u1 = eco.university("U1", ("射频",))
    eco.university("U2", ("光通信", "终端"))
    eco.university("I1", ("终端",), label="ResearchInstitute")
    x1 = eco.expert("X1", u1, ("通信系统",))
    eco.workstation("W1", c1, (x1,))
    eco.carrier("K1", "孵化器", ("6G",))
    eco.collab(o4, a1)
    eco.collab(o4, u1)
    eco.collab(a1, u1)
    return eco


@pytest.fixture(scope="module")
def eco_graph(session_graph):
    return ecosystem().load_into(session_graph)


@pytest.fixture(scope="module")
def rows(eco_graph):
    return {r["segment"]: r for r in chain_gaps(eco_graph, "6G")}


def test_segments_come_upstream_to_downstream(eco_graph) -> None:
    result = chain_gaps(eco_graph, "6G")
    assert [(r["position"], r["segment"]) for r in result] == [
        ("上游", "射频芯片"),
        ("上游", "光模块"),
        ("中游", "基站"),
        ("下游", "终端设备"),
    ]
    assert {r["chain"] for r in result} == {"6G"}


def test_rows_have_exactly_the_typed_shape(rows) -> None:
    """Every row carries exactly the keys GapRow (and its Evidence) declares: no key a reader
    would have to probe for, none missing."""
    from kg.analyses.results import Evidence, GapRow

    for row in rows.values():
        assert set(row) == set(GapRow.__annotations__)
        assert set(row["evidence"]) == set(Evidence.__annotations__)


def test_statuses_follow_the_documented_rules(rows) -> None:
    assert rows["射频芯片"]["status"] == "强链"
    assert rows["光模块"]["status"] == "弱链"  # a single local firm
    assert rows["基站"]["status"] == "弱链"  # two local firms, none high-tech
    assert rows["终端设备"]["status"] == "断链"  # no local firm
    assert rows["射频芯片"]["local_by_tier"] == {"科技小巨人企业": 1, "高新技术企业": 1}
    assert rows["基站"]["local_by_tier"] == {"高新技术企业培育库": 1, "科技型中小企业": 1}
    assert rows["终端设备"]["local_count"] == 0 and rows["终端设备"]["outside_count"] == 1
    assert rows["光模块"]["evidence"]["reason"].startswith("本地企业仅1家")
    assert "无高新技术企业" in rows["基站"]["evidence"]["reason"]


def test_targets_best_first_tier_then_collaborations_then_name(rows) -> None:
    assert [t["name"] for t in rows["光模块"]["targets"]] == ["O2", "O4", "O5", "O3"]
    assert rows["光模块"]["targets"][1]["collaborations"] == 2
    assert [t["name"] for t in rows["终端设备"]["targets"]] == ["O6"]
    assert rows["射频芯片"]["targets"] == []  # strong segments need no 补链
    assert rows["射频芯片"]["outside_count"] == 1


def test_strengthen_and_extend(rows) -> None:
    assert [s["name"] for s in rows["基站"]["strengthen"]] == ["C2", "C1"]
    assert rows["基站"]["strengthen"][0]["next_tiers"] == ["高新技术企业"]
    # strong local firms in the adjacent upstream segment 射频芯片, best first
    assert [(e["name"], e["from_segment"]) for e in rows["基站"]["extend"]] == [
        ("A2", "射频芯片"),
        ("A1", "射频芯片"),
    ]
    assert rows["终端设备"]["extend"] == []  # its neighbour 基站 has no high-tech firm
    assert rows["终端设备"]["actions"] == ["补链", "产学研对接"]
    assert rows["基站"]["actions"] == ["强链", "延链", "产学研对接"]


def test_research_partners_and_carriers_with_evidence(rows) -> None:
    # U1 serves 基站 through its affiliated expert X1 (was missing before #14)
    assert {(p["kind"], p["name"]) for p in rows["基站"]["research_partners"]} == {
        ("University", "U1"),
        ("Expert", "X1"),
        ("Workstation", "W1"),
    }
    assert [p["name"] for p in rows["终端设备"]["research_partners"]] == ["U2", "I1"]
    # the organisation each belongs to: an expert's university, a workstation's host firm; a
    # university is its own (—); an institute's parent is not recorded (None: shown as 未掌握)
    affiliation = {p["name"]: p["affiliation"] for r in rows.values() for p in r["research_partners"]}
    assert affiliation == {"U1": "—", "X1": "U1", "W1": "C1", "U2": "—", "I1": None}
    assert rows["终端设备"]["research_counts"]["University"] == 1
    assert rows["终端设备"]["research_counts"]["ResearchInstitute"] == 1
    assert [c["name"] for c in rows["射频芯片"]["carriers"]] == ["K1"]
    ev = rows["射频芯片"]["evidence"]
    assert ev["local"] == {"科技小巨人企业": ["A2"], "高新技术企业": ["A1"]}
    assert ev["outside"] == ["O1"] and ev["carriers"] == ["K1"]
    assert rows["基站"]["evidence"]["fed_by"] == ["光模块", "射频芯片"]
    assert rows["基站"]["evidence"]["feeds"] == ["终端设备"]
    assert not any(r["sample"] for r in rows.values())


def test_all_chains_and_sample_flag(eco_graph) -> None:
    result = chain_gaps(eco_graph)
    assert [r["chain"] for r in result] == ["6G"] * 4 + ["脑机接口"]
    bci = result[-1]
    assert bci["status"] == "强链" and bci["sample"] is True


def test_thresholds_are_arguments(eco_graph) -> None:
    strict = {r["segment"]: r["status"] for r in chain_gaps(eco_graph, "6G", weak_max_local=2)}
    assert strict["射频芯片"] == "弱链"
    lenient = {r["segment"]: r["status"] for r in chain_gaps(eco_graph, "6G", high_tech_rank=1)}
    assert lenient["基站"] == "强链"
    # in 2020 only A2's 高企 counted: 射频芯片 had two local firms, one of them certified
    then = {r["segment"]: r for r in chain_gaps(eco_graph, "6G", as_of_year=2020)}
    assert then["射频芯片"]["local_by_tier"] == {"高新技术企业": 1, "无资质": 1}


def test_unknown_chain_is_one_line_error_listing_chains(eco_graph) -> None:
    with pytest.raises(UnknownChain, match="known chains: 6G、脑机接口"):
        chain_gaps(eco_graph, "低空经济")
    proc = run_kg("gaps", "--chain", "低空经济")
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "6G" in proc.stderr


def test_cli_json_table_csv(eco_graph) -> None:
    proc = run_kg("gaps", "--chain", "6G", "--format", "json", check=True)
    data = json.loads(proc.stdout)
    required = {
        "chain",
        "segment",
        "position",
        "order",
        "status",
        "local_count",
        "local_by_tier",
        "outside_count",
        "targets",
        "research_partners",
        "carriers",
        "evidence",
        "strengthen",
        "extend",
        "key_segment",
        "sample",
    }
    assert [d["segment"] for d in data] == ["射频芯片", "光模块", "基站", "终端设备"]
    assert all(required <= set(d) for d in data)
    table = run_kg("gaps", "--chain", "6G", check=True).stdout
    assert "断链" in table and "终端设备" in table
    csv_lines = run_kg("gaps", "--chain", "6G", "--format", "csv", check=True).stdout.splitlines()
    assert csv_lines[0].startswith("chain,segment,position")
    assert len(csv_lines) == 5 and "O2" in csv_lines[2]


def test_status_rule_is_monotone() -> None:
    order = {"断链": 0, "弱链": 1, "强链": 2}
    for local in range(0, 5):
        for high in range(0, local + 1):
            now = order[classify(local, high)]
            assert order[classify(local + 1, high + 1)] >= now
            assert order[classify(local + 1, high)] >= now


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tier=st.sampled_from(["高新技术企业", "专精特新中小企业", "科技小巨人企业", "链主企业"]),
    seed=st.integers(0, 10_000),
)
def test_adding_local_high_tech_firm_never_makes_a_broken_segment_worse(session_graph, tier, seed):
    wipe(session_graph)
    eco = ecosystem()
    eco.enterprise("NEW", segments=("6G/终端设备",), tiers={tier: 2024})
    eco.write(session_graph, shuffle_seed=seed)
    rows = {r["segment"]: r for r in chain_gaps(session_graph, "6G")}
    assert rows["终端设备"]["status"] in ("弱链", "强链")
    assert rows["终端设备"]["local_by_tier"] == {tier: 1}
    # nothing else got worse
    assert [rows[s]["status"] for s in ("射频芯片", "光模块", "基站")] == ["强链", "弱链", "弱链"]


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_result_does_not_depend_on_creation_order(session_graph, seed) -> None:
    wipe(session_graph)
    ecosystem().write(session_graph)
    reference = chain_gaps(session_graph)
    wipe(session_graph)
    ecosystem().write(session_graph, shuffle_seed=seed)
    assert chain_gaps(session_graph) == reference


def test_status_only_counts_agree_with_the_full_rows(eco_graph) -> None:
    """The collaboration analysis classifies segments with one counting query (no names); it
    must give every segment the status and counts chain_gaps gives, under any thresholds."""
    from kg.analyses.gaps import segment_statuses

    def view(rows):  # noqa: ANN001, ANN202
        return {
            r["segment_uid"]: (r["chain"], r["segment"], r["status"], r["local_count"], r["high_tech_count"])
            for r in rows
        }

    for thresholds in ({}, {"weak_max_local": 2}, {"high_tech_rank": 1}, {"high_tech_rank": 5}):
        assert view(segment_statuses(eco_graph, **thresholds)) == view(chain_gaps(eco_graph, **thresholds))
    assert {r["segment"]: r["status"] for r in segment_statuses(eco_graph, "6G")} == {
        "射频芯片": "强链",
        "光模块": "弱链",
        "基站": "弱链",
        "终端设备": "断链",
    }


def test_stored_gap_rows_follow_an_import(graph, tmp_path) -> None:
    """Default thresholds read the rows stored after the import; they equal a computation now,
    are replaced when an import changes the data, and other thresholds are computed on the spot."""
    from kg.analyses import resultstore
    from kg.analyses.gaps import compute_gaps
    from kg.ingest import import_files
    from tests.ingest_helpers import big_files, ecosystem_files

    import_files(graph, ecosystem_files(tmp_path))  # computes and stores the analyses
    stored = resultstore.current(graph, "chain_gaps", None)
    assert stored is not None and stored == compute_gaps(graph)
    assert chain_gaps(graph) == stored
    assert resultstore.current(graph, "chain_gaps", "卫星互联网") == compute_gaps(graph, "卫星互联网")
    # the other default-view answers stored with them (总览's statuses and tier counts)
    from kg.analyses import pipeline
    from kg.analyses.gaps import compute_statuses, segment_statuses

    assert resultstore.current(graph, "segment_statuses", None) == compute_statuses(graph)
    assert segment_statuses(graph) == compute_statuses(graph)
    counts = resultstore.current(graph, "tier_counts", None)
    assert counts and counts == pipeline.compute_tier_counts(graph) == pipeline.tier_counts(graph)
    from kg.analyses.coverage import compute_measures

    assert resultstore.current(graph, "policy_measures", None) == compute_measures(graph)
    # 总览's key figures and each chain's map (产业链图谱, the briefings)
    from kg.analyses import overview

    figures = resultstore.current(graph, "key_figures", None)
    assert figures and figures == overview.compute_key_figures(graph) == overview.key_figures(graph)
    chain_map = resultstore.current(graph, "chain_map", "卫星互联网")
    assert chain_map and chain_map["segments"] and chain_map["chain"] == "卫星互联网"
    assert chain_map == overview.compute_chain_map(graph, "卫星互联网")
    assert overview.chain_map(graph, "卫星互联网") == chain_map
    # the rows a caller already has do not stop the stored map being used; a setting does
    rows = chain_gaps(graph, "卫星互联网")
    assert overview.chain_map(graph, "卫星互联网", gaps=rows) == chain_map
    one = overview.chain_map(graph, "卫星互联网", max_firms=0)
    assert one == overview.compute_chain_map(graph, "卫星互联网", max_firms=0) != chain_map

    # data written outside the importer: the stored rows are not current, so they are not used
    graph.driver.execute_query(
        "MATCH (s:ChainSegment) WITH s LIMIT 1 "
        "CREATE (:Enterprise {uid: 'X-1', name: '新增企业', district: '松江区', top_rank: 0})"
        "-[:IN_SEGMENT]->(s)",
        database_=graph.database,
    )
    assert resultstore.current(graph, "chain_gaps", None) is None
    assert chain_gaps(graph) == compute_gaps(graph)
    assert resultstore.current(graph, "key_figures", None) is None
    assert overview.key_figures(graph)["enterprises"] == figures["enterprises"] + 1  # counted now

    more = tmp_path / "more"
    more.mkdir()
    import_files(graph, big_files(more, 40))  # the next import stores the rows again
    after = resultstore.current(graph, "chain_gaps", None)
    assert after is not None and after == compute_gaps(graph) and after != stored
    # a threshold the planner changes is computed from the graph, not read from the store
    wider = chain_gaps(graph, weak_max_local=1000)  # every segment with firms becomes 弱链
    assert wider != after
    assert wider == compute_gaps(graph, weak_max_local=1000)


def test_reimport_refreshes_only_scopes_with_a_missing_answer(graph, tmp_path) -> None:
    """Re-importing the same files recomputes nothing while every stored answer is current; a
    scope that lacks one (a database analysed by an older release) is recomputed and gets it."""
    from kg.analyses import resultstore, store
    from kg.ingest import import_files
    from tests.ingest_helpers import ecosystem_files

    files = ecosystem_files(tmp_path)
    import_files(graph, files)
    version = store.data_version(graph)
    assert set(store.refresh(graph, only_stale=True)) == {"total"}  # nothing recomputed

    graph.driver.execute_query(
        "MATCH (s:StoredResult {uid: 'policy_gaps:*'}) DELETE s", database_=graph.database
    )
    assert resultstore.current(graph, "policy_gaps", None) is None
    import_files(graph, files)  # the same files: the data version is unchanged
    assert store.data_version(graph) == version
    assert resultstore.current(graph, "policy_gaps", None) is not None
