"""The collaboration network: brokers, communities, isolates, bridges and recommended pairs.

The server builds the weighted edge list (``collab_edges.cypher``) and finds isolates and candidate
pairs (``collab_isolates``, ``collab_recommendations``); networkx only sees the edge list — the
organisations that have a tie at all (bounded further by ``chain``). Betweenness is exact up to
``exact_max_nodes`` nodes and sampled with ``seed`` above. Definitions: ``docs/analyses.md``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from kg.analyses.gaps import BROKEN, HIGH_TECH_RANK, WEAK, chain_gaps
from kg.graph.schema import load_schema
from kg.querylib import check_chain, fetch

LABEL_ZH = {"Enterprise": "企业", "University": "高校", "ResearchInstitute": "科研院所", "Expert": "专家"}
KIND_ZH = {"collaboration": "合作", "consortium": "联合体", "workstation": "工作站", "affiliation": "任职"}


def network(graph: Any, chain: str | None = None) -> nx.Graph:
    """The undirected weighted organisation network; nodes keyed "Label:uid", added in sorted order."""
    rows = fetch(graph, "collab_edges", chain=chain, local_district=load_schema().local_district)
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        for side in ("a", "b"):
            key = row[f"{side}_key"]
            nodes.setdefault(key, {"label": row[f"{side}_label"], "name": row[f"{side}_name"] or key,
                                   "local": row[f"{side}_local"], "sample": row[f"{side}_sample"],
                                   "chains": sorted(set(row[f"{side}_chains"]))})
        a, b = sorted((row["a_key"], row["b_key"]))
        if a == b:
            continue
        edge = edges.setdefault((a, b), {"weight": 0, "kinds": set(), "sample": False})
        edge["weight"] += row["weight"]
        edge["kinds"].add(row["kind"])
    g = nx.Graph()
    for key in sorted(nodes):
        g.add_node(key, **nodes[key])
    for (a, b) in sorted(edges):
        edge = edges[(a, b)]
        g.add_edge(a, b, weight=edge["weight"], kinds=sorted(edge["kinds"]))
    return g


def _name_key(g: nx.Graph, key: str) -> tuple[str, str]:
    return (g.nodes[key]["name"], key)


def brokers(g: nx.Graph, *, exact_max_nodes: int = 2000, sample_k: int = 500, seed: int = 42,
            max_brokers: int = 20) -> list[dict[str, Any]]:
    """Organisations by betweenness (hop distance), with Burt's effective size and constraint."""
    n = g.number_of_nodes()
    if n == 0:
        return []
    if n <= exact_max_nodes:
        centrality = nx.betweenness_centrality(g, normalized=True)
        method = "exact"
    else:
        k = min(sample_k, n)
        centrality = nx.betweenness_centrality(g, k=k, normalized=True, seed=seed)
        method = f"sampled k={k} seed={seed}"
    ranked = sorted((key for key in g if centrality[key] > 0),
                    key=lambda key: (-round(centrality[key], 12), *_name_key(g, key)))[:max_brokers]
    eff = nx.effective_size(g, nodes=ranked, weight="weight")
    con = nx.constraint(g, nodes=ranked, weight="weight")
    out = []
    for key in ranked:
        node = g.nodes[key]
        out.append({"key": key, "name": node["name"], "label": node["label"],
                    "betweenness": round(centrality[key], 6),
                    "effective_size": round(eff[key], 4), "constraint": round(con[key], 4),
                    "degree": g.degree(key), "chains": node["chains"], "local": node["local"],
                    "sample": node["sample"], "method": method})
    return out


def communities(g: nx.Graph, *, seed: int = 42, max_members: int = 50,
                min_size: int = 2) -> list[dict[str, Any]]:
    """Louvain communities (weighted, fixed seed), largest first, with their dominant chains."""
    if g.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(g, weight="weight", seed=seed)
    groups = [sorted(c, key=lambda key: _name_key(g, key)) for c in found if len(c) >= min_size]
    groups.sort(key=lambda members: (-len(members), _name_key(g, members[0])))
    out = []
    for i, members in enumerate(groups, start=1):
        chains = Counter(c for key in members for c in g.nodes[key]["chains"])
        labels = Counter(g.nodes[key]["label"] for key in members)
        out.append({
            "id": i, "size": len(members),
            "dominant_chains": [c for c, _ in sorted(chains.items(), key=lambda x: (-x[1], x[0]))[:3]],
            "chain_counts": dict(sorted(chains.items(), key=lambda x: (-x[1], x[0]))),
            "label_counts": dict(sorted(labels.items())),
            "members": [g.nodes[key]["name"] for key in members[:max_members]],
            "members_truncated": len(members) > max_members,
            "sample": any(g.nodes[key]["sample"] for key in members),
        })
    return out


def bridges(g: nx.Graph, *, max_bridges: int = 50) -> list[dict[str, Any]]:
    """Ties whose two ends both belong to chains, and to no chain in common."""
    found = []
    for a, b, data in g.edges(data=True):
        ca, cb = set(g.nodes[a]["chains"]), set(g.nodes[b]["chains"])
        if ca and cb and not ca & cb:
            if _name_key(g, b) < _name_key(g, a):
                a, b, ca, cb = b, a, cb, ca
            found.append({"a": g.nodes[a]["name"], "b": g.nodes[b]["name"],
                          "a_label": g.nodes[a]["label"], "b_label": g.nodes[b]["label"],
                          "a_chains": sorted(ca), "b_chains": sorted(cb), "kinds": data["kinds"],
                          "weight": data["weight"],
                          "sample": g.nodes[a]["sample"] or g.nodes[b]["sample"]})
    found.sort(key=lambda r: (-r["weight"], r["a"], r["b"]))
    return found[:max_bridges]


def recommendations(graph: Any, chain: str | None, gap_rows: list[dict[str, Any]], *,
                    min_rank: int = 0, field_weight: float = 1.0, gap_weight: float = 2.0,
                    limit: int = 50) -> list[dict[str, Any]]:
    """Enterprise–research pairs with no tie yet, scored on shared fields and gaps they could serve."""
    gaps = {r["segment_uid"]: r for r in gap_rows if r["status"] in (BROKEN, WEAK)}
    rows = fetch(graph, "collab_recommendations", chain=chain,
                 local_district=load_schema().local_district, min_rank=min_rank,
                 gap_segments=sorted(gaps), field_weight=field_weight, gap_weight=gap_weight,
                 limit=limit)
    out = []
    for row in rows:
        shared = sorted(set(row["shared"]))
        served = sorted({uid for uid in row["gaps"]},
                        key=lambda uid: (gaps[uid]["chain"], gaps[uid]["segment"]))
        text = f"{row['enterprise']}与{LABEL_ZH.get(row['partner_label'], '')}{row['partner']}" \
               f"共享技术领域：{'、'.join(shared)}"
        if served:
            segs = "、".join(f"{gaps[u]['chain']}·{gaps[u]['segment']}（{gaps[u]['status']}）" for u in served)
            text += f"；对方研究方向可服务本链缺口环节：{segs}"
        text += "；双方尚无合作、联合体或工作站关系。"
        out.append({"enterprise": row["enterprise"], "enterprise_uid": row["enterprise_uid"],
                    "partner": row["partner"], "partner_uid": row["partner_uid"],
                    "partner_label": row["partner_label"], "score": round(row["score"], 4),
                    "shared_fields": shared,
                    "serves_gaps": [f"{gaps[u]['chain']}/{gaps[u]['segment']}" for u in served],
                    "reason": text, "sample": row["sample"]})
    return out


def collaboration(
    graph: Any,
    chain: str | None = None,
    *,
    exact_max_nodes: int = 2000,
    sample_k: int = 500,
    seed: int = 42,
    max_brokers: int = 20,
    max_members: int = 50,
    max_bridges: int = 50,
    max_recommendations: int = 50,
    high_tech_rank: int = HIGH_TECH_RANK,
    recommend_min_rank: int = 0,
    field_weight: float = 1.0,
    gap_weight: float = 2.0,
) -> dict[str, list[dict[str, Any]]]:
    """The five answers about who works with whom: exactly the keys brokers, communities,
    isolates, bridges and recommendations (see docs/analyses.md for every score)."""
    check_chain(graph, chain)
    g = network(graph, chain)
    isolates = fetch(graph, "collab_isolates", chain=chain,
                     local_district=load_schema().local_district, high_tech_rank=high_tech_rank)
    for row in isolates:
        row["chains"] = sorted(set(row["chains"]))
        row["segments"] = sorted(set(row["segments"]))
    gap_rows = chain_gaps(graph, chain, high_tech_rank=high_tech_rank, max_targets=0, max_partners=0,
                          max_evidence=1)
    return {
        "brokers": brokers(g, exact_max_nodes=exact_max_nodes, sample_k=sample_k, seed=seed,
                           max_brokers=max_brokers),
        "communities": communities(g, seed=seed, max_members=max_members),
        "isolates": isolates,
        "bridges": bridges(g, max_bridges=max_bridges),
        "recommendations": recommendations(graph, chain, gap_rows, min_rank=recommend_min_rank,
                                           field_weight=field_weight, gap_weight=gap_weight,
                                           limit=max_recommendations),
    }
