"""The policy 沪松府〔2025〕150号: parsed from its text, repaired, linked with the sentences that say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.dataset.policy import (
    LINKS_FILE,
    POLICY_FILE,
    PolicyError,
    load_links,
    load_policy,
    parse_policy,
    sentence_of,
)
from tests.conftest import count_all, run_kg


def parsed():
    policy = parse_policy()
    load_links(policy)
    return policy


def test_document_sections_and_eleven_measures() -> None:
    policy = parsed()
    assert policy.doc_no == "沪松府〔2025〕150号"
    assert policy.title == "松江区关于加快科技创新全链条发展的若干意见"
    assert policy.issued == "2025-11-11"
    assert [t for _, t in policy.sections] == [
        "构建科技企业梯度培育体系",
        "统筹加强关键核心技术攻关",
        "促进科技创新成果转移转化",
        "建立全链条创新孵化和加速机制",
    ]
    assert [m.no for m in policy.measures] == list(range(1, 12))
    assert [m.section_no for m in policy.measures] == [1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 4]
    titles = {m.no: m.title for m in policy.measures}
    assert titles[1] == "支持高新技术企业发展"
    assert titles[5] == "加快院士（专家）工作站（服务中心）建设"
    assert titles[11] == "推动未来产业集聚发展"
    assert policy.measures[3].section_title == "统筹加强关键核心技术攻关"


def test_page_break_splits_are_repaired() -> None:
    measures = {m.no: m for m in parsed().measures}
    for m in measures.values():
        assert "\n" not in m.text and m.text.endswith("。"), m.no
        assert m.text.startswith(m.title + "。")
    assert "把科技成果的所有权或长期使用权赋予科研团队，加快科创成果转移转化。" in measures[6].text
    assert measures[9].text.endswith("持续孵化新企业、催生新产业、形成新业态。")
    # Nothing after the last measure (抄送, issuing office) leaks into it.
    assert "抄送" not in measures[11].text and measures[11].text.endswith("营造脑机接口优质产业生态。")


def targets_of(measure) -> dict[str, set]:  # noqa: ANN001
    out: dict[str, set] = {}
    for support in measure.supports:
        for group, names in support.targets.items():
            out.setdefault(group, set()).update([names] if names == "all" else names)
    return out


def test_every_measure_supports_what_its_own_sentences_name() -> None:
    measures = {m.no: m for m in parsed().measures}
    targets = {no: targets_of(m) for no, m in measures.items()}
    assert targets[1]["tiers"] == {"高新技术企业", "高新技术企业培育库"}
    assert targets[2]["tiers"] == {
        "科技小巨人培育企业",
        "科技小巨人企业",
        "瞪羚企业",
        "独角兽企业",
        "科技领军企业",
    }
    assert targets[3] == {"tiers": {"科技型中小企业"}}
    # formerly linked to nothing: 攻关, 工作站, 成果转化
    assert targets[4] == {"consortia": {"all"}, "key_segments": {"all"}}
    assert targets[5] == {"workstations": {"all"}, "key_segments": {"all"}}
    assert targets[7] == {"key_segments": {"all"}}
    assert targets[8]["carrier_types"] == {"概念验证中心", "中试基地", "共性技术平台"}
    assert targets[9]["carrier_types"] == {"孵化器", "大学科技园", "加速器"}
    assert targets[10]["chains"] == {"电子信息", "医疗器械", "智能终端", "6G"}
    assert targets[11]["chains"] == {"6G", "卫星互联网", "脑机接口"}
    for m in measures.values():
        assert m.supports, m.no
        for s in m.supports:
            assert s.quote in s.sentence and s.sentence in m.text, (m.no, s.quote)
            assert s.sentence.endswith(("。", "；"))
    # 医疗器械 is named by （十） as a 特色产业 of the park: that develops the park, it attracts no firm
    med = next(s for s in measures[10].supports if "医疗器械" in s.targets.get("chains", []))
    assert med.kinds == ["园区发展"]
    assert med.sentence.startswith("紧扣国家战略和上海市重大产业布局")


def test_sentence_of_cuts_at_sentence_ends() -> None:
    text = "第一句。前半；鼓励甲，支持乙。尾"
    assert sentence_of(text, "支持乙") == "鼓励甲，支持乙。"
    assert sentence_of(text, "第一") == "第一句。"
    assert sentence_of(text, "尾") == "尾"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("瞪羚企业, 独角兽企业", "羚羊企业, 独角兽企业", "羚羊企业"),
        ("quote: 鼓励企业参与科技型中小企业评价", "quote: 鼓励企业参与评价科技型中小企业", "quote not in"),
        (
            "kinds: [梯度培育]\n    tiers: [科技型中小企业]",
            "kinds: [发钱]\n    tiers: [科技型中小企业]",
            "kinds",
        ),
    ],
)
def test_link_file_is_checked(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = LINKS_FILE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "links.yaml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(PolicyError, match=message):
        load_links(parse_policy(), bad)


def test_a_measure_without_links_is_refused(tmp_path: Path) -> None:
    text = LINKS_FILE.read_text(encoding="utf-8")
    start, end = text.index("\n7:\n"), text.index("\n8:\n")
    bad = tmp_path / "links.yaml"
    bad.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(PolicyError, match="（7） supports nothing"):
        load_links(parse_policy(), bad)


def test_a_text_without_measures_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "p.txt"
    broken.write_text("沪松府〔2025〕150号\n《某意见》\n2025年11月11日\n一、总则\n正文\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="measures"):
        parse_policy(broken)


def test_policy_in_the_graph_idempotent_with_provenance(graph) -> None:
    graph.driver.execute_query(
        "UNWIND ['6G', '卫星互联网', '脑机接口', '电子信息', '医疗器械', '智能终端'] AS c "
        "CREATE (:IndustryChain {uid: c, name: c, source: 'test', sample: false})"
    )
    first = load_policy(graph)
    counts = count_all(graph)
    second = load_policy(graph)
    assert count_all(graph) == counts
    assert first.measures == second.measures == 11
    # Tiers and carrier types come from the importer; without them only chains are linked.
    assert first.missing and all(m.startswith(("Tier", "CarrierType")) for m in first.missing)
    records = graph.driver.execute_query(
        "MATCH (m:Measure)-[r:PART_OF]->(p:Policy) RETURN m.no AS no, m.source AS ms, r.source AS rs, "
        "p.source AS ps, m.sample AS sample ORDER BY no"
    ).records
    assert [r["no"] for r in records] == list(range(1, 12))
    for r in records:
        assert r["ms"] == r["rs"] == r["ps"]
        assert r["ms"].startswith(POLICY_FILE.name + "#sha256:") and len(r["ms"].split(":")[-1]) == 64
        assert r["sample"] is False
    linked = graph.driver.execute_query(
        "MATCH (m:Measure {no: 11})-[r:SUPPORTS]->(c:IndustryChain) RETURN c.name AS c, r.sentence AS k"
    ).records
    assert {r["c"] for r in linked} == {"6G", "卫星互联网", "脑机接口"}
    runs = graph.driver.execute_query(
        "MATCH (m:Measure) MATCH (r:ImportRun {uid: m.import_id}) RETURN DISTINCT r.runs AS runs, r.at AS at"
    ).records
    assert len(runs) == 1 and runs[0]["runs"] == 2 and runs[0]["at"]  # when it ran, and how often
    assert all(r["k"] for r in linked)


def test_done_when_query_returns_eleven_measures(graph) -> None:
    load_policy(graph)
    result = run_kg(
        "query", "MATCH (m:Measure) RETURN m.no AS no, m.text AS text ORDER BY no", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["no"] for r in rows] == list(range(1, 12))
    assert "加快科创成果转移转化" in rows[5]["text"] and rows[8]["text"].endswith("形成新业态。")


def test_links_reach_consortia_workstations_key_segments_and_sources_merge(graph) -> None:
    from tests.fixtures_graph import Eco

    eco = Eco()
    eco.chain("6G", [("芯片", "上游", 1, [], True), ("终端", "下游", 1, [])])
    host = eco.enterprise("H", segments=("6G/芯片",))
    eco.consortium("联合体甲", host, chains=("6G",))
    eco.workstation("工作站甲", host)
    eco.load_into(graph)
    # another list asserted measure （五） before: its source must survive the policy load
    graph.driver.execute_query(
        "CREATE (:Measure {uid: $uid, name: 'x', source: 'other.csv', sources: ['other.csv']})",
        uid="沪松府〔2025〕150号/5",
    )
    graph.driver.execute_query(  # a link the link file does not give goes away
        "MATCH (m:Measure {uid: $uid}), (t:Tier {uid: '链主企业'}) CREATE (m)-[:SUPPORTS]->(t)",
        uid="沪松府〔2025〕150号/5",
    )
    load_policy(graph)
    rows = graph.driver.execute_query(
        "MATCH (m:Measure)-[r:SUPPORTS]->(t) WHERE m.no IN [4, 5, 7] "
        "RETURN m.no AS no, labels(t)[0] AS label, t.uid AS uid, r.sentence AS sentence, r.kinds AS kinds "
        "ORDER BY no, label, uid"
    ).records
    got = {(r["no"], r["label"], r["uid"]) for r in rows}
    assert got == {
        (4, "Consortium", "联合体甲"),
        (4, "ChainSegment", "6G/芯片"),
        (5, "Workstation", "工作站甲"),
        (5, "ChainSegment", "6G/芯片"),
        (7, "ChainSegment", "6G/芯片"),
    }
    ws = next(r for r in rows if r["label"] == "Workstation")
    assert "合作共建院士（专家）工作站（服务中心）" in ws["sentence"] and ws["kinds"] == ["产学研"]
    m5 = graph.driver.execute_query(
        "MATCH (m:Measure {no: 5}) RETURN m.source AS source, m.sources AS sources, m.text AS text"
    ).records[0]
    assert m5["source"] == "other.csv" and m5["sources"][0] == "other.csv"
    assert m5["sources"][1].startswith(POLICY_FILE.name) and m5["text"].startswith("加快院士")


def test_stored_policy_gaps_follow_an_import(graph, tmp_path: Path) -> None:
    """The gaps with the measures that answer them (政策对照, 断链补链) are stored per chain after
    `kg load-default`'s steps, equal a computation now, are not used after an outside write, are
    stored again by the next import, and other thresholds are computed on the spot."""
    from kg.analyses import coverage, resultstore
    from kg.analyses.gaps import compute_gaps
    from kg.analyses.store import after_import
    from kg.ingest import import_files
    from tests.ingest_helpers import (
        ENTERPRISE_HEADER,
        SEGMENT_HEADER,
        SEGMENTS,
        code,
        ecosystem_files,
        write_csv,
    )

    def fresh(chain: str | None) -> list[dict]:
        measures = coverage.compute_measures(graph, with_subjects=False)
        rows = compute_gaps(graph, chain)
        return [coverage.gap_measures(r, measures) for r in rows if r["status"] in coverage.NEEDS]

    import_files(graph, ecosystem_files(tmp_path))
    after_import(graph, load_policy(graph))  # as `kg load-default` does
    stored = resultstore.current(graph, "policy_gaps", None)
    assert stored is not None and stored == fresh(None) == coverage.policy_gaps(graph)
    assert {(g["chain"], g["segment"], g["status"]) for g in stored} >= {
        ("卫星互联网", "卫星应用", "断链"),
        ("医疗器械", "医疗设备", "弱链"),
    }
    assert resultstore.current(graph, "policy_gaps", "卫星互联网") == fresh("卫星互联网")
    assert coverage.policy_coverage(graph, "卫星互联网")["gaps"] == fresh("卫星互联网")

    # data written outside the importer: the stored gaps are not current, so they are not used
    graph.driver.execute_query(
        "MATCH (s:ChainSegment {name: '卫星应用'}) "
        "CREATE (:Enterprise {uid: 'X-1', name: '新增企业', district: '松江区', top_rank: 0})"
        "-[:IN_SEGMENT]->(s)",
        database_=graph.database,
    )
    assert resultstore.current(graph, "policy_gaps", None) is None
    live = coverage.policy_gaps(graph)
    assert live == fresh(None) and ("卫星互联网", "卫星应用", "弱链") in {
        (g["chain"], g["segment"], g["status"]) for g in live
    }

    more = tmp_path / "more"
    more.mkdir()
    firm = [
        code(901),
        "松江应用测试科技有限公司",
        "松江区",
        "",
        "卫星互联网",
        "卫星应用",
        "高企（2024）",
        2019,
    ]
    import_files(  # the next import stores the gaps again
        graph,
        [
            write_csv(more / "产业链环节.csv", SEGMENT_HEADER, SEGMENTS),
            write_csv(more / "企业名单.csv", ENTERPRISE_HEADER, [firm]),
        ],
    )
    after = resultstore.current(graph, "policy_gaps", "卫星互联网")
    assert after is not None and after == fresh("卫星互联网") and after != stored
    assert "卫星应用" not in {g["segment"] for g in after}  # two local firms, one 高企: 强链, no gap
    # other thresholds: computed from the graph, not read from the store
    wider = coverage.policy_coverage(graph, "卫星互联网", weak_max_local=1000)["gaps"]
    measures = coverage.compute_measures(graph, with_subjects=False)
    rows = compute_gaps(graph, "卫星互联网", weak_max_local=1000)
    assert wider == [coverage.gap_measures(r, measures) for r in rows if r["status"] in coverage.NEEDS]
    assert len(wider) > len(after)
