"""挂链 suggestions: the pure method (no server), and its measured quality on the labelled set."""

from __future__ import annotations

from benchmarks.linking import load_eval, method_ranking, score, segment_rows
from kg.analyses.linking import baseline, items, suggest

SEGMENTS = [
    {
        "uid": "6G/光模块",
        "chain": "6G",
        "segment": "光模块",
        "keywords": ["光模块", "光收发模块", "硅光芯片"],
        "fields": ["光通信与光电子"],
    },
    {
        "uid": "6G/XR新型终端",
        "chain": "6G",
        "segment": "XR新型终端",
        "keywords": ["AR", "VR", "光波导"],
        "fields": [],
    },
    {
        "uid": "脑机接口/系统集成",
        "chain": "脑机接口",
        "segment": "系统集成",
        "keywords": ["脑机接口"],
        "fields": [],
    },
    {
        "uid": "脑机接口/脑机接口芯片",
        "chain": "脑机接口",
        "segment": "脑机接口芯片",
        "keywords": ["脑机接口芯片"],
        "fields": [],
    },
    {
        "uid": "医疗器械/体外诊断（IVD）",
        "chain": "医疗器械",
        "segment": "体外诊断（IVD）",
        "keywords": ["体外诊断", "IVD", "化学发光"],
        "fields": [],
    },
    {"uid": "新链/新环节", "chain": "新链", "segment": "无人机飞控", "keywords": [], "fields": []},
]
BOILERPLATE = (
    "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；货物进出口；技术进出口。"
    "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）许可项目：第二类增值电信业务。"
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）"
)


def firm(uid: str, scope: str = "", products: str = "", name: str | None = None, **kw):
    return {
        "uid": uid,
        "name": name or uid,
        "credit_code": None,
        "business_scope": scope,
        "main_products": products,
        "fields": kw.get("fields", []),
        "segments": kw.get("segments", []),
    }


def ranked(result):
    out: dict[str, list[str]] = {}
    for s in result.suggestions:
        out.setdefault(s.uid, []).append(s.segment_uid)
    return out


def test_boilerplate_is_dropped_and_matches_nothing():
    assert items(BOILERPLATE) == []
    result = suggest([firm("a", BOILERPLATE, "")], SEGMENTS)
    assert result.firms_with_text == 1 and result.suggestions == []


def test_terms_with_evidence_and_where():
    f = firm("a", BOILERPLATE.replace("软件开发", "光收发模块的研发、生产"), "400G光模块")
    (top, *_) = suggest([f], SEGMENTS).suggestions
    assert top.segment_uid == "6G/光模块" and 0 < top.score <= 1
    assert {(t.term, t.where) for t in top.terms} == {("光模块", "主营产品"), ("光收发模块", "经营范围")}
    assert top.as_row()["status"] == "待确认" and "主营产品：光模块" in top.evidence_text()


def test_longest_term_wins_and_ascii_terms_stand_alone():
    chip = suggest([firm("c", "", "植入式脑机接口芯片")], SEGMENTS)
    assert ranked(chip) == {"c": ["脑机接口/脑机接口芯片"]}  # not 系统集成 through 脑机接口
    arm = suggest([firm("m", "", "ARM架构处理器、VRM电源")], SEGMENTS)
    assert arm.suggestions == []  # AR inside ARM, VR inside VRM
    xr = suggest([firm("x", "", "AR眼镜、光波导镜片")], SEGMENTS)
    assert ranked(xr) == {"x": ["6G/XR新型终端"]}


def test_unrelated_firms_stay_empty():
    firms = [
        firm("r", "餐饮服务；食品销售；" + BOILERPLATE, "中式快餐"),
        firm("l", "道路货物运输（不含危险货物）；普通货物仓储服务；国内货物运输代理", "零担运输"),
        firm("k", "电线、电缆制造；光缆制造；电线、电缆经营", "电力电缆、通信光缆"),
        firm("e", "教育咨询服务（不含涉许可审批的教育培训活动）", "课外辅导"),
    ]
    assert suggest(firms, SEGMENTS).suggestions == []


def test_confirmed_members_teach_a_segment_its_firms():
    ivd = ["医疗器械/体外诊断（IVD）"]
    members = [
        firm(f"m{i}", f"医学检验试剂研发；{w}试剂生产", f"{w}检测试剂盒", segments=ivd)
        for i, w in enumerate(["肿瘤标志物", "心肌标志物", "甲状腺功能"])
    ]
    new = firm("n", "医学检验试剂研发；肿瘤标志物试剂生产；心肌标志物试剂", "检测试剂盒")
    without = suggest([new], SEGMENTS)
    assert without.suggestions == []  # no term of the vocabulary in its text
    taught = suggest([*members, new], SEGMENTS)
    (s,) = [x for x in taught.suggestions if x.uid == "n"]
    assert s.segment_uid == "医疗器械/体外诊断（IVD）" and s.terms == ()
    assert s.similar and s.similar[0].uid in {"m0", "m1"} and s.similar[0].similarity > 0.45
    # a member is never suggested its own segment again
    assert not [x for x in taught.suggestions if x.uid.startswith("m")]


def test_rejected_and_chain_filter_and_names_without_keywords():
    f = firm("a", "", "光模块；AR眼镜")
    assert set(ranked(suggest([f], SEGMENTS))["a"]) == {"6G/光模块", "6G/XR新型终端"}
    left = suggest([f], SEGMENTS, rejected=frozenset({("a", "6G/光模块")}))
    assert ranked(left) == {"a": ["6G/XR新型终端"]}
    assert suggest([f], SEGMENTS, chain="医疗器械").suggestions == []
    drone = suggest([firm("d", "", "无人机飞控系统")], SEGMENTS)  # a segment imported without 关键词
    assert ranked(drone) == {"d": ["新链/新环节"]}


def test_thresholds_are_arguments():
    f = firm("a", "光收发模块销售", "")  # one term, in an item that only sells (counts half)
    (s,) = suggest([f], SEGMENTS).suggestions
    assert suggest([f], SEGMENTS, min_score=s.score + 0.01).suggestions == []
    (full,) = suggest([f], SEGMENTS, sales_weight=1.0).suggestions
    assert full.score > s.score


def test_quality_on_the_labelled_set_meets_the_targets():
    firms, segments = load_eval(), segment_rows()
    assert len(firms) >= 150 and sum(not f["gold"] for f in firms) >= 30
    assert sum(len(f["gold"]) > 1 for f in firms) >= 5
    assert {g.split("/")[0] for f in firms for g in f["gold"]} == {s["chain"] for s in segments}
    ours = score(firms, method_ranking(firms, segments))
    assert ours["p@1"] >= 0.9 and ours["r@3"] >= 0.85 and ours["unrelated"] <= 0.10
    held = score([f for f in firms if f["split"] == "holdout"], method_ranking(firms, segments))
    assert held["p@1"] >= 0.9 and held["r@3"] >= 0.85
    base = score(firms, baseline(firms, segments))
    assert base["r@3"] < ours["r@3"]


def test_jieba_and_the_method_load_with_no_network(monkeypatch):
    """jieba's dictionary ships in its wheel: a fresh tokenizer builds with every connection refused."""
    import socket

    from kg.analyses import linking

    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    linking._tokenizer.cache_clear()
    result = suggest([firm("a", "", "400G光模块")], SEGMENTS)
    assert [s.segment_uid for s in result.suggestions] == ["6G/光模块"]
