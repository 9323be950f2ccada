"""Time and policy on one hand-built ecosystem with the real policy loaded: as-of statuses worked
out by hand, the two-year comparison (analysis, `kg gaps --compare` json, 断链补链 page), the
政策对照 and 梯度培育 pages in AppTest against the suite's real Neo4j."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kg.analyses.coverage import policy_coverage
from kg.analyses.timeline import compare, gaps_as_of
from kg.dataset.policy import load_policy
from kg.explorer.render.model import STATUS_COLOURS
from kg.graph.schema import load_schema
from kg.vocab import BROKEN
from tests.conftest import run_kg
from tests.fixtures_graph import Eco

PAGES = Path(__file__).resolve().parents[1] / "kg" / "explorer" / "pages"
CHAIN = "时光链"


def ecosystem() -> Eco:
    """By hand, at the end of 2022 / 2025:
    甲 (key): F1 founded 2023, 高企 2024; F2 founded 2024, 科小 2024; O outside → 断链 / 强链
    乙: F3 (2010, 科小 2015); F4 (2012, 高企 2024) → 弱链 (2 local, none high-tech) / 强链
    丙: F5 (2010, 高企 2019); F6 (2015, 高企 2020); F7 (2010, 科小 2016 → 高企 2021) → 强链 / 强链
    """
    eco = Eco()
    eco.chain(
        CHAIN,
        [("甲", "上游", 1, ["射频"], True), ("乙", "中游", 1, []), ("丙", "下游", 1, [])],
        [("甲", "乙"), ("乙", "丙")],
    )
    eco.chain("医疗器械", [("耗材", "中游", 1, [])])
    eco.chain("6G", [("芯片", "上游", 1, [], True)])
    u = eco.university("U1", ("射频",))
    seg = f"{CHAIN}/甲"
    f1 = eco.enterprise("F1", segments=(seg,), tiers={"高新技术企业": 2024}, name="甲一科技")
    eco.enterprise("F2", segments=(seg,), tiers={"科技型中小企业": 2024}, name="甲二科技")
    eco.enterprise("O", local=False, segments=(seg, "6G/芯片"), tiers={"高新技术企业": 2010}, name="区外丙")
    eco.enterprise("F3", segments=(f"{CHAIN}/乙",), tiers={"科技型中小企业": 2015}, name="乙三")
    eco.enterprise("F4", segments=(f"{CHAIN}/乙",), tiers={"高新技术企业": 2024}, name="乙四")
    eco.enterprise("F5", segments=(f"{CHAIN}/丙",), tiers={"高新技术企业": 2019}, name="丙五")
    eco.enterprise("F6", segments=(f"{CHAIN}/丙",), tiers={"高新技术企业": 2020}, name="丙六")
    eco.enterprise(
        "F7", segments=(f"{CHAIN}/丙",), tiers={"科技型中小企业": 2016, "高新技术企业": 2021}, name="丙七"
    )
    for uid, year in (
        ("F1", 2023),
        ("F2", 2024),
        ("F3", 2010),
        ("F4", 2012),
        ("F5", 2010),
        ("F6", 2015),
        ("F7", 2010),
    ):
        eco.node("Enterprise", uid, founded_year=year)
    eco.collab(f1, u, year=2024)
    eco.carrier("K1", "孵化器", ("6G",))
    return eco


@pytest.fixture(scope="module")
def eco_graph(session_graph):  # noqa: ANN001
    graph = ecosystem().load_into(session_graph)
    load_policy(graph)
    return graph


def statuses(rows) -> dict[str, str]:  # noqa: ANN001
    return {r["segment"]: r["status"] for r in rows}


def test_as_of_statuses_as_worked_out_by_hand(eco_graph) -> None:  # noqa: ANN001
    assert statuses(gaps_as_of(eco_graph, CHAIN, 2022)) == {"甲": "断链", "乙": "弱链", "丙": "强链"}
    assert statuses(gaps_as_of(eco_graph, CHAIN, 2023)) == {"甲": "弱链", "乙": "弱链", "丙": "强链"}
    assert statuses(gaps_as_of(eco_graph, CHAIN, 2025)) == {"甲": "强链", "乙": "强链", "丙": "强链"}
    a2022 = {r["segment"]: r for r in gaps_as_of(eco_graph, CHAIN, 2022)}
    assert a2022["甲"]["local_count"] == 0 and a2022["乙"]["high_tech_count"] == 0


def test_compare_names_the_segments_and_the_facts_that_changed_them(eco_graph) -> None:  # noqa: ANN001
    result = compare(eco_graph, CHAIN, 2022, 2025)
    assert result["filled"] == ["甲"] and result["strengthened"] == ["乙"] and result["new_gaps"] == []
    seg = {s["segment"]: s for s in result["segments"]}
    assert (seg["甲"]["status_a"], seg["甲"]["status_b"], seg["甲"]["change"]) == (
        "断链",
        "强链",
        "补上的断链",
    )
    assert (seg["乙"]["status_a"], seg["乙"]["status_b"], seg["乙"]["change"]) == ("弱链", "强链", "弱链转强")
    assert [(e["name"], e["founded_year"]) for e in seg["甲"]["enterprises"]] == [
        ("甲一科技", 2023),
        ("甲二科技", 2024),
    ]
    # only what moved the local or the high-tech count: 甲二's 科技型中小企业 award and 甲一's
    # collaboration with U1 changed no status, so neither is named as a reason
    assert {(c["name"], c["tier"], c["year"]) for c in seg["甲"]["certifications"]} == {
        ("甲一科技", "高新技术企业", 2024),
    }
    assert "collaborations" not in seg["甲"]
    assert seg["乙"]["certifications"] == [
        {"name": "乙四", "uid": "F4", "tier": "高新技术企业", "year": 2024}
    ]
    assert not seg["丙"]["changed"]
    backwards = compare(eco_graph, CHAIN, 2025, 2022)
    assert backwards["new_gaps"] == ["甲", "乙"]
    assert {s["segment"]: s["change"] for s in backwards["segments"]}["甲"] == "新增断链"


def test_cli_as_of_and_compare_json(eco_graph) -> None:  # noqa: ANN001
    rows = json.loads(
        run_kg("gaps", "--chain", CHAIN, "--as-of", "2022", "--format", "json", check=True).stdout
    )
    assert statuses(rows) == {"甲": "断链", "乙": "弱链", "丙": "强链"}
    out = run_kg("gaps", "--chain", CHAIN, "--compare", "2022", "2025", "--format", "json", check=True)
    result = json.loads(out.stdout)
    assert result["filled"] == ["甲"] and result["strengthened"] == ["乙"]
    jia = next(s for s in result["segments"] if s["segment"] == "甲")
    assert {e["name"] for e in jia["enterprises"]} == {"甲一科技", "甲二科技"}
    same = run_kg("gaps", "--chain", CHAIN, "--compare", "2022", "2022")
    assert same.returncode != 0 and "two different years" in same.stderr


def test_coverage_on_the_real_policy(eco_graph) -> None:  # noqa: ANN001
    result = policy_coverage(eco_graph)
    assert [m["no"] for m in result["measures"]] == list(range(1, 12))
    assert all(m["supports"] for m in result["measures"] if m["no"] not in (5,))  # no workstation here
    gaps = {(g["chain"], g["segment"]): g for g in result["gaps"]}
    chip = gaps[("6G", "芯片")]  # 断链; （十一） builds 6G incubators and gathers 6G firms
    assert chip["addressed"] and [m["no"] for m in chip["measures"]] == [9, 11]
    assert "加速培育集聚6G行业领军企业" in chip["measures"][1]["sentence"]
    med = gaps[("医疗器械", "耗材")]  # 断链; （十） names the chain, but only as a park's 特色产业
    assert not med["addressed"] and [m["no"] for m in med["related"]] == [10]
    assert result["unaddressed_gaps"] == [
        {"chain": "医疗器械", "gap_segments": ["耗材"], "gap_status": {"耗材": "断链"}}
    ]
    m2 = result["measures"][1]
    assert m2["enterprise_count"] == 0  # no local 小巨人/瞪羚/… here
    m1 = result["measures"][0]
    assert m1["enterprise_count"] == 5 and "甲一科技" in m1["enterprises"]  # local 高企 F1 F4 F5 F6 F7


def page(name: str) -> AppTest:
    return AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    parts += [e.value for e in at.error] + [w.value for w in at.warning] + [s.value for s in at.success]
    return "\n".join(str(p) for p in parts)


def test_policy_page_shows_eleven_measures_with_text_and_unaddressed_gaps(eco_graph) -> None:  # noqa: ANN001
    at = page("policy").run()
    assert not at.exception, at.exception
    measures = at.dataframe[0].value
    numbers = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    assert list(measures["措施"]) == [f"（{n}）" for n in numbers]
    assert all(len(t) > 40 for t in measures["全文"])
    assert "加快科创成果转移转化" in measures["全文"][5]
    at.text_input(key="measure-search").set_value("院士").run()
    assert list(at.dataframe[0].value["措施"]) == ["（五）"]
    at.selectbox(key="measure-pick").set_value("（十一）推动未来产业集聚发展").run()
    assert "营造脑机接口优质产业生态" in texts(at)
    supports = at.dataframe[1].value
    assert "加速培育集聚6G行业领军企业" in " ".join(supports["依据原文"])
    at.selectbox(key="policy-chain").set_value("全部").run()
    gaps = next(df.value for df in at.dataframe if "已有措施回应" in df.value.columns)
    first = gaps.iloc[0]
    assert (first["环节"], first["已有措施回应"]) == ("耗材", "否（无措施回应）")
    assert "1 个缺口没有任何措施" in texts(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载缺口对照 CSV" in labels and "下载 Excel（措施与缺口）" in labels


def test_tiers_page_shows_candidates_with_reasons_and_the_rule(eco_graph) -> None:  # noqa: ANN001
    at = page("tiers").run()
    assert not at.exception, at.exception
    cands = next(df.value for df in at.dataframe if "理由" in df.value.columns)
    assert list(cands["企业"]) == ["甲一科技"]  # 高企, key segment 甲, partner U1
    assert "位于关键环节时光链/甲" in cands["理由"][0] and "U1" in cands["理由"][0]
    at.toggle(key="tier-moves").set_value(True).run()
    moves = next(df.value for df in at.dataframe if "升至" in df.value.columns)
    assert moves.to_dict("records") == [  # F4's 高企 is its first tier: not a move
        {"年份": "2021", "原梯度": "科技型中小企业", "升至": "高新技术企业", "企业数": 1, "企业": "丙七"}
    ]
    at.checkbox(key="tier-partner").uncheck().run()
    cands = next(df.value for df in at.dataframe if "理由" in df.value.columns)
    assert list(cands["企业"]) == ["甲一科技"]  # 乙/丙 are not key segments
    at.checkbox(key="tier-key").uncheck().run()
    cands = next(df.value for df in at.dataframe if "理由" in df.value.columns)
    assert set(cands["企业"]) == {"甲一科技", "乙四", "丙五", "丙六", "丙七"}
    at.selectbox(key="tier-chain").set_value("6G").run()
    assert not any("理由" in df.value.columns for df in at.dataframe)
    assert "没有企业符合" in "\n".join(i.value for i in at.info)


def test_as_of_choice_changes_the_statuses_on_both_pages(eco_graph) -> None:  # noqa: ANN001
    at = page("gaps").run()
    at.selectbox(key="gap-chain").set_value(CHAIN).run()
    table = at.dataframe[0].value
    assert dict(zip(table["环节"], table["状态"], strict=True)) == {"甲": "强链", "乙": "强链", "丙": "强链"}
    at.selectbox(key="gap-as-of").set_value(2022).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert dict(zip(table["环节"], table["状态"], strict=True)) == {"甲": "断链", "乙": "弱链", "丙": "强链"}
    # the measures that apply are one choice away; the comparison names the firms
    at.selectbox(key="gap-measures").set_value(f"{CHAIN}/甲").run()
    assert "没有措施给出所需的招商引育或孵化支持" in texts(at)
    at.toggle(key="gap-compare").set_value(True).run()
    at.selectbox(key=f"cmp-a-{CHAIN}").set_value(2022).run()
    at.selectbox(key=f"cmp-b-{CHAIN}").set_value(2025).run()
    shown = texts(at)
    assert "甲：断链 → 强链（补上的断链）" in shown and "甲一科技（2023年成立）" in shown
    chain_map = page("chain_map").run()
    chain_map.selectbox(key="chain").set_value(CHAIN).run()
    chain_map.selectbox(key="chain-as-of").set_value(2022).run()
    assert not chain_map.exception, chain_map.exception
    # the map is a Components v2 element (kg.explorer.chainpick): its SVG travels in the proto's data
    svg = "\n".join(
        json.loads(c.proto.json)["svg"]
        for c in chain_map.get("bidi_component")
        if c.proto.component_name == "kg_chain_pick"
    )
    assert 'data-status="断链"' in svg and 'data-status="弱链"' in svg


def test_chain_briefing_can_carry_the_change_and_the_policy_briefing_renders(eco_graph) -> None:  # noqa: ANN001
    from kg.explorer.briefing import render_briefing_html
    from kg.explorer.policy_briefing import policy_briefing
    from kg.explorer.policy_views import with_changes
    from kg.explorer.snapshot import chain_briefing

    plain = render_briefing_html(chain_briefing(eco_graph, CHAIN))
    assert "变化" not in plain
    html = render_briefing_html(
        with_changes(chain_briefing(eco_graph, CHAIN), compare(eco_graph, CHAIN, 2022, 2025))
    )
    assert (
        "2022 → 2025 变化" in html
        and "甲：断链 → 强链（补上的断链）" in html
        and "甲一科技（2023年成立）" in html
    )
    policy = render_briefing_html(policy_briefing(policy_coverage(eco_graph)))
    assert "政策覆盖简报" in policy and 'class="kg-policy-matrix"' in policy and "<script" not in policy
    # status cells carry their colour inline (kg.explorer.briefing._cell), no longer an s-断链 class
    broken = f'<td class="status" style="color:#fff;background:{STATUS_COLOURS[BROKEN]}">断链</td>'
    assert broken in policy and "无对口措施" in policy
    assert "医疗器械·耗材（断链）：现有措施无招商引育或孵化支持" in policy


def test_tiers_page_counts_the_chosen_chain_in_the_overviews_colours(eco_graph) -> None:  # noqa: ANN001
    at = page("tiers").run()
    assert not at.exception, at.exception
    [spec] = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    ranked = [t.name for t in sorted(load_schema().tiers, key=lambda t: (-t.rank, t.name))]
    colour = spec["encoding"]["color"]  # the same tier colours as 总览's, legend in rank order
    assert colour["scale"] == {"domain": [*ranked, "无资质"], "scheme": "viridis"}
    assert colour["legend"]["values"] == ranked
    assert "全区本地企业" in "\n".join(h.value for h in at.subheader)
    # 6G's only firm is outside the district: no local certification to count, no move
    at.selectbox(key="tier-chain").set_value("6G").run()
    assert not at.exception, at.exception
    assert "6G产业链本地企业" in "\n".join(h.value for h in at.subheader)
    assert not at.get("vega_lite_chart")
    assert "未掌握分年度的资质认定数据。" in "\n".join(i.value for i in at.info)
    at.toggle(key="tier-moves").set_value(True).run()
    assert "未掌握符合条件的晋级记录。" in "\n".join(c.value for c in at.caption)
    # the chain whose firms hold every local certification: 丙七's move is back
    at.selectbox(key="tier-chain").set_value(CHAIN).run()
    moves = next(df.value for df in at.dataframe if "升至" in df.value.columns)
    assert list(moves["企业"]) == ["丙七"]
