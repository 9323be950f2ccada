"""Answers a planner can defend (#14), on a tiny hand-built ecosystem whose answers are worked out
below: universities through their experts, advice that fits each firm, unknown is not none, and
names a reader understands.

6G: 射频芯片 (上游 1) → 超表面 (上游 2) → 基站 (中游) → 终端 (下游); 射频芯片 → 基站 too.
- 射频芯片: TOP (科技领军企业, rank 7), A1 (高新), P1 (public record, no tier data) → 强链
- 超表面: TOP only → 弱链 (single firm, already at the top rank); outside O1 (高新)
- 基站: L1 (科技型中小企业), L2 (sample, no certification) → 弱链 (no high-tech); outside O2 (科小)
- 终端: no local firm → 断链; outside O3 (科小)
Research: U1 has no field of its own, its expert X1 works on 通信系统 (基站's field); U2 states 射频
itself (with a URL). Nobody works on 超表面 or 终端.
卫星/制造: PUB (public record, 高企, no partner data), KNOWN (高企, a listed tie to a firm only),
SAM (sample, 高企, no tie): only KNOWN and SAM are isolates.
"""

from __future__ import annotations

import pytest

from kg.analyses.collab import collaboration, collaboration_report
from kg.analyses.gaps import chain_gaps, next_tiers
from kg.analyses.naming import community_name, short_name
from kg.analyses.research import no_partner_note
from tests.fixtures_graph import LOCAL, Eco

SOURCE = "https://example.edu/disciplines"


def ecosystem() -> Eco:
    eco = Eco()
    eco.chain(
        "6G",
        [
            ("射频芯片", "上游", 1, ["射频"]),
            ("超表面", "上游", 2, ["超表面"]),
            ("基站", "中游", 1, ["通信系统"]),
            ("终端", "下游", 1, ["终端"]),
        ],
        [("射频芯片", "超表面"), ("射频芯片", "基站"), ("超表面", "基站"), ("基站", "终端")],
    )
    eco.chain("卫星", [("制造", "上游", 1, ["航天"])])
    eco.chain(
        "XR",
        [
            ("光学", "上游", 1, ["光学"]),
            ("芯片", "上游", 2, ["芯片设计"]),
            ("整机", "中游", 1, ["整机"]),
            ("内容", "下游", 1, ["内容"]),
        ],
        [("光学", "整机"), ("芯片", "整机"), ("整机", "内容")],
    )
    eco.university("U3", ("芯片设计",))
    hi = {"高新技术企业": 2021}
    top = eco.enterprise(
        "TOP", segments=("6G/射频芯片", "6G/超表面"), tiers={"高新技术企业": 2018, "科技领军企业": 2023}
    )
    a1 = eco.enterprise("A1", segments=("6G/射频芯片",), tiers=hi)
    eco.enterprise("P1", segments=("6G/射频芯片",))
    eco.enterprise("O1", local=False, segments=("6G/超表面",), tiers=hi)
    eco.enterprise("L1", segments=("6G/基站",), tiers={"科技型中小企业": 2022})
    eco.enterprise("L2", segments=("6G/基站",), sample=True)
    eco.enterprise("O2", local=False, segments=("6G/基站",), tiers={"科技型中小企业": 2022})
    o3 = eco.enterprise("O3", local=False, segments=("6G/终端",), tiers={"科技型中小企业": 2022})
    u1 = eco.university("U1")
    eco.expert("X1", u1, ("通信系统",))
    u2 = eco.university("U2")
    eco.rel("HAS_FIELD", u2, eco.field("射频"), source=SOURCE)
    for firm in (a1, top, o3):  # U2 is the hub of the 6G group
        eco.collab(u2, firm)
    eco.enterprise("PUB", segments=("卫星/制造",), tiers=hi)
    known = eco.enterprise("KNOWN", segments=("卫星/制造",), tiers=hi)
    eco.collab(known, eco.enterprise("Y1", local=False))
    eco.enterprise("SAM", segments=("卫星/制造",), tiers=hi, sample=True)
    return eco


@pytest.fixture(scope="module")
def eco_graph(session_graph):
    return ecosystem().load_into(session_graph)


@pytest.fixture(scope="module")
def rows(eco_graph):
    return {r["segment"]: r for r in chain_gaps(eco_graph, "6G")}


@pytest.fixture(scope="module")
def report(eco_graph):
    return collaboration_report(eco_graph)


# -- 1. universities and institutes in research matching ---------------------------------------


def test_segment_served_only_through_an_expert_lists_the_experts_university(rows) -> None:
    partners = rows["基站"]["research_partners"]
    assert [(p["kind"], p["name"]) for p in partners] == [("University", "U1"), ("Expert", "X1")]
    u1, x1 = partners
    assert u1["fields"] == ["通信系统"] and u1["via_experts"] == ["X1"]
    assert u1["evidence"] == "通信系统：经 X1（U1）"
    assert x1["affiliation"] == "U1"
    assert rows["基站"]["research_counts"] == {
        "University": 1,
        "ResearchInstitute": 0,
        "Expert": 1,
        "Workstation": 0,
    }
    assert rows["基站"]["evidence"]["research"] == {"University": ["U1"], "Expert": ["X1（U1）"]}
    assert "U1" in rows["基站"]["advice"]["产学研对接"] and "X1（U1）" in rows["基站"]["advice"]["产学研对接"]


def test_a_universitys_own_field_cites_its_source(rows) -> None:
    [u2] = rows["射频芯片"]["research_partners"]
    assert u2["name"] == "U2" and u2["via_experts"] == []
    assert u2["evidence"] == f"射频：学科/平台方向（来源：{SOURCE}）"


def test_segment_without_partner_says_so_and_names_the_nearest_field(rows) -> None:
    # 终端's only neighbour 基站 is served on 通信系统 by U1 and X1
    assert rows["终端"]["research_partners"] == []
    note = rows["终端"]["research_note"]
    assert "未掌握" in note and note.endswith("通信系统（相邻环节基站，2个科研伙伴）")
    # 超表面 (上游): neighbours 射频芯片 (上游 too: a sibling, 射频, U2) and 基站 (通信系统, 2 partners);
    # the sibling's field first, as the technologically nearest
    assert rows["超表面"]["research_note"].endswith(
        "射频（相邻环节射频芯片，1个科研伙伴）；通信系统（相邻环节基站，2个科研伙伴）"
    )
    assert rows["基站"]["research_note"] is None


def test_nearest_field_one_segment_further_when_neighbours_have_none(eco_graph) -> None:
    # XR: 光学 → 整机 → 内容, 芯片 → 整机; only 芯片's field has a partner (U3)
    rows = {r["segment"]: r for r in chain_gaps(eco_graph, "XR")}
    assert rows["光学"]["research_note"].endswith(
        "最近的有科研伙伴的领域：芯片设计（隔一环节芯片，1个科研伙伴）"
    )
    assert rows["整机"]["research_note"].endswith("芯片设计（相邻环节芯片，1个科研伙伴）")
    assert rows["芯片"]["research_note"] is None
    assert no_partner_note({"fields": ["甲"]}, [], hops=2).endswith(
        "上下游2级以内环节的技术领域亦未掌握科研伙伴"
    )


def test_recommendations_pair_firms_with_universities_and_show_expert_affiliation(report) -> None:
    recs = {(r["enterprise"], r["partner"]): r for r in report["answers"]["recommendations"]}
    u1 = recs[("L1", "U1")]
    assert u1["partner_label"] == "University" and u1["shared_fields"] == ["通信系统"]
    assert u1["via_experts"] == ["X1"]
    # one shared field + the gap 基站 (弱链) of L1's own chain: 1 + 2
    assert u1["score"] == 3.0
    assert u1["reason"].startswith(
        "L1与高校U1共享技术领域：通信系统（经 X1）；对方研究方向可服务本链缺口环节：6G·基站（弱链）"
    )
    x1 = recs[("L1", "X1")]
    assert x1["partner_affiliation"] == "U1" and "专家X1（U1）" in x1["reason"]


# -- 2. advice that fits the firm: one test per action type ---------------------------------------


def test_strengthen_never_proposes_an_upgrade_to_a_top_rank_firm(rows) -> None:
    weak = rows["超表面"]
    assert weak["status"] == "弱链"
    [top] = weak["strengthen"]
    assert top["name"] == "TOP" and top["tier"] == "科技领军企业" and top["next_tiers"] == []
    assert "培育至" not in top["next_step"] and "第二家本地企业" in top["next_step"]
    assert "培育至" not in weak["advice"]["强链"]


def test_strengthen_steps_are_the_next_tier_each_firm_can_take(rows) -> None:
    steps = {f["name"]: f for f in rows["基站"]["strengthen"]}
    assert steps["L1"]["next_step"] == "培育至高新技术企业培育库"
    assert steps["L2"]["tier"] == "无资质"  # sample data: no certification is known
    assert steps["L2"]["next_step"] == "培育至科技型中小企业"
    for row in rows.values():
        for f in row["strengthen"]:
            assert all(t in next_tiers(f["rank"]) for t in f["next_tiers"])


def test_targets_are_outside_firms_and_say_what_they_change(rows) -> None:
    assert [(t["name"], t["effect"]) for t in rows["超表面"]["targets"]] == [("O1", "引进后弱链→强链")]
    assert [(t["name"], t["effect"]) for t in rows["终端"]["targets"]] == [("O3", "引进后断链→弱链")]
    # 基站 lacks a high-tech firm: attracting another 科小 leaves it weak, and the answer says so
    assert rows["基站"]["targets"][0]["effect"].startswith("引进后仍为弱链")
    assert rows["射频芯片"]["targets"] == []
    assert all(t["district"] != LOCAL for r in rows.values() for t in r["targets"])


def test_extend_never_proposes_a_firm_already_in_the_segment(rows) -> None:
    # TOP is in 射频芯片 (upstream of 超表面) but already in 超表面: only A1 can extend into it
    assert [(e["name"], e["from_segment"]) for e in rows["超表面"]["extend"]] == [("A1", "射频芯片")]
    assert [e["name"] for e in rows["基站"]["extend"]] == ["TOP", "A1"]
    for row in rows.values():
        inside = {f["name"] for f in row["strengthen"]}
        assert not inside & {e["name"] for e in row["extend"]}


def test_research_matching_proposed_only_with_a_partner_sharing_a_field(rows) -> None:
    assert "产学研对接" in rows["基站"]["actions"]
    assert "产学研对接" not in rows["终端"]["actions"] and "产学研对接" not in rows["终端"]["advice"]
    assert "产学研对接" not in rows["射频芯片"]["actions"]  # 强链: no action needed
    for row in rows.values():
        fields = set(row["evidence"]["tech_fields"])
        assert all(set(p["fields"]) & fields for p in row["research_partners"])


# -- 4. unknown is not none ----------------------------------------------------------------------


def test_public_record_without_partner_data_is_not_an_isolate_and_shows_no_data(report) -> None:
    isolates = report["answers"]["isolates"]
    assert [i["name"] for i in isolates] == ["KNOWN", "SAM"]
    assert all(i["research_partners"] == "无（据已导入名单）" for i in isolates)
    [pub] = report["partners_unknown"]
    assert pub["name"] == "PUB" and pub["research_partners"] == "未掌握" and pub["partners_known"] is False


def test_collaboration_keeps_its_five_answers_and_agrees_with_the_report(eco_graph, report) -> None:
    assert collaboration(eco_graph) == report["answers"]


def test_public_record_without_tier_data_shows_no_data(rows) -> None:
    assert rows["射频芯片"]["local_by_tier"] == {"科技领军企业": 1, "高新技术企业": 1, "未掌握": 1}
    assert rows["射频芯片"]["evidence"]["local"]["未掌握"] == ["P1"]


# -- 5. names a reader understands -----------------------------------------------------------------


def test_communities_are_named_after_chain_field_and_hub(report) -> None:
    by_member = {m: c for c in report["answers"]["communities"] for m in c["members"]}
    six_g = by_member["U2"]
    assert sorted(six_g["members"]) == ["A1", "O3", "TOP", "U2"]
    assert six_g["name"] == "6G·射频（U2等）" and six_g["hub"] == "U2"


def test_empty_answers_carry_a_reason(report) -> None:
    assert report["answers"]["bridges"] == []
    assert "跨链连接" in report["empty_reasons"]["bridges"]
    assert "isolates" not in report["empty_reasons"]


def test_short_names_and_community_name() -> None:
    assert short_name("示例·上海锐康通信技术有限公司") == "锐康通信"
    assert short_name("示例·上海瑞凌医学影像科技有限公司") == "瑞凌"
    assert short_name("东华大学", "University") == "东华大学"
    assert community_name("6G", "射频与微波器件", "锐康") == "6G·射频与微波器件（锐康等）"
    assert community_name(None, None, None) == "领域未掌握"
