"""What the explorer pages and ``kg snapshot`` show, gathered from the analyses and the query library.

Pages hold no Cypher: they call these functions, which turn the analyses' dicts into the
renderers' views and into plain table rows. The analyses are imported lazily, so a page whose
analysis is missing says so in one line instead of failing to load.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kg import querylib as _querylib
from kg.analyses import gaps as gaps_analysis
from kg.analyses import overview as overview_analysis
from kg.analyses import pipeline as pipeline_analysis
from kg.explorer.render import ChainView, Firm, NetEdge, NetNode, NetworkView, SegmentView
from kg.graph.schema import load_schema

STATUSES = ("断链", "弱链", "强链")


def querylib() -> Any:
    """The named-query library (the console lists it; pages fetch through it)."""
    return _querylib


def name_of(value: Any) -> str:
    """A display name for an analysis value that is a name, a dict or a list."""
    if value is None:
        return ""
    if isinstance(value, dict):
        for key in ("name", "segment", "uid", "title", "label"):
            if value.get(key):
                return str(value[key])
        return "，".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return "、".join(name_of(v) for v in value if v not in (None, ""))
    return str(value)


def text_of(value: Any) -> str:
    """Evidence and actions as one readable line."""
    if isinstance(value, dict):
        return "；".join(f"{k}：{text_of(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, (list, tuple)):
        return "；".join(text_of(v) for v in value if v not in (None, ""))
    return "" if value is None else str(value)


def is_sample(*values: Any) -> bool:
    """True when any row or node in view is flagged ``sample``."""
    for value in values:
        if isinstance(value, dict):
            if value.get("sample") is True or any(is_sample(v) for v in value.values()):
                return True
        elif isinstance(value, (list, tuple)):
            if any(is_sample(v) for v in value):
                return True
    return False


# ---------------------------------------------------------------- version, chains


def data_version(graph: Any) -> str:
    """A cheap fingerprint that changes whenever an import changes the data (cache key)."""
    rec = querylib().fetch(graph, "data_version")
    if not rec:
        return "empty"
    return f"{rec[0]['run']}:{rec[0]['nodes']}:{rec[0]['rels']}"


def chains(graph: Any) -> list[str]:
    rows = querylib().fetch(graph, "chains")
    return [str(r.get("chain") or r.get("name")) for r in rows]


# ---------------------------------------------------------------- chain map and gaps


def gap_rows(graph: Any, chain: str | None = None) -> list[dict[str, Any]]:
    return list(gaps_analysis.chain_gaps(graph, chain))


def _strengthen(items: Any) -> str:
    out = []
    for f in items or []:
        if isinstance(f, dict):
            nxt = "、".join(f.get("next_tiers") or [])
            out.append(f"{f.get('name')}（{f.get('tier', '')}{' → ' + nxt if nxt else ''}）")
        else:
            out.append(str(f))
    return "；".join(out)


def _extend(items: Any) -> str:
    out = []
    for f in items or []:
        if isinstance(f, dict):
            src = f.get("from_segment")
            out.append(
                f"{f.get('name')}（{f.get('direction', '')}{src or ''}）" if src else str(f.get("name"))
            )
        else:
            out.append(str(f))
    return "；".join(out)


def _reason(evidence: Any) -> str:
    if isinstance(evidence, dict):
        return str(evidence.get("reason") or "")
    return text_of(evidence)


def _details(evidence: Any) -> str:
    if not isinstance(evidence, dict):
        return ""
    labels = {
        "local": "本地企业",
        "outside": "区外企业",
        "research": "科研力量",
        "carriers": "载体",
        "tech_fields": "技术领域",
        "fed_by": "上游",
        "feeds": "下游",
    }
    parts = []
    for key, label in labels.items():
        value = evidence.get(key)
        if value:
            parts.append(f"{label}：{text_of(value) if isinstance(value, dict) else name_of(value)}")
    if evidence.get("names_truncated"):
        parts.append("（名单已截断）")
    return "；".join(parts)


def gap_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gap list as flat, Chinese-headed rows for tables and downloads."""
    out = []
    for r in rows:
        tiers = r.get("local_by_tier") or {}
        out.append(
            {
                "产业链": r.get("chain", ""),
                "环节": r.get("segment", ""),
                "位置": r.get("position", ""),
                "关键环节": "是" if r.get("key_segment") else "",
                "状态": r.get("status", ""),
                "本地企业数": r.get("local_count", 0),
                "本地梯度分布": text_of(tiers),
                "区外企业数": r.get("outside_count", 0),
                "行动": "、".join(r.get("actions") or []),
                "补链目标": name_of(r.get("targets")),
                "强链对象": _strengthen(r.get("strengthen")),
                "延链来源": _extend(r.get("extend")),
                "科研合作方": name_of(r.get("research_partners")),
                "服务载体": name_of(r.get("carriers")),
                "判定依据": _reason(r.get("evidence")),
                "依据明细": _details(r.get("evidence")),
                "示例数据": "是" if r.get("sample") else "",
            }
        )
    return out


def chain_view(graph: Any, chain: str) -> tuple[ChainView, list[dict[str, Any]]]:
    """The chain map view and the gap rows it is drawn from (status, firms, feeds all come from
    ``gaps.chain_gaps``, so the picture and the gap list can never disagree)."""
    gaps = gap_rows(graph, chain)
    return _view_from_map(chain, overview_analysis.chain_map(graph, chain)), gaps


def _view_from_map(chain: str, raw: dict[str, Any]) -> ChainView:
    segments = [
        SegmentView(
            name=str(s["segment"]),
            position=str(s.get("position") or ""),
            order=int(s.get("order") or 0),
            status=str(s.get("status") or ""),
            key_segment=bool(s.get("key_segment")),
            local_count=int(s.get("local_count") or 0),
            outside_count=int(s.get("outside_count") or 0),
            firms=[
                Firm(
                    str(f.get("name") or f.get("uid")),
                    str(f.get("tier") or ""),
                    int(f.get("rank") or 0),
                    bool(f.get("local")),
                    bool(f.get("sample")),
                )
                for f in s.get("firms") or []
            ],
        )
        for s in raw.get("segments") or []
    ]
    feeds = [(str(f["from"]), str(f["to"])) for f in raw.get("feeds") or []]
    return ChainView(chain, segments, feeds)


def segment_firms(graph: Any, chain: str, segment: str) -> list[dict[str, Any]]:
    """Every enterprise of one segment, local first (the named query segment_enterprises)."""
    rows = querylib().fetch(graph, "segment_enterprises", chain=chain, segment=segment)
    return [
        {
            "企业": r["enterprise"],
            "最高梯度": r.get("top_tier") or "无资质",
            "本地": "是" if r.get("local") else "否",
            "所在区": r.get("district") or "",
            "示例数据": "是" if r.get("sample") else "",
        }
        for r in rows
    ]


LIST_ZH = {
    "name": "名称",
    "kind": "类型",
    "type": "类型",
    "tier": "梯度",
    "next_tiers": "下一梯度",
    "from_segment": "来源环节",
    "direction": "方向",
    "district": "所在区",
    "fields": "技术领域",
    "collaborations": "合作数",
    "sample": "示例数据",
}
KIND_LABELS = {
    "University": "高校",
    "ResearchInstitute": "科研院所",
    "Expert": "专家",
    "Workstation": "工作站",
}


def segment_lists(gap: dict[str, Any], firms: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The lists beside the map for one segment: firms, targets, research partners, carriers."""

    def rows(values: Any) -> list[dict[str, Any]]:
        out = []
        for v in values or []:
            if isinstance(v, dict):
                out.append(
                    {
                        LIST_ZH[k]: ("是" if x else "")
                        if isinstance(x, bool)
                        else KIND_LABELS.get(x, text_of(x))
                        if isinstance(x, str)
                        else text_of(x)
                        for k, x in v.items()
                        if k in LIST_ZH
                    }
                )
            else:
                out.append({"名称": str(v)})
        return out

    return {
        "本环节企业": firms,
        "补链目标（区外企业）": rows(gap.get("targets")),
        "强链对象（本地企业向上培育）": rows(gap.get("strengthen")),
        "延链来源（相邻环节高企）": rows(gap.get("extend")),
        "科研合作方": rows(gap.get("research_partners")),
        "服务载体": rows(gap.get("carriers")),
    }


# ---------------------------------------------------------------- network


def collaboration(graph: Any, chain: str | None = None) -> dict[str, Any]:
    """The stored analysis (never computed in a page); ``status`` says when it is missing or stale."""
    from kg.analyses import store

    found = store.load(graph, chain)
    result = dict(found.result) if found else {k: [] for k in RESULT_KEYS}
    return {**result, "status": store.status_message(found, chain)}


RESULT_KEYS = ("brokers", "communities", "isolates", "bridges", "recommendations")


def today() -> str:
    d = date.today()
    return f"{d.year}年{d.month}月{d.day}日"


def network_edges(graph: Any, chain: str | None = None, max_edges: int = 20000) -> list[dict[str, Any]]:
    """Who is tied to whom (collaborations, consortia, workstations, affiliations), optionally in a chain."""
    return querylib().fetch(graph, "network_ties", chain=chain, max_edges=max_edges)


def community_index(collab: dict[str, Any]) -> dict[str, str]:
    """uid or name → community label, from the collaboration analysis."""
    out: dict[str, str] = {}
    for i, comm in enumerate(collab.get("communities") or []):
        label = f"社区{i + 1}"
        members = comm
        if isinstance(comm, dict):
            label = str(comm.get("name") or comm.get("label") or comm.get("id") or label)
            if not str(label).startswith("社区") and str(label).isdigit():
                label = f"社区{label}"
            members = comm.get("members") or comm.get("nodes") or []
        for m in members or []:
            if isinstance(m, dict):
                for key in ("uid", "name"):
                    if m.get(key):
                        out[str(m[key])] = label
            else:
                out[str(m)] = label
    return out


def build_network(
    edges: list[dict[str, Any]], communities: dict[str, str] | None = None, community: str | None = None
) -> NetworkView:
    """Edges (from :func:`network_edges`) → a view grouped by community (else by kind)."""
    communities = communities or {}
    nodes: dict[str, NetNode] = {}
    out_edges: list[NetEdge] = []
    for e in edges:
        for side in ("a", "b"):
            nid = e[side]
            if nid not in nodes:
                uid, name, label = e[f"{side}_uid"], e[f"{side}_name"] or e[f"{side}_uid"], e[f"{side}_label"]
                group = communities.get(str(uid)) or communities.get(str(name)) or ""
                nodes[nid] = NetNode(nid, str(name), str(label), group, title=f"{name}（{label}）")
        out_edges.append(NetEdge(e["a"], e["b"], str(e.get("detail") or e["rel"])))
    if community:
        keep = {n.id for n in nodes.values() if n.group == community}
        nodes = {k: v for k, v in nodes.items() if k in keep}
        out_edges = [e for e in out_edges if e.source in keep and e.target in keep]
    from kg.explorer.render.network import KIND_ZH

    for n in nodes.values():
        n.title = f"{n.label}（{KIND_ZH.get(n.kind, n.kind)}{'·' + n.group if n.group else ''}）"
    return NetworkView(list(nodes.values()), out_edges)


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


def key_figures(graph: Any) -> dict[str, Any]:
    """The overview's numbers: scalar figures (Chinese labels), enterprises per tier, sample flag."""
    raw = dict(overview_analysis.key_figures(graph))
    figures: dict[str, Any] = {}
    tiers: list[dict[str, Any]] = []
    for key, value in raw.items():
        if key.startswith("sample") or key.endswith("_sample"):
            continue
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            if key in FIGURE_ZH:  # bookkeeping counts (nodes, relationships, sample_*) stay off the page
                figures[FIGURE_ZH[key]] = value
        elif key in ("tiers", "by_tier", "enterprises_by_tier") and isinstance(value, dict):
            tiers = [{"梯度": k, "企业数": v} for k, v in value.items()]
        elif key in ("tiers", "by_tier", "enterprises_by_tier", "local_by_tier") and isinstance(value, list):
            tiers = [
                {"梯度": str(t.get("tier") or name_of(t)), "企业数": t.get("count", t.get("enterprises", 0))}
                for t in sorted(value, key=lambda t: -(t.get("rank") or 0) if isinstance(t, dict) else 0)
                if isinstance(t, dict)
            ]
    sample = bool(raw.get("sample_present") or raw.get("sample") or raw.get("sample_nodes"))
    return {"figures": figures, "tiers": tiers, "sample": sample}


def pipeline_counts(graph: Any) -> Any:
    """Enterprises certified per year and tier, long format for a stacked bar chart."""
    import pandas as pd

    counts = pipeline_analysis.tier_pipeline(graph).get("counts") or []
    rows = []
    if isinstance(counts, dict):
        for year, by_tier in counts.items():
            for tier, n in (by_tier or {}).items():
                rows.append({"年份": str(year), "梯度": tier, "企业数": n})
    else:
        for c in counts:
            rows.append(
                {
                    "年份": str(c.get("year")),
                    "梯度": c.get("tier"),
                    "企业数": c.get("count", c.get("enterprises", 0)),
                }
            )
    return pd.DataFrame(rows, columns=["年份", "梯度", "企业数"])


def gap_summary(graph: Any) -> Any:
    """Per chain: segments by status."""
    import pandas as pd

    rows = gap_rows(graph)
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


def position_rank(position: str) -> int:
    positions = load_schema().positions
    return positions.index(position) if position in positions else len(positions)


def table_rows(items: Any) -> list[dict[str, Any]]:
    """Analysis output (dicts or names) as display rows with plain cell values."""
    out = []
    for item in items or []:
        if isinstance(item, dict):
            out.append({k: text_of(v) if isinstance(v, (list, dict)) else v for k, v in item.items()})
        else:
            out.append({"名称": str(item)})
    return out


def network(graph: Any, chain: str | None, community: str | None) -> tuple[NetworkView, dict[str, Any]]:
    """The stored analysed network (kg.analyses.netview; never computed here), grouped by community."""
    from kg.analyses.collab import KIND_ZH as TIE_ZH
    from kg.analyses.netview import network_view
    from kg.explorer.render.network import KIND_ZH

    collab = collaboration(graph, chain)
    analysed = network_view(graph, chain)
    nodes = []
    for n in analysed.nodes:
        if community and n.community_name != community:
            continue
        group = "·" + n.community_name if n.community_name else ""
        nodes.append(NetNode(n.key, n.name, n.label, n.community_name,
                             title=f"{n.name}（{KIND_ZH.get(n.label, n.label)}{group}）"))
    keep = {n.id for n in nodes}
    edges = [NetEdge(e.a, e.b, "、".join(TIE_ZH.get(k, k) for k in e.kinds), e.weight)
             for e in analysed.edges if e.a in keep and e.b in keep]
    collab["sample_in_view"] = any(n.sample for n in analysed.nodes) or is_sample(collab)
    return NetworkView(nodes, edges), collab


_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def lucene_text(text: str) -> str:
    """User input as a safe Lucene query: specials escaped, each word prefix-matched."""
    words = ["".join("\\" + ch if ch in _LUCENE_SPECIAL else ch for ch in w) for w in text.split()]
    return " AND ".join(f"{w}*" if w.isascii() else w for w in words if w)


def search(graph: Any, text: str, limit: int = 20) -> list[dict[str, Any]]:
    query = lucene_text(text)
    if not query:
        return []
    return querylib().fetch(graph, "search_names", text=query, limit=limit)


def neighbourhood(graph: Any, uid: str, hops: int, label: str | None = None) -> dict[str, Any]:
    return dict(overview_analysis.neighbourhood(graph, uid, hops, label=label))


def node_id(node: dict[str, Any]) -> str:
    return str(node.get("id") or node.get("element_id") or node.get("uid") or node.get("name"))


def neighbourhood_view(hood: dict[str, Any]) -> NetworkView:
    """``overview.neighbourhood`` output (nodes, edges) → a network view grouped by label."""
    nodes = []
    for n in hood.get("nodes") or []:
        label = n.get("label") or (n.get("labels") or [""])[0]
        nodes.append(NetNode(node_id(n), str(n.get("name") or n.get("uid")), str(label), str(label)))
    ids = {n.id for n in nodes}
    edges = []
    for e in hood.get("edges") or []:
        a = str(e.get("source") or e.get("start") or e.get("from"))
        b = str(e.get("target") or e.get("end") or e.get("to"))
        if a in ids and b in ids:
            edges.append(NetEdge(a, b, str(e.get("type") or "")))
    return NetworkView(nodes, edges)


def records_view(records: list[Any], max_nodes: int = 300) -> NetworkView | None:
    """Nodes and relationships in console results as a network view (None when there are none)."""
    from neo4j.graph import Node, Path, Relationship

    nodes: dict[str, NetNode] = {}
    edges: list[NetEdge] = []

    def add_node(n: Node) -> None:
        if n.element_id not in nodes:
            label = sorted(n.labels)[0] if n.labels else ""
            nodes[n.element_id] = NetNode(
                n.element_id, str(n.get("name") or n.get("uid") or label), label, label
            )

    def walk(value: Any) -> None:
        if isinstance(value, Node):
            add_node(value)
        elif isinstance(value, Relationship):
            for end in (value.start_node, value.end_node):
                if end is not None:
                    add_node(end)
            if value.start_node is not None and value.end_node is not None:
                edges.append(NetEdge(value.start_node.element_id, value.end_node.element_id, value.type))
        elif isinstance(value, Path):
            for part in (*value.nodes, *value.relationships):
                walk(part)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for rec in records:
        for value in rec.values():
            walk(value)
    if not nodes:
        return None
    return NetworkView(list(nodes.values()), edges)


def properties(graph: Any, label: str, uid: str) -> dict[str, str]:
    """A node's own properties with Chinese names from the schema (provenance last)."""
    schema = load_schema()
    node = schema.node(label)
    rows = querylib().fetch(graph, "node_properties", uid=uid, label=label)
    if not rows:
        return {}
    raw = rows[0]["p"]
    out = {"类型": node.zh}
    for key, prop in node.properties.items():
        if raw.get(key) not in (None, "", []):
            out[prop.zh] = text_of(raw[key])
    for key, zh in (("source", "来源"), ("sources", "全部来源"), ("sample", "示例数据")):
        if raw.get(key) not in (None, "", []):
            out[zh] = "是" if raw[key] is True else ("否" if raw[key] is False else text_of(raw[key]))
    return out


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


def collab_table(key: str, items: Any) -> list[dict[str, Any]]:
    """One of the collaboration answers as Chinese-headed display rows."""
    from kg.explorer.render.network import KIND_ZH

    columns = COLLAB_COLUMNS.get(key)
    if not columns:
        return table_rows(items)
    out = []
    for item in items or []:
        if not isinstance(item, dict):
            out.append({"名称": str(item)})
            continue
        row = {}
        for k, zh in columns.items():
            if k not in item:
                continue
            v = item[k]
            if k.endswith("label") or k == "label":
                v = KIND_ZH.get(v, v)
            elif k == "label_counts" and isinstance(v, dict):
                v = "，".join(f"{KIND_ZH.get(a, a)} {n}" for a, n in v.items())
            elif k == "id":
                v = f"社区{v}"
            elif k == "local" and item.get("label") != "Enterprise":
                v = ""  # locality (所在区) is defined for enterprises only
            elif isinstance(v, bool):
                v = "是" if v else "否"
            elif isinstance(v, (list, dict)):
                v = text_of(v) if isinstance(v, dict) else "、".join(str(x) for x in v)
            row[zh] = v
        out.append(row)
    return out
