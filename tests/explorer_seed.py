"""A small 6G ecosystem in the contract model (docs/CONTRACTS.md), written with parameterised
Cypher, with hostile names among the firms: the explorer's tests see what a user would."""

from __future__ import annotations

from typing import Any

from kg.graph.schema import cypher, load_schema

CHAIN = "6G"
HOSTILE_IMG = "<img src=x onerror=alert(1)>科技有限公司"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>终端公司"
SEGMENTS = [
    ("射频芯片", "上游", 1, True),
    ("光模块", "上游", 2, False),
    ("基站", "中游", 1, True),
    ("终端设备", "下游", 1, False),
]
FEEDS = [("射频芯片", "基站"), ("光模块", "基站"), ("基站", "终端设备")]
# name, credit-code-like uid, district, segment, [(tier, year)], sample
FIRMS = [
    (
        "上海甲射频科技有限公司",
        "E1",
        "松江区",
        "射频芯片",
        [("高新技术企业", 2023), ("专精特新中小企业", 2024)],
        False,
    ),
    (HOSTILE_IMG, "E2", "松江区", "射频芯片", [("科技型中小企业", 2024)], True),
    ("上海乙光电有限公司", "E3", "松江区", "光模块", [("科技型中小企业", 2023)], True),
    ("苏州丙通信设备有限公司", "E4", "苏州工业园区", "基站", [("高新技术企业", 2022)], True),
    (
        "上海丁智能终端有限公司",
        "E5",
        "松江区",
        "终端设备",
        [("高新技术企业", 2022), ("瞪羚企业", 2024)],
        True,
    ),
    (HOSTILE_SCRIPT, "E6", "松江区", "终端设备", [("高新技术企业", 2024)], True),
]


def _nodes(session: Any, label: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row.setdefault("search_text", row["name"])
        row.setdefault("source", "tests/explorer_seed.py")
        row.setdefault("sample", True)
        row.setdefault("import_id", "run-1")
    session.run(
        cypher("UNWIND $rows AS row MERGE (n:{label} {{uid: row.uid}}) SET n += row", label=label), rows=rows
    ).consume()


def _rels(session: Any, rtype: str, a: str, b: str, rows: list[dict[str, Any]]) -> None:
    session.run(
        cypher(
            "UNWIND $rows AS row MATCH (a:{a} {{uid: row.a}}) MATCH (b:{b} {{uid: row.b}}) "
            "MERGE (a)-[r:{t}]->(b) SET r += row.props",
            a=a,
            b=b,
            t=rtype,
        ),
        rows=[
            {
                "a": r["a"],
                "b": r["b"],
                "props": {"source": "seed", "sample": True, "import_id": "run-1", **r.get("props", {})},
            }
            for r in rows
        ],
    ).consume()


def seed(graph: Any) -> None:
    schema = load_schema()
    with graph.driver.session(database=graph.database) as s:
        _nodes(s, "ImportRun", [{"uid": "run-1", "name": "seed", "at": "2026-01-01T00:00:00"}])
        _nodes(
            s,
            "Tier",
            [{"uid": t.name, "name": t.name, "rank": t.rank, "sample": False} for t in schema.tiers],
        )
        _nodes(s, "IndustryChain", [{"uid": CHAIN, "name": CHAIN, "sample": False}])
        _nodes(
            s,
            "ChainSegment",
            [
                {
                    "uid": f"{CHAIN}/{n}",
                    "name": n,
                    "chain": CHAIN,
                    "position": p,
                    "order": o,
                    "key_segment": k,
                    "sample": False,
                }
                for n, p, o, k in SEGMENTS
            ],
        )
        _rels(
            s,
            "PART_OF",
            "ChainSegment",
            "IndustryChain",
            [{"a": f"{CHAIN}/{n}", "b": CHAIN} for n, *_ in SEGMENTS],
        )
        _rels(
            s,
            "FEEDS",
            "ChainSegment",
            "ChainSegment",
            [{"a": f"{CHAIN}/{a}", "b": f"{CHAIN}/{b}"} for a, b in FEEDS],
        )
        _nodes(s, "TechField", [{"uid": f, "name": f, "sample": False} for f in ("射频", "通信", "光电")])
        _rels(
            s,
            "HAS_FIELD",
            "ChainSegment",
            "TechField",
            [
                {"a": f"{CHAIN}/射频芯片", "b": "射频"},
                {"a": f"{CHAIN}/基站", "b": "通信"},
                {"a": f"{CHAIN}/光模块", "b": "光电"},
            ],
        )
        _nodes(
            s,
            "Enterprise",
            [
                {
                    "uid": uid,
                    "name": name,
                    "name_norm": name,
                    "credit_code": uid,
                    "district": d,
                    "sample": smp,
                }
                for name, uid, d, _seg, _t, smp in FIRMS
            ],
        )
        _rels(s, "IN_CHAIN", "Enterprise", "IndustryChain", [{"a": f[1], "b": CHAIN} for f in FIRMS])
        _rels(
            s,
            "IN_SEGMENT",
            "Enterprise",
            "ChainSegment",
            [{"a": f[1], "b": f"{CHAIN}/{f[3]}"} for f in FIRMS],
        )
        _rels(
            s,
            "CERTIFIED",
            "Enterprise",
            "Tier",
            [{"a": f[1], "b": t, "props": {"year": y}} for f in FIRMS for t, y in f[4]],
        )
        _nodes(
            s,
            "University",
            [{"uid": "东华大学", "name": "东华大学", "name_norm": "东华大学", "sample": False}],
        )
        _rels(
            s,
            "HAS_FIELD",
            "University",
            "TechField",
            [{"a": "东华大学", "b": "通信"}, {"a": "东华大学", "b": "光电"}],
        )
        _nodes(
            s,
            "Expert",
            [{"uid": "张三@东华大学", "name": "张三", "title": "专家", "affiliation": "东华大学"}],
        )
        _rels(s, "AFFILIATED_WITH", "Expert", "University", [{"a": "张三@东华大学", "b": "东华大学"}])
        _rels(s, "HAS_FIELD", "Expert", "TechField", [{"a": "张三@东华大学", "b": "射频"}])
        _nodes(
            s,
            "Workstation",
            [{"uid": "WS1", "name": "上海甲射频专家工作站", "name_norm": "上海甲射频专家工作站"}],
        )
        _rels(s, "HOSTED_BY", "Workstation", "Enterprise", [{"a": "WS1", "b": "E1"}])
        _rels(s, "STATIONED_AT", "Expert", "Workstation", [{"a": "张三@东华大学", "b": "WS1"}])
        _nodes(s, "CarrierType", [{"uid": t, "name": t, "sample": False} for t in schema.carrier_types])
        _nodes(
            s,
            "Carrier",
            [{"uid": "C1", "name": "G60通信孵化器", "name_norm": "G60通信孵化器", "type": "孵化器"}],
        )
        _rels(s, "OF_TYPE", "Carrier", "CarrierType", [{"a": "C1", "b": "孵化器"}])
        _rels(s, "SERVES", "Carrier", "IndustryChain", [{"a": "C1", "b": CHAIN}])
        _nodes(
            s,
            "Consortium",
            [{"uid": "K1", "name": "6G射频创新联合体", "name_norm": "6G射频创新联合体", "focus": "射频前端"}],
        )
        _rels(s, "LEADS", "Enterprise", "Consortium", [{"a": "E1", "b": "K1"}])
        _rels(s, "MEMBER_OF", "Enterprise", "Consortium", [{"a": "E1", "b": "K1"}, {"a": "E5", "b": "K1"}])
        _rels(s, "MEMBER_OF", "University", "Consortium", [{"a": "东华大学", "b": "K1"}])
        _rels(s, "SERVES", "Consortium", "IndustryChain", [{"a": "K1", "b": CHAIN}])
        _rels(
            s,
            "COLLABORATES_WITH",
            "Enterprise",
            "University",
            [
                {
                    "a": "E1",
                    "b": "东华大学",
                    "props": {"type": "联合研发", "year": 2024, "project": "射频前端"},
                },
                {
                    "a": "E6",
                    "b": "东华大学",
                    "props": {"type": "技术转让", "year": 2024, "project": "<b>x</b>"},
                },
            ],
        )
        _rels(
            s,
            "COLLABORATES_WITH",
            "Enterprise",
            "Enterprise",
            [{"a": "E5", "b": "E2", "props": {"type": "联合研发", "year": 2023}}],
        )
        s.run("CALL db.awaitIndexes(60)").consume()
    from kg.analyses import derive, store

    derive.refresh_all(graph)  # what the importer does in its transaction, then after it (issue #11)
    store.refresh(graph)
