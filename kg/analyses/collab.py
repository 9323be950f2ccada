"""The collaboration network: brokers, communities, isolates, bridges and recommended pairs.

The weighted edge list is ``collab_edges.cypher``'s, built from the server's raw relationship
lists (``collab_ties.cypher``, :func:`kg.analyses.collabread.weighted_ties`); the server reads
every organisation's direct chains, segments and fields (:mod:`kg.analyses.collabread`), and
finds isolates and the research side of candidate pairs (``collab_isolates``, ``collab_rec_*``);
the network (:mod:`kg.analyses.collabnet`, igraph underneath) holds only the organisations that
have a tie at all (bounded further by ``chain``). Betweenness is exact up to ``exact_max_nodes`` nodes and
sampled with ``seed`` above. Definitions: ``docs/analyses.md``.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kg.analyses import collabread, kernels
from kg.analyses.collabnet import Network
from kg.analyses.gaps import BROKEN, HIGH_TECH_RANK, WEAK, compute_statuses
from kg.analyses.naming import community_name, dominant, short_name
from kg.analyses.results import CollabAnswers
from kg.graph.schema import load_schema
from kg.memory import without_cycle_collection
from kg.querylib import check_chain, fetch
from kg.vocab import NO_DATA, label_zh

KIND_ZH = {"collaboration": "合作", "consortium": "联合体", "workstation": "工作站", "affiliation": "任职"}


def network(graph: Any, chain: str | None = None) -> Network:
    """The undirected weighted organisation network (nodes keyed "Label:uid" in sorted order, so
    the answer never depends on creation order or element ids; see :mod:`kg.analyses.collabnet`)."""
    return read_network(graph, chain)[0]


def read_network(graph: Any, chain: str | None = None) -> tuple[Network, dict[str, list[str]]]:
    """The network and each organisation's technology fields (what names a community); the reads
    are :func:`kg.analyses.collabread.read`'s."""
    found = collabread.read(graph, chain)
    return found.network, found.fields


def _name_key(g: Network, key: str) -> tuple[str, str]:
    return (g.nodes[key]["name"], key)


def pivots(n: int, m: int, *, sample_k: int = 500, sample_budget: int = 10_000_000, min_k: int = 50) -> int:
    """How many source nodes sampled betweenness uses: ``sample_k``, fewer when k·m (the BFS work)
    would exceed ``sample_budget``, never fewer than ``min_k`` (unless ``sample_k`` asks for fewer)
    nor more than ``n``."""
    by_budget = sample_budget // max(m, 1)
    return min(n, max(min(min_k, sample_k), min(sample_k, by_budget)))


def centrality(
    g: Network,
    h: Any = None,
    *,
    exact_max_nodes: int = 2000,
    sample_k: int = 500,
    seed: int = 42,
    sample_budget: int = 10_000_000,
) -> tuple[dict[str, float], str]:
    """Betweenness of every node and the method used: exact up to ``exact_max_nodes`` nodes, else
    from :func:`pivots` seeded sources (igraph kernel, networkx's values)."""
    h = g.h if h is None else h
    n = g.number_of_nodes()
    if n <= exact_max_nodes:
        return kernels.betweenness(g, h), "exact"
    k = pivots(n, g.number_of_edges(), sample_k=sample_k, sample_budget=sample_budget)
    return kernels.betweenness(g, h, k=k, seed=seed), f"sampled k={k} seed={seed}"


def ranked_brokers(g: Network, scores: dict[str, float], max_brokers: int = 20) -> list[str]:
    """Keys with betweenness > 0, highest first (ties by name, then key)."""
    # nsmallest(n, …) is sorted(…)[:n], without sorting the whole network
    return heapq.nsmallest(
        max_brokers,
        (key for key in g if scores[key] > 0),
        key=lambda key: (-round(scores[key], 12), *_name_key(g, key)),
    )


def brokers(
    g: Network,
    *,
    exact_max_nodes: int = 2000,
    sample_k: int = 500,
    seed: int = 42,
    max_brokers: int = 20,
    sample_budget: int = 10_000_000,
    scored: tuple[dict[str, float], str] | None = None,
) -> list[dict[str, Any]]:
    """Organisations by betweenness (hop distance), with Burt's effective size and constraint.

    Above ``exact_max_nodes`` betweenness is estimated from :func:`pivots` sampled sources, so the
    work stays bounded (about ``sample_budget`` edge visits) as the network grows. ``scored``
    passes betweenness already computed by :func:`centrality`. Structural holes are computed
    for the listed brokers only: nobody reads them for any other organisation."""
    if g.number_of_nodes() == 0:
        return []
    scores, method = scored or centrality(
        g, exact_max_nodes=exact_max_nodes, sample_k=sample_k, seed=seed, sample_budget=sample_budget
    )
    ranked = ranked_brokers(g, scores, max_brokers)
    # networkx's structural-hole functions build ego graphs (effective size) or are cubic in a
    # hub's degree (weighted constraint); igraph's give the same values in C, for these only
    eff = kernels.effective_size(g, g.h, ranked)
    con = kernels.constraint(g, g.h, ranked)
    out = []
    for key in ranked:
        node = g.nodes[key]
        out.append(
            {
                "key": key,
                "name": node["name"],
                "label": node["label"],
                "betweenness": round(scores[key], 6),
                "effective_size": round(eff[key], 4),
                "constraint": round(con[key], 4),
                "degree": g.degree(key),
                "chains": node["chains"],
                "local": node["local"],
                "sample": node["sample"],
                "method": method,
            }
        )
    return out


def community_groups(g: Network, h: Any = None, *, seed: int = 42, min_size: int = 2) -> list[list[str]]:
    """Louvain communities (weighted, seeded; igraph kernel) of ≥ ``min_size`` members, each sorted
    by name, largest first — position + 1 is the community's id."""
    if g.number_of_edges() == 0:
        return []
    found = kernels.louvain(g, g.h if h is None else h, seed=seed)
    groups = [sorted(c, key=lambda key: _name_key(g, key)) for c in found if len(c) >= min_size]
    groups.sort(key=lambda members: (-len(members), _name_key(g, members[0])))
    return groups


def communities(
    g: Network,
    *,
    seed: int = 42,
    max_members: int = 50,
    min_size: int = 2,
    groups: list[list[str]] | None = None,
    fields: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """Louvain communities (weighted, fixed seed), largest first, with their dominant chains and a
    name after what they are (dominant chain · dominant field（best-connected member等）);
    ``fields`` maps a node key to its technology fields (:func:`read_network`)."""
    if groups is None:
        groups = community_groups(g, seed=seed, min_size=min_size)
    inner = _inner_strengths(g, groups)
    out = []
    for i, members in enumerate(groups, start=1):
        chains = Counter(c for key in members for c in g.nodes[key]["chains"])
        labels = Counter(g.nodes[key]["label"] for key in members)
        dominant_chains = [c for c, _ in sorted(chains.items(), key=lambda x: (-x[1], x[0]))[:3]]
        field = dominant(f for key in members for f in sorted(set((fields or {}).get(key, []))))
        hub = min(members, key=lambda key: (-inner[g.index[key]], *_name_key(g, key)))
        hub_name = short_name(g.nodes[hub]["name"], g.nodes[hub]["label"])
        out.append(
            {
                "id": i,
                "size": len(members),
                "name": community_name(dominant_chains[0] if dominant_chains else None, field, hub_name),
                "hub": g.nodes[hub]["name"],
                "dominant_field": field,
                "dominant_chains": dominant_chains,
                "chain_counts": dict(sorted(chains.items(), key=lambda x: (-x[1], x[0]))),
                "label_counts": dict(sorted(labels.items())),
                "members": [g.nodes[key]["name"] for key in members[:max_members]],
                "member_keys": list(members[:max_members]),
                "members_truncated": len(members) > max_members,
                "sample": any(g.nodes[key]["sample"] for key in members),
            }
        )
    return out


def _inner_strengths(g: Network, groups: list[list[str]]) -> list[int]:
    """Per node, the summed weight of its ties inside its own community (0 outside every group) —
    ``g.subgraph(members).degree(key, weight="weight")`` for all communities in one pass."""
    community = np.zeros(g.number_of_nodes(), dtype=np.int64)
    for cid, members in enumerate(groups, start=1):
        community[[g.index[key] for key in members]] = cid
    a, b = np.asarray(g.edge_a, dtype=np.int64), np.asarray(g.edge_b, dtype=np.int64)
    w = np.asarray(g.weights, dtype=np.int64)
    inside = (community[a] == community[b]) & (community[a] > 0)
    n = g.number_of_nodes()
    total = np.bincount(a[inside], weights=w[inside], minlength=n) + np.bincount(
        b[inside], weights=w[inside], minlength=n
    )
    return [int(x) for x in total.tolist()]


def bridges(g: Network, *, max_bridges: int = 50) -> list[dict[str, Any]]:
    """Ties whose two ends both belong to chains, and to no chain in common."""
    nodes = [g.nodes[key] for key in g.keys]
    chains = [frozenset(node["chains"]) for node in nodes]
    found = []
    for i, (ia, ib) in enumerate(zip(g.edge_a, g.edge_b, strict=True)):
        ca, cb = chains[ia], chains[ib]
        if not (ca and cb) or not ca.isdisjoint(cb):
            continue
        a, b = nodes[ia], nodes[ib]
        if (b["name"], g.keys[ib]) < (a["name"], g.keys[ia]):
            a, b, ca, cb = b, a, cb, ca
        found.append(
            {
                "a": a["name"],
                "b": b["name"],
                "a_label": a["label"],
                "b_label": b["label"],
                "a_chains": sorted(ca),
                "b_chains": sorted(cb),
                "kinds": list(g.kinds[i]),
                "weight": g.weights[i],
                "sample": a["sample"] or b["sample"],
            }
        )
    found.sort(key=lambda r: (-r["weight"], r["a"], r["b"]))
    return found[:max_bridges]


@dataclass
class ScoredPairs:
    """Recommended pairs as (score, firm, partner, shared fields, served gaps), best first; the
    reason text is written only for the pairs shown (:meth:`view`): at 100k firms there are
    100k+ pairs and a few dozen are read."""

    pairs: list[tuple[float, dict[str, Any], dict[str, Any], list[str], list[str]]]
    gaps: dict[str, dict[str, Any]]

    def view(
        self, pair: tuple[float, dict[str, Any], dict[str, Any], list[str], list[str]]
    ) -> dict[str, Any]:
        score, firm, p, shared, served = pair
        return _recommendation(score, firm, p, shared, served, self.gaps)


def research_inputs(
    graph: Any, chain: str | None, *, high_tech_rank: int = HIGH_TECH_RANK
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[tuple[str, str]]]:
    """What recommendations need besides the firms and the network: the scope's segment statuses
    (the gaps a partner could serve), the research partners with their fields and servable gaps,
    and the research members of consortia local firms lead (uid, "Label:uid")."""
    district = load_schema().local_district
    with ThreadPoolExecutor(max_workers=1) as pool:  # independent reads, answered together
        leading = pool.submit(fetch, graph, "collab_rec_leads", local_district=district)
        # counted now, not read from the stored answer: ``kg analyse`` stores these very rows as the
        # district's segment_statuses (kg.analyses.store.refresh), so they must be this code's
        gap_rows = compute_statuses(graph, chain, high_tech_rank=high_tech_rank)
        gaps = sorted(r["segment_uid"] for r in gap_rows if r["status"] in (BROKEN, WEAK))
        partners = fetch(graph, "collab_rec_partners", gap_segments=gaps)
        leads = {(e, p) for e, p in leading.result()[0]["ties"]}
    return gap_rows, partners, leads


def scored_pairs(
    firms: list[dict[str, Any]],
    gap_rows: list[dict[str, Any]],
    partners: list[dict[str, Any]],
    ties: set[tuple[str, str]],
    *,
    min_rank: int = 0,
    field_weight: float = 1.0,
    gap_weight: float = 2.0,
    per_enterprise: int = 3,
) -> ScoredPairs:
    """Every recommended pair (at most ``per_enterprise`` per firm), best first, unrendered.

    ``firms`` are the scope's local firms with their fields (:func:`kg.analyses.collabread.read`),
    the rest :func:`research_inputs`; partners are ranked once per distinct (fields, chains)
    signature, so the cost grows with the number of firms, not firms × partners.
    """
    gaps = {r["segment_uid"]: r for r in gap_rows if r["status"] in (BROKEN, WEAK)}
    firms = [f for f in firms if min_rank <= 0 or f["rank"] >= min_rank]
    for p in partners:
        p["own"] = set(p["fields"])
        p["via_by_field"] = _via_by_field(p["via"])
        p["fields"] = p["own"] | set(p["via_by_field"])
        p["gaps"] = sorted(set(p["gaps"]), key=lambda u: (gaps[u]["chain"], gaps[u]["segment"]))
        p["gap_chains"] = {gaps[u]["chain"] for u in p["gaps"]}
        p["key"] = f"{p['label']}:{p['uid']}"
    # a partner's place in (name, key) order: one int compares as the two strings did
    for place, p in enumerate(sorted(partners, key=lambda p: (p["name"] or "", p["key"]))):
        p["place"] = place
    score_of = _PartnerScores(partners, field_weight, gap_weight)

    Ranked = tuple[list[float], list[int]]  # scores and partner indices, best first
    Listed = dict[int, tuple[list[str], list[str]]]  # partner index → (shared fields, served gaps)
    cache: dict[tuple[frozenset[str], frozenset[str]], tuple[Ranked, Listed]] = {}

    def ranked(fields: frozenset[str], chains: frozenset[str]) -> tuple[Ranked, Listed]:
        """Every partner sharing a field, best first, scored once per distinct (fields, chains) —
        a few hundred signatures among 100k firms; the shared fields and served gaps are listed
        once per signature and partner, for the pairs taken only."""
        sig = (fields, chains)
        if sig not in cache:
            cache[sig] = (score_of.ranked(fields, chains), {})
        return cache[sig]

    Pick = list[tuple[float, dict[str, Any], list[str], list[str]]]  # (score, partner, shared, served)

    def pick(fields: frozenset[str], chains: frozenset[str], mine: set[str]) -> Pick:
        """A firm's best ``per_enterprise`` partners, skipping those it already works with
        (``mine``: their keys)."""
        out: Pick = []
        (scores, order), listed = ranked(fields, chains)
        for score, i in zip(scores, order, strict=True):
            if len(out) >= per_enterprise:
                break
            p = partners[i]
            if p["key"] in mine:
                continue
            if i not in listed:
                listed[i] = (
                    sorted(fields & p["fields"]),
                    [u for u in p["gaps"] if gaps[u]["chain"] in chains],
                )
            out.append((score, p, *listed[i]))
        return out

    ties_of: dict[str, set[str]] = {}
    for e, key in ties:
        ties_of.setdefault(e, set()).add(key)
    # a signature's picks for a firm with no research tie; a firm with ties gets the same picks
    # unless it already works with one of them (then its own are picked, skipping its partners)
    untied: dict[tuple[frozenset[str], frozenset[str]], Pick] = {}
    pairs = []
    for firm in firms:
        fields, chains = frozenset(firm["fields"]), frozenset(firm["chains"])
        chosen = untied.get((fields, chains))
        if chosen is None:
            chosen = untied[(fields, chains)] = pick(fields, chains, set())
        mine = ties_of.get(firm["uid"])
        if mine and any(p["key"] in mine for _, p, _, _ in chosen):
            chosen = pick(fields, chains, mine)
        pairs.extend((score, firm, p, shared, served) for score, p, shared, served in chosen)
    # a firm's place in (name, uid) order: one int compares as the two strings did
    for place, firm in enumerate(sorted(firms, key=lambda f: (f["name"] or "", f["uid"]))):
        firm["place"] = place
    pairs.sort(key=lambda x: (-x[0], x[1]["place"], x[2]["place"]))
    return ScoredPairs(pairs, gaps)


class _PartnerScores:
    """Partners × fields and partners × gap chains as matrices, so a firm signature's scores come
    in one numpy pass instead of a Python loop over every partner sharing a field (at 100k: 573
    signatures over 4,584 partners, 0.9 s of scoring and sorting in that loop)."""

    def __init__(self, partners: list[dict[str, Any]], field_weight: float, gap_weight: float) -> None:
        self.field_row = {f: j for j, f in enumerate(sorted({f for p in partners for f in p["fields"]}))}
        self.chain_row = {c: j for j, c in enumerate(sorted({c for p in partners for c in p["gap_chains"]}))}
        self.has_field = np.zeros((len(self.field_row), len(partners)), dtype=np.int64)
        self.serves = np.zeros((len(self.chain_row), len(partners)), dtype=bool)
        for i, p in enumerate(partners):
            self.has_field[[self.field_row[f] for f in p["fields"]], i] = 1
            self.serves[[self.chain_row[c] for c in p["gap_chains"]], i] = True
        self.place = np.array([p["place"] for p in partners], dtype=np.int64)
        self.field_weight, self.gap_weight = field_weight, gap_weight

    def ranked(self, fields: frozenset[str], chains: frozenset[str]) -> tuple[list[float], list[int]]:
        """Scores and indices of every partner sharing a field, best first: score = field_weight ×
        shared fields + gap_weight when it serves a gap of one of the chains; ties by place."""
        rows = [self.field_row[f] for f in fields if f in self.field_row]
        if not rows:
            return [], []
        shared = self.has_field[rows].sum(axis=0)
        found = np.flatnonzero(shared)
        chain_rows = [self.chain_row[c] for c in chains if c in self.chain_row]
        serves = self.serves[chain_rows][:, found].any(axis=0) if chain_rows else np.zeros(len(found), bool)
        score = self.field_weight * shared[found] + np.where(serves, self.gap_weight, 0.0)
        order = np.lexsort((self.place[found], -score))
        return score[order].tolist(), found[order].tolist()


def _via_by_field(via: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Affiliated experts per field, by name (the evidence "经 …")."""
    out: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, Any]] = set()  # a university's field can come through hundreds of experts
    for v in sorted(via, key=lambda v: (v["field"], v["expert"] or "")):
        if (v["field"], v["expert"]) not in seen:
            seen.add((v["field"], v["expert"]))
            out.setdefault(v["field"], []).append(v)
    return out


def partner_label(p: dict[str, Any]) -> str:
    """高校 东华大学 / 专家 王某（东华大学）: an expert is shown with where they work."""
    name = p["name"]
    if p["label"] == "Expert":
        name += f"（{'、'.join(sorted(p['affiliations'])) or '单位' + NO_DATA}）"
    return f"{label_zh(p['label'])}{name}"


def _field_evidence(p: dict[str, Any], field: str) -> str:
    if field in p["own"]:
        return field
    experts = p["via_by_field"].get(field, [])
    shown = "、".join(v["expert"] for v in experts[:2]) + (f"等{len(experts)}位" if len(experts) > 2 else "")
    return f"{field}（经 {shown}）"


def _reason(
    firm: dict[str, Any],
    p: dict[str, Any],
    shared: list[str],
    served: list[str],
    gaps: dict[str, dict[str, Any]],
) -> str:
    """Why the pair is recommended, in one Chinese sentence (all a firm's suggestion needs)."""
    fields = "、".join(_field_evidence(p, f) for f in shared)
    text = f"{firm['name']}与{partner_label(p)}共享技术领域：{fields}"
    if served:
        segs = "、".join(f"{gaps[u]['chain']}·{gaps[u]['segment']}（{gaps[u]['status']}）" for u in served)
        text += f"；对方研究方向可服务本链缺口环节：{segs}"
    return text + "；双方尚无合作、联合体或工作站关系。"


def _recommendation(
    score: float,
    firm: dict[str, Any],
    p: dict[str, Any],
    shared: list[str],
    served: list[str],
    gaps: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """One pair with its plain-language reason; sample when any fact behind it is sample."""
    text = _reason(firm, p, shared, served, gaps)
    via_sample = any(
        f not in p["own"] and all(v["sample"] for v in p["via_by_field"].get(f, [])) for f in shared
    )
    return {
        "enterprise": firm["name"],
        "enterprise_uid": firm["uid"],
        "enterprise_rank": firm["rank"],
        "partner": p["name"],
        "partner_uid": p["uid"],
        "partner_label": p["label"],
        "partner_affiliation": "、".join(sorted(p["affiliations"])) or None,
        "partner_display": partner_label(p),
        "score": round(score, 4),
        "shared_fields": shared,
        "via_experts": sorted(
            {v["expert"] for f in shared if f not in p["own"] for v in p["via_by_field"].get(f, [])}
        ),
        "serves_gaps": [f"{gaps[u]['chain']}/{gaps[u]['segment']}" for u in served],
        "reason": text,
        "sample": firm["sample"] or p["sample"] or via_sample,
    }


Rows = list[dict[str, Any]]


def isolates_and_unknown(
    graph: Any,
    found: collabread.Reads,
    research_ties: set[tuple[str, str]],
    *,
    high_tech_rank: int = HIGH_TECH_RANK,
) -> tuple[Rows, Rows]:
    """Local high-tech firms with no research partner, split by whether that absence is known.

    The candidates are the scope's local firms at ``high_tech_rank`` or above that no tie in
    ``research_ties`` (the recommendations' existing ties) joins to a university, institute or
    expert. Known: the firm belongs to the sample layer (it declares every tie of its firms) or an
    imported partner list names it (a collaboration, consortium or workstation) — only these are
    isolates. Otherwise the graph holds no partner data about the firm: 未掌握, not "none"."""
    partnered = {e for e, _ in research_ties}
    candidates = {
        f["uid"]: f for f in found.tiered if f["rank"] >= high_tech_rank and f["uid"] not in partnered
    }
    rows = fetch(graph, "collab_isolates", uids=sorted(candidates))[0]["firms"]
    known, unknown = [], []
    for uid, name, tier, rank, enterprise_ties, partners_known, source, sample in rows:
        firm = candidates[uid]
        row = {
            "uid": uid,
            "name": name,
            "tier": tier,
            "rank": rank,
            "chains": sorted(set(firm["chains"])),
            "segments": sorted(set(firm["segments"])),
            "enterprise_ties": enterprise_ties,
            "partners_known": partners_known,
            "source": source,
            "sample": sample,
            "research_partners": "无（据已导入名单）" if partners_known else NO_DATA,
        }
        (known if partners_known else unknown).append(row)
    return known, unknown


def no_suggestion(fields: list[str] | None) -> str:
    """Why a firm without research partners gets no suggestion, from what the graph knows."""
    if not fields:
        return f"本企业及其所在环节的技术领域{NO_DATA}，无从匹配科研伙伴"
    return f"图谱中没有研究方向涉及本企业技术领域（{'、'.join(sorted(set(fields)))}）的高校、院所或专家"


def suggest(
    firms: list[dict[str, Any]],
    pairs: list[dict[str, Any]] | ScoredPairs,
    fields: dict[str, list[str]] | None = None,
) -> None:
    """Give each firm without research partners its best recommended partners (names shown as a
    planner reads them, an expert with their affiliation), and the reason of the best one — or,
    when there is none, why not (``fields``: each firm's technology fields by uid)."""
    wanted = {firm["uid"] for firm in firms}
    shown: dict[str, list[str]] = {}
    reason: dict[str, str] = {}
    if isinstance(pairs, ScoredPairs):  # the reason is written for each firm's best pair only
        for pair in pairs.pairs:
            uid = pair[1]["uid"]
            if uid in wanted:
                if uid not in reason:
                    reason[uid] = _reason(pair[1], pair[2], pair[3], pair[4], pairs.gaps)
                shown.setdefault(uid, []).append(partner_label(pair[2]))
    else:
        for view in pairs:
            uid = view["enterprise_uid"]
            reason.setdefault(uid, view["reason"])
            shown.setdefault(uid, []).append(view["partner_display"])
    for firm in firms:
        firm["suggested_partners"] = shown.get(firm["uid"], [])
        firm["suggestion_reason"] = reason.get(firm["uid"]) or no_suggestion((fields or {}).get(firm["uid"]))


def empty_reasons(
    g: Network, result: dict[str, list[dict[str, Any]]], unknown: list[dict[str, Any]], chain: str | None
) -> dict[str, str]:
    """Why each empty answer is empty, in a sentence a planner can read (keys of the result)."""
    reasons: dict[str, str] = {}
    n, m = g.number_of_nodes(), g.number_of_edges()
    scope = f"（限定产业链{chain}：只含触及本链企业的关系）" if chain else ""
    if not result["brokers"]:
        reasons["brokers"] = f"网络{n}个组织、{m}条关系{scope}中没有组织处在其他组织之间的最短路径上"
    if not result["communities"]:
        reasons["communities"] = f"网络{n}个组织、{m}条关系{scope}中没有至少2个成员的群组"
    if not result["bridges"]:
        has = [bool(g.nodes[key]["chains"]) for key in g.keys]
        both = sum(1 for a, b in zip(g.edge_a, g.edge_b, strict=True) if has[a] and has[b])
        reasons["bridges"] = (
            f"跨链连接指两端都属于产业链、且没有共同产业链的关系；{m}条关系{scope}中"
            f"两端都属于产业链的{both}条都连接同一链上的组织，其余一端是不属于任何链的"
            f"高校、院所或专家"
        )
    if not result["isolates"]:
        text = "已导入名单中的本地高新技术企业及以上企业都已有科研伙伴"
        if unknown:
            text += f"；另有{len(unknown)}家（公开记录）的科研伙伴{NO_DATA}，不计为无科研伙伴"
        reasons["isolates"] = text
    if not result["recommendations"]:
        reasons["recommendations"] = (
            "没有与本地企业共享技术领域、且尚无合作、联合体或工作站关系的高校、院所或专家"
        )
    return reasons


DEFAULTS: dict[str, Any] = {
    "exact_max_nodes": 2000,
    "sample_k": 500,
    "sample_budget": 10_000_000,
    "seed": 42,
    "max_brokers": 20,
    "max_members": 50,
    "max_bridges": 50,
    "max_recommendations": 50,
    "per_enterprise": 3,
    "high_tech_rank": HIGH_TECH_RANK,
    "recommend_min_rank": 0,
    "field_weight": 1.0,
    "gap_weight": 2.0,
}


@dataclass
class Analysed:
    """One computed analysis: the network, every node's scores and the five answers."""

    network: Network
    scores: dict[str, float]
    method: str
    groups: list[list[str]]
    result: dict[str, list[dict[str, Any]]]
    seconds: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)
    partners_unknown: list[dict[str, Any]] = field(default_factory=list)  # 未掌握, not isolates
    empty_reasons: dict[str, str] = field(default_factory=dict)  # why an empty answer is empty
    gap_rows: list[dict[str, Any]] = field(default_factory=list)  # the segment statuses it used


def _options(options: dict[str, Any]) -> dict[str, Any]:
    unknown = set(options) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown collaboration options: {', '.join(sorted(unknown))}")
    return {**DEFAULTS, **options}


def _candidates(
    firms: list[dict[str, Any]],
    gap_rows: list[dict[str, Any]],
    partners: list[dict[str, Any]],
    research_ties: set[tuple[str, str]],
    o: dict[str, Any],
) -> ScoredPairs:
    """Every recommended pair with the options ``o`` (``gap_rows`` and ``partners`` from
    :func:`research_inputs`; ``research_ties``: the existing ties, never recommended)."""
    return scored_pairs(
        firms,
        gap_rows,
        partners,
        research_ties,
        min_rank=min(o["recommend_min_rank"], o["high_tech_rank"]),
        field_weight=o["field_weight"],
        gap_weight=o["gap_weight"],
        per_enterprise=o["per_enterprise"],
    )


def analyse(
    graph: Any,
    chain: str | None = None,
    *,
    network_read: Callable[[Network], None] | None = None,
    **options: Any,
) -> Analysed:
    """Compute the whole analysis now (what ``kg analyse`` stores; options as :data:`DEFAULTS`).
    ``network_read`` is handed the network as soon as it is read (``kg analyse`` starts storing it
    while the rest is computed)."""
    with without_cycle_collection():
        return _analyse(graph, chain, network_read, **options)


def _analyse(
    graph: Any, chain: str | None, network_read: Callable[[Network], None] | None, **options: Any
) -> Analysed:
    started = time.perf_counter()
    o = _options(options)
    check_chain(graph, chain)
    # The reads are independent: issued together, the server answers one while this process
    # builds the network and runs igraph on another (at 100k each read takes seconds).
    with ThreadPoolExecutor(max_workers=1) as pool:
        researching = pool.submit(research_inputs, graph, chain, high_tech_rank=o["high_tech_rank"])
        found = collabread.read(graph, chain)
        gap_rows, partners, leads = researching.result()
        research_ties = found.research_ties | leads
        # the isolates' remaining facts are read while igraph works
        finding = pool.submit(
            isolates_and_unknown, graph, found, research_ties, high_tech_rank=o["high_tech_rank"]
        )
        g = found.network
        if network_read is not None:
            network_read(g)
        scored = centrality(
            g,
            exact_max_nodes=o["exact_max_nodes"],
            sample_k=o["sample_k"],
            seed=o["seed"],
            sample_budget=o["sample_budget"],
        )
        groups = community_groups(g, seed=o["seed"])
        # one pass over candidate pairs serves the recommendations and the isolates' suggestions
        candidates = _candidates(found.firms, gap_rows, partners, research_ties, o)
        isolates, unknown = finding.result()
    suggest(isolates + unknown, candidates, {f["uid"]: f["fields"] for f in found.firms})
    shown = [p for p in candidates.pairs if p[1]["rank"] >= o["recommend_min_rank"]]
    pairs = [candidates.view(p) for p in shown[: o["max_recommendations"]]]
    result = {
        "brokers": brokers(g, max_brokers=o["max_brokers"], scored=scored),
        "communities": communities(g, max_members=o["max_members"], groups=groups, fields=found.fields),
        "isolates": isolates,
        "bridges": bridges(g, max_bridges=o["max_bridges"]),
        "recommendations": pairs,
    }
    return Analysed(
        g,
        scored[0],
        scored[1],
        groups,
        result,
        time.perf_counter() - started,
        o,
        partners_unknown=unknown,
        empty_reasons=empty_reasons(g, result, unknown, chain),
        gap_rows=gap_rows,
    )


def collaboration(
    graph: Any, chain: str | None = None, *, stored: bool = True, **options: Any
) -> CollabAnswers:
    """The five answers about who works with whom: exactly the keys brokers, communities,
    isolates, bridges and recommendations (see docs/analyses.md for every score).

    With the default options the results stored for the current data version (``kg analyse``,
    run after every import) are returned; otherwise, or when none are stored, they are computed
    now. Options and their defaults: :data:`DEFAULTS`."""
    o = _options(options)
    check_chain(graph, chain)
    if stored and o == DEFAULTS:
        from kg.analyses import store

        found = store.load(graph, chain)
        if found is not None and not found.stale:
            return found.result
    return analyse(graph, chain, **options).result


def collaboration_report(graph: Any, chain: str | None = None, **options: Any) -> dict[str, Any]:
    """The five answers (``answers``, what :func:`collaboration` returns) plus what a reader needs
    around them: ``partners_unknown`` (local high-tech firms whose research partners the graph
    does not know: 未掌握, so not isolates) and ``empty_reasons`` (why an empty answer is empty).
    With the default options, read from the results stored for the current data version (as
    :func:`collaboration`); otherwise, or when none are current, computed now."""
    o = _options(options)
    check_chain(graph, chain)
    if o == DEFAULTS:
        from kg.analyses import store

        found = store.load(graph, chain)
        if found is not None and not found.stale:
            return {
                "answers": found.result,
                "partners_unknown": found.partners_unknown,
                "empty_reasons": found.empty_reasons,
            }
    done = analyse(graph, chain, **options)
    return {
        "answers": done.result,
        "partners_unknown": done.partners_unknown,
        "empty_reasons": done.empty_reasons,
    }
