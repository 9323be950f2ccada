"""Chinese-headed display rows: what a planner reads in the explorer's tables and downloads.

Pure functions over the analyses' results (shapes in docs/CONTRACTS.md and docs/analyses.md).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from kg.explorer.fmt import name_of, text_of
from kg.graph.schema import load_schema
from kg.vocab import NO_DATA, NO_TIER, STATUSES, STRONG, WEAK, label_zh

UNKNOWN = NO_DATA

# ---------------------------------------------------------------- gaps


def _strengthen(items: list[dict[str, Any]]) -> str:
    out = []
    for f in items:
        nxt = "、".join(f.get("next_tiers") or [])
        out.append(f"{f['name']}（{f['tier']}{' → ' + nxt if nxt else ''}）")
    return "；".join(out)


def _extend(items: list[dict[str, Any]]) -> str:
    return "；".join(f"{f['name']}（{f['direction']}{f['from_segment']}）" for f in items)


_EVIDENCE_ZH = {
    "local": "本地企业",
    "outside": "区外企业",
    "research": "科研力量",
    "carriers": "载体",
    "tech_fields": "技术领域",
    "fed_by": "上游",
    "feeds": "下游",
}


def _details(evidence: dict[str, Any]) -> str:
    parts = []
    for key, label in _EVIDENCE_ZH.items():
        value = evidence.get(key)
        if value:
            parts.append(f"{label}：{text_of(value) if isinstance(value, dict) else name_of(value)}")
    if evidence.get("names_truncated"):
        parts.append("（名单已截断）")
    return "；".join(parts)


ACTIONS = ("补链", "强链", "延链", "产学研对接")


def partner_name(p: dict[str, Any]) -> str:
    """A research partner as a planner reads it: an expert with their organisation."""
    if p.get("kind") == "Expert":
        return f"{p['name']}（{p.get('affiliation') or '单位' + UNKNOWN}）"
    return str(p["name"])


def research_evidence(partners: list[dict[str, Any]]) -> str:
    """Each partner with why it fits: its own field and source, or "经 王某（东华大学）"."""
    return "；".join(f"{partner_name(p)}【{p.get('evidence') or UNKNOWN}】" for p in partners)


def gap_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gap list (``gaps.chain_gaps`` rows) as flat, Chinese-headed rows for tables and downloads."""
    return [
        {
            "产业链": r["chain"],
            "环节": r["segment"],
            "位置": r["position"] or UNKNOWN,
            "关键环节": "是" if r["key_segment"] else "",
            "状态": r["status"],
            "本地企业数": r["local_count"],
            "本地梯度分布": text_of(r["local_by_tier"]),
            "区外企业数": r["outside_count"],
            "行动": "、".join(r["actions"]),
            "补链目标": name_of(r["targets"]),
            "强链对象": _strengthen(r["strengthen"]),
            "延链来源": _extend(r["extend"]),
            **{f"{a}建议": (r.get("advice") or {}).get(a, "") for a in ACTIONS},
            "科研合作方": name_of(r["research_partners"]),
            "科研合作依据": research_evidence(r["research_partners"]),
            "科研伙伴说明": r.get("research_note") or "",
            "服务载体": name_of(r["carriers"]),
            "判定依据": r["evidence"]["reason"],
            "依据明细": _details(r["evidence"]),
            "示例数据": "是" if r["sample"] else "",
        }
        for r in rows
    ]


def why_no_rows(
    chain: str | None, as_of: int | None, total: int, statuses: list[str], key_only: bool, needle: str
) -> str:
    """Why the gap table shows nothing: no segment data at all, or the filters hide every row."""
    where = f"“{chain}”产业链" if chain else "图谱"
    if not total:
        return f"{where}{f'截至{as_of}年' if as_of else ''}还没有环节数据"
    hidden = []
    if not statuses:
        hidden.append("未选择任何状态")
    elif set(statuses) != set(STATUSES):
        hidden.append(f"只看{'、'.join(statuses)}")
    if key_only:
        hidden.append("只看关键环节")
    if needle:
        hidden.append(f"关键词“{needle}”")
    return f"{where}共{total}个环节，但没有环节同时符合筛选条件：{'；'.join(hidden)}"


def gap_summary(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Per chain: segments by status (rows with ``chain`` and ``status``: gap rows or segment statuses)."""
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame([{"产业链": r["chain"], "状态": r["status"]} for r in rows])
    table = frame.pivot_table(index="产业链", columns="状态", aggfunc="size", fill_value=0)
    for status in STATUSES:
        if status not in table.columns:
            table[status] = 0
    table = table[list(STATUSES)]
    table["环节合计"] = table.sum(axis=1)
    return table.reset_index()


def segment_firm_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The named query segment_enterprises as the 本环节企业 list."""
    return [
        {
            "企业": r["enterprise"],
            "最高梯度": r["top_tier"] or NO_TIER,
            "本地": "是" if r["local"] else "否",
            "所在区": r["district"] or UNKNOWN,
            "示例数据": "是" if r["sample"] else "",
        }
        for r in rows
    ]


_LIST_ZH = {
    "name": "名称",
    "kind": "类型",
    "type": "类型",
    "tier": "梯度",
    "next_tiers": "下一梯度",
    "from_segment": "来源环节",
    "direction": "方向",
    "district": "所在区",
    "fields": "技术领域",
    "affiliation": "所属单位",
    "evidence": "依据",
    "effect": "引进效果",
    "next_step": "下一步",
    "collaborations": "合作数",
    "sample": "示例数据",
}


def _list_rows(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for v in values:
        row: dict[str, Any] = {}
        for k, zh in _LIST_ZH.items():
            if k not in v:
                continue
            x = v[k]
            if isinstance(x, bool):
                row[zh] = "是" if x else ""
            elif k == "kind":
                row[zh] = label_zh(x)
            elif isinstance(x, list):
                row[zh] = "、".join(str(i) for i in x)
            else:
                row[zh] = UNKNOWN if x in (None, "") else x
        out.append(row)
    return out


SEGMENT_LISTS = {
    "本环节企业": None,
    "补链目标（区外企业）": "targets",
    "强链对象（本地企业向上培育）": "strengthen",
    "延链来源（相邻环节高企）": "extend",
    "科研合作方": "research_partners",
    "服务载体": "carriers",
}


def segment_lists(gap: dict[str, Any], firms: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The lists beside the map for one segment: firms, targets, research partners, carriers."""
    return {
        title: (firms if key is None else _list_rows(gap.get(key) or []))
        for title, key in SEGMENT_LISTS.items()
    }


def empty_list_reason(title: str, gap: dict[str, Any]) -> str:
    """Why one of :func:`segment_lists` is empty for this segment, in a sentence a planner reads."""
    status = gap.get("status")
    if not gap:
        return f"该环节的断链补链结果{UNKNOWN}"
    key = SEGMENT_LISTS.get(title)
    if key is None:
        return "图谱中没有登记在本环节的企业"
    if key == "targets":
        if status == STRONG:
            return "本环节为强链，无需补链招引"
        return "图谱中没有本环节的区外企业可供招引"
    if key == "strengthen":
        if status != WEAK:
            return f"强链对象只针对弱链环节（本环节为{status}）"
        return "本环节没有可列出的本地企业"
    if key == "extend":
        if status == STRONG:
            return "本环节为强链，无需延链"
        return "相邻环节没有尚未进入本环节的本地高新技术企业及以上企业"
    if key == "research_partners":
        if gap.get("research_note"):
            return "本环节没有技术领域相同的科研伙伴（最近的领域见上方“科研伙伴”说明）"
        return "没有与本环节技术领域相同的高校、院所或专家"
    return "图谱中没有服务本产业链的创新载体"


# ---------------------------------------------------------------- overview

FIGURE_ZH = {
    "enterprises": "企业",
    "local_enterprises": "松江本地企业",
    "high_tech": "高新技术企业及以上",
    "chains": "产业链",
    "segments": "产业链环节",
    "carriers": "创新载体",
    "workstations": "院士（专家）工作站",
    "consortia": "创新联合体",
    "universities": "高校",
    "institutes": "科研院所",
    "experts": "专家",
    "collaborations": "合作关系",
    "parks": "园区",
    "measures": "政策措施",
}


def figures(raw: dict[str, Any]) -> dict[str, Any]:
    """``key_figures``' headline counts under Chinese labels (bookkeeping counts stay off the page)."""
    return {zh: raw[key] for key, zh in FIGURE_ZH.items() if key in raw}


def unlinked_line(raw: dict[str, Any], chain: str | None = None) -> str:
    """ "本地企业 N 家，其中 M 家未挂链" for the district (no confirmed segment) or one chain (in the
    chain, in none of its segments); empty for figures stored before the count was added."""
    found = [r for r in raw.get("unlinked") or [] if r["chain"] == chain]
    if not found:
        return ""
    row = found[0]
    if chain is None:
        return f"本地企业 {row['local_enterprises']:,} 家，其中 {row['unlinked']:,} 家未挂链（无已确认环节）"
    return (
        f"本链本地企业 {row['local_enterprises']:,} 家，其中 {row['unlinked']:,} 家未挂链"
        "（属于本链但不在其任何环节；挂链建议待确认，不计入）"
    )


def unlinked_frame(raw: dict[str, Any]) -> pd.DataFrame:
    """Per chain: its local firms, and those not in any of its segments."""
    rows = [
        {"产业链": r["chain"], "本地企业": r["local_enterprises"], "未挂链": r["unlinked"]}
        for r in raw.get("unlinked") or []
        if r["chain"] is not None
    ]
    return pd.DataFrame(rows, columns=["产业链", "本地企业", "未挂链"])


def tier_frame(raw: dict[str, Any]) -> pd.DataFrame:
    """Local enterprises per highest tier, every tier of the schema in rank order (zero counts too)."""
    counts = {row["tier"]: row["count"] for row in raw["local_by_tier"]}
    order = tier_order()
    rows = [{"梯度": t, "企业数": counts.get(t, 0)} for t in order]
    rows += [{"梯度": t, "企业数": n} for t, n in counts.items() if t not in order]
    return pd.DataFrame(rows, columns=["梯度", "企业数"])


def tier_order() -> list[str]:
    """Tier names from the highest rank down, then 无资质 (the order of every tier legend)."""
    tiers = sorted(load_schema().tiers, key=lambda t: (-t.rank, t.name))
    return [t.name for t in tiers] + [NO_TIER]


def pipeline_frame(counts: list[dict[str, Any]]) -> pd.DataFrame:
    """Enterprises certified per year and tier (``pipeline.tier_counts``), long format."""
    rows = [{"年份": str(c["year"]), "梯度": c["tier"], "企业数": c["count"]} for c in counts]
    return pd.DataFrame(rows, columns=["年份", "梯度", "企业数"])


# ---------------------------------------------------------------- network

COLLAB_COLUMNS = {
    "brokers": {
        "name": "名称",
        "label": "类型",
        "betweenness": "中介中心度",
        "effective_size": "有效规模",
        "constraint": "约束度",
        "degree": "连接数",
        "chains": "产业链",
        "local": "本地",
    },
    "isolates": {
        "name": "企业",
        "tier": "梯度",
        "chains": "产业链",
        "segments": "环节",
        "enterprise_ties": "企业间合作",
        "research_partners": "科研伙伴",
        "suggested_partners": "建议对接",
        "suggestion_reason": "建议依据",
    },
    "recommendations": {
        "enterprise": "企业",
        "partner": "科研方",
        "partner_label": "类型",
        "score": "得分",
        "shared_fields": "共享技术领域",
        "serves_gaps": "可服务缺口",
        "reason": "理由",
    },
    "communities": {
        "id": "社区",
        "size": "规模",
        "dominant_chains": "主要产业链",
        "label_counts": "主体构成",
        "members": "成员",
    },
    "bridges": {
        "a": "主体A",
        "b": "主体B",
        "a_chains": "A 所在产业链",
        "b_chains": "B 所在产业链",
        "kinds": "关系",
        "weight": "强度",
    },
}
COLLAB_COLUMNS["partners_unknown"] = COLLAB_COLUMNS["isolates"]  # same firms, partners 未掌握


def collab_table(key: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One of the collaboration answers (brokers, isolates, …) as Chinese-headed display rows."""
    columns = COLLAB_COLUMNS[key]
    out = []
    for item in items:
        row = {}
        for k, zh in columns.items():
            if k not in item:
                continue
            v = item[k]
            if k.endswith("label"):
                v = label_zh(v)
            elif k == "label_counts":
                v = "，".join(f"{label_zh(a)} {n}" for a, n in v.items())
            elif k == "id":
                v = f"社区{v}"
            elif k == "local" and item.get("label") != "Enterprise":
                v = ""  # locality (所在区) is defined for enterprises only
            elif isinstance(v, bool):
                v = "是" if v else "否"
            elif isinstance(v, dict):
                v = text_of(v)
            elif isinstance(v, list):
                v = "、".join(str(x) for x in v)
            row[zh] = v
        out.append(row)
    return out


# ---------------------------------------------------------------- 主体画像

_ROW_REF = re.compile(r"^(?P<file>[^#]+)#sha256:(?P<sha>[0-9a-f]+):row (?P<row>\d+)$")


def provenance(source: str) -> str:
    """``file#sha256:…:row N`` as 文件 第 N 行 (a URL or other source stays as it is)."""
    m = _ROW_REF.match(source)
    if not m:
        return source
    return f"{m['file']} 第 {m['row']} 行（文件指纹 {m['sha'][:8]}）"


def _value(value: Any) -> str:
    if value in (None, "", []):
        return UNKNOWN
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def property_rows(label: str, props: dict[str, Any]) -> list[dict[str, str]]:
    """A node's properties as (属性, 值) rows: the schema's Chinese names and readable values.

    Every property the schema declares for ``label`` is listed (未掌握 where the graph has none),
    except normalised names kept for matching; then 示例数据 and provenance (来源)."""
    node = load_schema().node(label)
    rows = [{"属性": "类型", "值": node.zh}]
    for key, prop in node.properties.items():
        if key.endswith("_norm"):
            continue
        rows.append({"属性": prop.zh, "值": _value(props.get(key))})
    rows.append({"属性": "示例数据", "值": "是" if props.get("sample") is True else "否"})
    sources = [str(s) for s in props.get("sources") or []] or (
        [str(props["source"])] if props.get("source") else []
    )
    rows.append({"属性": "来源", "值": "；".join(provenance(s) for s in sources) or UNKNOWN})
    return rows
