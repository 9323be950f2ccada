"""The policy 沪松府〔2025〕150号: parsed from its text, repaired, linked by the keyword map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.dataset.policy import (
    KEYWORDS_FILE,
    POLICY_FILE,
    PolicyError,
    link_measures,
    load_keywords,
    load_policy,
    parse_policy,
)
from tests.conftest import count_all, run_kg


def parsed():
    policy = parse_policy()
    link_measures(policy, load_keywords())
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


def test_measures_link_to_the_chains_tiers_and_carriers_they_name() -> None:
    targets = {m.no: m.targets for m in parsed().measures}
    assert targets[1]["Tier"] == ["高新技术企业", "高新技术企业培育库"]
    assert {"科技小巨人培育企业", "科技小巨人企业", "瞪羚企业", "独角兽企业", "科技领军企业"} == set(
        targets[2]["Tier"]
    )
    assert targets[3] == {"Tier": ["科技型中小企业"]}
    assert set(targets[8]["CarrierType"]) == {"概念验证中心", "中试基地", "共性技术平台"}
    assert set(targets[9]["CarrierType"]) == {"孵化器", "大学科技园", "加速器"}
    assert set(targets[10]["IndustryChain"]) == {"电子信息", "医疗器械", "智能终端", "6G"}
    assert set(targets[11]["IndustryChain"]) == {"6G", "卫星互联网", "脑机接口"}
    assert {"孵化器", "概念验证中心"} <= set(targets[11]["CarrierType"])
    assert targets[4] == {} and targets[5] == {}  # 攻关 and 工作站: nothing in the three lists


def test_keyword_map_must_use_schema_names(tmp_path: Path) -> None:
    bad = tmp_path / "keywords.yaml"
    bad.write_text(
        KEYWORDS_FILE.read_text(encoding="utf-8").replace("瞪羚企业: [瞪羚]", "羚羊企业: [瞪羚]"),
        encoding="utf-8",
    )
    with pytest.raises(PolicyError, match="羚羊企业"):
        load_keywords(bad)


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
        "MATCH (m:Measure {no: 11})-[r:SUPPORTS]->(c:IndustryChain) RETURN c.name AS c, r.keywords AS k"
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
