"""协同网络's stored pieces: each scope's analysed network cut so that a page reads only what it shows.

Why: at 100k organisations a scope's stored analysis is tens of MB; a page that reads it whole
(every node's lists, a ``NetNode`` for each) spends most of its time there, for a first view that
draws one node per community. So ``kg analyse`` (``store.refresh``) also stores, per scope and
through the one stored-answer mechanism (:mod:`kg.analyses.resultstore`, same data version):

- ``net_start:<scope>`` — the header: totals, the sample flag, every community with its full size
  and where its members sit in the parts, and the community-by-community summary (organisations
  per community, summed tie weight between two) that a view too big to draw shows;
- ``net_part:<scope>/<i>`` — ``PART_SIZE`` organisations in community order with their drawing
  fields, and every tie touching them (so a part also answers "who are this node's partners");
- ``net_lists:<scope>`` — the result lists with only the fields the page shows or matches on
  (``LIST_FIELDS``): a third of the stored lists' size (no experts behind every recommendation,
  no member keys, no sources).

:func:`network_part` reads the header and only the parts a view needs: one community's members,
the partners of expanded nodes. The pieces are cut from :func:`kg.analyses.netview.view_of`, so a
view read in pieces equals the same view filtered from the whole network (tested). A scope
analysed before the pieces existed is cut on the spot from its whole stored analysis; a stale
one is shown marked stale, like the analysis itself.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kg.analyses import netview, resultstore, store
from kg.analyses.netview import Community, GroupSummary, NetEdge, NetNode, NetworkView
from kg.querylib import check_chain, fetch

PART_SIZE = 256  # organisations per part: a part is ~50 kB, a community of 2,000 about 8 parts
START, PART, LISTS = "net_start", "net_part", "net_lists"
_FIRMS = (
    "name",
    "tier",
    "chains",
    "segments",
    "enterprise_ties",
    "research_partners",
    "suggested_partners",
    "suggestion_reason",
)
LIST_FIELDS: dict[str, tuple[str, ...]] = {  # the page's tables (tables.COLLAB_COLUMNS) and matches
    "brokers": ("name", "label", "betweenness", "effective_size", "constraint", "degree", "chains", "local"),
    "isolates": _FIRMS,
    "partners_unknown": _FIRMS,
    "recommendations": ("enterprise", "enterprise_uid", "partner", "partner_uid", "partner_label", "score")
    + ("shared_fields", "serves_gaps", "reason"),
    "communities": ("id", "size", "dominant_chains", "label_counts", "members"),
    "bridges": ("a", "b", "a_chains", "b_chains", "kinds", "weight"),
}
WHOLE = 10**12  # a max_nodes that never cuts


def part_scope(scope: str, index: int | str) -> str:
    return f"{scope}/{index}"


def cut(view: NetworkView) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and the parts of a whole analysed network (pure)."""
    order = sorted(view.nodes, key=lambda n: (n.community is None, n.community or 0, n.key))
    pos = {n.key: i for i, n in enumerate(order)}
    ranges: dict[int, list[int]] = {}
    parts: list[dict[str, Any]] = []
    for i, n in enumerate(order):
        if i % PART_SIZE == 0:
            parts.append({"nodes": [], "ties": [], "kinds": []})
        cid = n.community or 0
        ranges.setdefault(cid, [i, i])[1] = i + 1
        parts[-1]["nodes"].append(
            [n.key, n.uid, n.label, n.name, cid, n.betweenness, n.broker, n.isolate, n.local, n.sample]
            + [n.chains, n.tier]
        )
    kinds: list[dict[str, int]] = [{} for _ in parts]
    for index, e in enumerate(view.edges):
        a, b = pos[e.a], pos[e.b]
        text = ",".join(e.kinds)
        pa, pb = a // PART_SIZE, b // PART_SIZE
        for p in (pa,) if pa == pb else (pa, pb):
            k = kinds[p].setdefault(text, len(kinds[p]))
            parts[p]["ties"].append([index, a, b, e.weight, k])
    for part, names in zip(parts, kinds, strict=True):
        part["kinds"] = list(names)
    summary = netview.group_summary(view.nodes, view.edges)
    start = {
        "total_nodes": view.total_nodes,
        "total_edges": view.total_edges,
        "sample": view.sample,
        "parts": len(parts),
        "communities": [[c.id, c.name, c.size] for c in view.communities],
        "ranges": [[cid, lo, hi] for cid, (lo, hi) in sorted(ranges.items())],
        "members": sorted(summary.members.items()),
        "ties": [[a, b, w] for (a, b), w in sorted(summary.ties.items())],
    }
    return start, parts


def lists(raw: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """The result lists as the page reads them: ``LIST_FIELDS`` only, plus why an empty one is empty."""
    found = {**result, "partners_unknown": json.loads(raw.get("partners_unknown_json") or "[]")}
    out: dict[str, Any] = {
        key: [{f: row[f] for f in fields if f in row} for row in found.get(key) or []]
        for key, fields in LIST_FIELDS.items()
    }
    out["empty_reasons"] = json.loads(raw.get("empty_reasons_json") or "{}")
    return out


def save(graph: Any, raw: dict[str, Any], result: dict[str, Any], version: str, chain: str | None) -> float:
    """Cut a scope's analysis (``raw``: the arrays ``store.refresh`` stored) and store its pieces,
    replacing the scope's previous ones; returns the seconds it took."""
    t = time.perf_counter()
    scope = store.scope_of(chain)
    start, parts = cut(netview.view_of(raw, result, max_nodes=WHOLE))
    answers = [(START, scope, [start]), (LISTS, scope, [lists(raw, result)])]
    answers += [(PART, part_scope(scope, i), [p]) for i, p in enumerate(parts)]
    seconds = time.perf_counter() - t
    resultstore.save_many(graph, answers, version, seconds, replace=(PART, part_scope(scope, "")))
    return time.perf_counter() - t


@dataclass
class Pieces:
    """A scope's pieces as read: the header, and how to read parts (stored, or cut in memory)."""

    start: dict[str, Any]
    parts: Callable[[Iterable[int]], dict[int, dict[str, Any]]]
    header: NetworkView


def _stored(graph: Any, chain: str | None, *, status: bool) -> Pieces | None:
    """The scope's stored pieces; ``status``: also say whether they are stale (one more query)."""
    scope = store.scope_of(chain)
    found = fetch(graph, "net_pieces", uids=[resultstore.uid_of(START, scope)])
    if not found:
        return None
    start = json.loads(found[0]["rows_json"])[0]

    def parts(indices: Iterable[int]) -> dict[int, dict[str, Any]]:
        uids = [resultstore.uid_of(PART, part_scope(scope, i)) for i in sorted(set(indices))]
        rows = fetch(graph, "net_pieces", uids=uids) if uids else []
        return {int(r["uid"].rsplit("/", 1)[1]): json.loads(r["rows_json"])[0] for r in rows}

    header = _header(start, chain)
    header.version, header.computed_at = found[0]["version"] or "", found[0]["at"] or ""
    if status:
        marker = store.Stored(
            scope, header.version, store.data_version(graph), header.computed_at, 0.0, "", {}, {}
        )
        header.stale, header.message = marker.stale, store.status_message(marker, chain)
    return Pieces(start, parts, header)


def _cut_now(graph: Any, chain: str | None) -> Pieces:
    """No stored pieces: cut the whole stored analysis now (or say it is missing)."""
    whole = netview.network_view(graph, chain, max_nodes=WHOLE)
    start, cut_parts = cut(whole)
    header = _header(start, chain)
    header.version, header.stale, header.missing = whole.version, whole.stale, whole.missing
    header.message, header.computed_at, header.method = whole.message, whole.computed_at, whole.method
    return Pieces(start, lambda ix: {i: cut_parts[i] for i in set(ix) if 0 <= i < len(cut_parts)}, header)


def _pieces(graph: Any, chain: str | None, *, status: bool) -> Pieces:
    if status:
        check_chain(graph, chain)  # else the page has checked it with network_start
    return _stored(graph, chain, status=status) or _cut_now(graph, chain)


def _header(start: dict[str, Any], chain: str | None) -> NetworkView:
    members = {int(c): n for c, n in start["members"]}
    return NetworkView(
        [],
        [],
        [Community(cid, name, size) for cid, name, size in start["communities"]],
        chain=chain,
        total_nodes=start["total_nodes"],
        total_edges=start["total_edges"],
        sample=start["sample"],
        summary=GroupSummary(members, {(a, b): w for a, b, w in start["ties"]}),
    )


def _copy(header: NetworkView, **changes: Any) -> NetworkView:
    fields = dict(header.__dict__)
    fields.update(changes)
    return NetworkView(**fields)


def network_start(graph: Any, chain: str | None) -> NetworkView:
    """The scope's header: communities with full sizes, totals, sample flag, status (``stale``,
    ``missing``, ``message``), and the whole scope summarised by community (``summary``); no
    organisations."""
    return _pieces(graph, chain, status=True).header


def network_part(
    graph: Any,
    chain: str | None,
    community: int | None = None,
    expanded: Iterable[str] = (),
    *,
    max_nodes: int = 2000,
) -> NetworkView:
    """What a view of the scope draws: the organisations of ``community`` (every organisation
    when None) plus every partner of each ``expanded`` key, with all ties among them — or, when
    that is more than ``max_nodes`` and nothing is expanded, the scope (or the community)
    summarised by community, without reading any organisation. ``total_nodes`` is the scope's;
    whether the pieces are stale is :func:`network_start`'s to say."""
    pieces = _pieces(graph, chain, status=False)
    start, header = pieces.start, pieces.header
    expanded = list(expanded)
    if header.summary is None or header.missing or not header.total_nodes:
        return header
    if community is None and header.total_nodes > max_nodes:  # everything is in view already:
        return header  # expanding adds nobody, so the summary is the drawing
    ranges = {cid: (lo, hi) for cid, lo, hi in start["ranges"]}
    if community is not None:
        size = header.summary.members.get(community, 0)
        if size > max_nodes and not expanded:
            return _copy(header, summary=GroupSummary({community: size}, {}))  # one node
        lo, hi = ranges.get(community, (0, 0))
    else:
        lo, hi = 0, header.total_nodes
    loaded = pieces.parts(range(lo // PART_SIZE, (hi - 1) // PART_SIZE + 1) if hi > lo else [])
    names = {c.id: c.name for c in header.communities}
    for key in expanded:  # in the order they were expanded: each was drawn, so it is loaded by now
        position = _positions(loaded).get(key)
        if position is None:
            continue
        wanted = {
            other // PART_SIZE
            for part in loaded.values()
            for _, a, b, _, _ in part["ties"]
            if position in (a, b)
            for other in (a, b)
        }
        loaded |= pieces.parts(wanted - loaded.keys())
    nodes, edges = _assemble(loaded, names)
    return _copy(header, nodes=nodes, edges=edges, summary=None)


def _positions(loaded: dict[int, dict[str, Any]]) -> dict[str, int]:
    return {row[0]: p * PART_SIZE + i for p, part in loaded.items() for i, row in enumerate(part["nodes"])}


def _assemble(
    loaded: dict[int, dict[str, Any]], names: dict[int, str]
) -> tuple[list[NetNode], list[NetEdge]]:
    """The loaded organisations and the ties among them, in the whole network's tie order."""
    keys: dict[int, str] = {}
    nodes = []
    for p, part in sorted(loaded.items()):
        for i, (key, uid, label, name, cid, btw, broker, isolate, local, sample, chains, tier) in enumerate(
            part["nodes"]
        ):
            keys[p * PART_SIZE + i] = key
            nodes.append(
                NetNode(
                    key=key,
                    uid=uid,
                    label=label,
                    name=name,
                    community=cid or None,
                    community_name=names.get(cid, "") if cid else "",
                    betweenness=btw,
                    broker=broker,
                    isolate=isolate,
                    local=local,
                    sample=sample,
                    chains=chains,
                    tier=tier,
                )
            )
    nodes.sort(key=lambda n: n.key)  # as the whole view orders them
    ties: dict[int, NetEdge] = {}
    for part in loaded.values():
        for index, a, b, weight, k in part["ties"]:
            if index not in ties and a in keys and b in keys:
                text = part["kinds"][k]
                ties[index] = NetEdge(keys[a], keys[b], weight, text.split(",") if text else [])
    return nodes, [ties[i] for i in sorted(ties)]


def network_lists(graph: Any, chain: str | None) -> dict[str, Any]:
    """The scope's result lists as the page shows them (``net_lists``; stale ones too: the
    header says so). A scope analysed before the pieces existed is trimmed on the spot."""
    found = fetch(graph, "net_pieces", uids=[resultstore.uid_of(LISTS, store.scope_of(chain))])
    if found:
        return json.loads(found[0]["rows_json"])[0]
    stored = store.load(graph, chain)
    if stored is None:
        return lists({}, {})
    return lists(stored.raw, stored.result)
