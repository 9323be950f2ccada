"""The collaboration analysis's reads: every organisation once, joined with small reference maps.

Walking each firm's segments on to their fields (``(n)-[:IN_SEGMENT]->(:ChainSegment)-[:HAS_FIELD]->
(:TechField)``), once for the network and again for the recommendations, was most of a 100k
district's analysis. Here the server returns, per organisation, only the internal ids of the chains,
segments and fields it points at, in one walk over its relationships (``collab_orgs_all.cypher``
for the district, ``collab_orgs.cypher`` for a chain's); what a segment means — its chain, its
fields — and the fields a university or institute has through its experts are read once, a few
hundred rows (``collab_reference.cypher``), and joined in Python. The same read serves the network
(organisations with a tie) and the recommendations (local firms).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from kg.analyses import collabnet
from kg.analyses.collabnet import Network
from kg.graph.schema import load_schema
from kg.querylib import fetch


@dataclass
class Reference:
    """Chains, segments and fields by internal id: what an organisation's direct ties mean."""

    kind: dict[str, str]  # internal id → IndustryChain | ChainSegment | TechField
    uid: dict[str, str]
    name: dict[str, str]
    chain: dict[str, str]  # a segment's chain
    segment_fields: dict[str, list[str]]  # segment id → field ids
    expert_fields: dict[str, list[str]]  # university / institute id → its experts' field ids

    @classmethod
    def of(cls, row: dict[str, Any]) -> Reference:
        kind, uid, name, chain = {}, {}, {}, {}
        for eid, label, u, n, c in row["refs"]:
            kind[eid], uid[eid], name[eid], chain[eid] = label, u, n, c
        return cls(kind, uid, name, chain, _grouped(row["segment_fields"]), _grouped(row["expert_fields"]))

    def resolve(self, eid: str, refs: list[str]) -> tuple[list[str], list[str]]:
        """An organisation's chains (its own ``IN_CHAIN`` and its segments' chains) and field ids
        (its own, its segments', and for a university or institute its experts')."""
        chains: list[str] = []
        fields: list[str] = []
        for x in refs:
            kind = self.kind.get(x)
            if kind == "TechField":
                fields.append(x)
            elif kind == "ChainSegment":
                chains.append(self.chain[x])
                fields.extend(self.segment_fields.get(x, ()))
            elif kind == "IndustryChain":
                chains.append(self.uid[x])
        fields.extend(self.expert_fields.get(eid, ()))
        return chains, fields


def weighted_ties(raw: dict[str, list[str]], scoped: bool) -> dict[str, list[Any]]:
    """The weighted ties ``collab_edges.cypher`` defines — parallel lists ``a``, ``b``, ``kind``,
    ``weight`` — from the raw relationship lists of ``collab_ties.cypher``. The server then only
    scans relationships by type; grouping 200k ties there took it three times as long (1.9 s
    against 3.4 s just after a start at 100k firms, 0.25 against 0.7 s warm), and the network's
    merge (``collabnet._merge``) sums the weights anyway. ``scoped``: keep only the ties of the
    chain's ``members`` and the affiliations of experts who work with one (as that query does)."""
    a: list[str] = list(raw["collab_a"])
    b: list[str] = list(raw["collab_b"])
    kind = ["collaboration"] * len(a)
    weight = [1] * len(a)  # one per relationship: summed, they are collab_edges' count(r)

    def add(x: str, y: str, k: str) -> None:
        a.append(x)
        b.append(y)
        kind.append(k)
        weight.append(1)

    by_consortium: dict[str, set[str]] = {}
    for m, k in zip(raw["member_a"], raw["member_k"], strict=True):
        by_consortium.setdefault(k, set()).add(m)
    for members in by_consortium.values():  # each pair of members once per shared consortium
        ordered = sorted(members)
        for i, x in enumerate(ordered):
            for y in ordered[i + 1 :]:
                add(x, y, "consortium")
    hosts: dict[str, set[str]] = {}
    for w, e in zip(raw["host_w"], raw["host_e"], strict=True):
        hosts.setdefault(w, set()).add(e)
    for x, w in set(zip(raw["station_x"], raw["station_w"], strict=True)):  # distinct workstations
        for e in hosts.get(w, ()):
            add(x, e, "workstation")
    for x, y in zip(raw["affil_x"], raw["affil_b"], strict=True):
        add(x, y, "affiliation")
    ties = {"a": a, "b": b, "kind": kind, "weight": weight}
    return _in_scope(ties, set(raw["members"])) if scoped else ties


def _in_scope(ties: dict[str, list[Any]], members: set[str]) -> dict[str, list[Any]]:
    """A chain's ties: those of its firms, and the affiliations of the experts who collaborate
    with one of them or are stationed at a workstation one hosts."""
    experts = set()
    for x, y, k in zip(ties["a"], ties["b"], ties["kind"], strict=True):
        if k == "collaboration" and (x in members or y in members):
            experts.update((x, y))  # only affiliations' experts are looked up in it
        elif k == "workstation" and y in members:
            experts.add(x)
    keep = [
        i
        for i, (x, y, k) in enumerate(zip(ties["a"], ties["b"], ties["kind"], strict=True))
        if x in members or y in members or (k == "affiliation" and x in experts)
    ]
    return {key: [values[i] for i in keep] for key, values in ties.items()}


def _grouped(pairs: list[list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


@dataclass
class Reads:
    """The network, each network organisation's field names (what names a community), and the
    local firms of the scope with fields (the recommendations' input)."""

    network: Network
    fields: dict[str, list[str]]
    firms: list[dict[str, Any]]
    research_ties: set[tuple[str, str]]  # (local firm uid, "Label:uid" of a research partner)
    tiered: list[dict[str, Any]]  # the scope's local firms with a tier: uid, rank, chains, segments


def read(graph: Any, chain: str | None = None) -> Reads:
    """Ties, reference maps and organisations; for the district every organisation is read (nearly
    all have a tie, and no list of 100k ids is sent), for a chain those its ties join plus the
    chain's local firms."""
    district = load_schema().local_district
    with ThreadPoolExecutor(max_workers=2) as pool:
        referencing = pool.submit(fetch, graph, "collab_reference")
        reading = None
        if chain is None:  # independent of the ties: read meanwhile
            reading = pool.submit(fetch, graph, "collab_orgs_all", local_district=district)
        ties = weighted_ties(fetch(graph, "collab_ties", chain=chain)[0], chain is not None)
        tied = set(ties["a"]) | set(ties["b"])
        if reading is None:
            found = fetch(graph, "collab_orgs", ids=sorted(tied), chain=chain, local_district=district)
        else:
            found = reading.result()
        ref = Reference.of(referencing.result()[0])
    rows, firms, tiered = [], [], []
    who: dict[str, tuple[str, str, bool]] = {}
    for eid, label, uid, name, local, sample, tier, rank, refs in found[0]["orgs"]:
        who[eid] = (label, uid, local)
        chains, fields = ref.resolve(eid, refs)
        if eid in tied:
            rows.append([eid, label, uid, name, local, sample, chains, tier, [ref.name[f] for f in fields]])
        if label != "Enterprise" or not local or (chain is not None and chain not in chains):
            continue
        if tier is not None and rank is not None:  # the isolates' candidates (collab.isolates_and_unknown)
            segments = [ref.name[x] for x in refs if ref.kind.get(x) == "ChainSegment"]
            tiered.append({"uid": uid, "rank": rank, "chains": chains, "segments": segments})
        if fields:
            firms.append(
                {
                    "uid": uid,
                    "name": name,
                    "fields": [ref.uid[f] for f in fields],
                    "chains": chains,
                    "rank": 0 if rank is None else rank,  # no tier: 0
                    "sample": sample,
                }
            )
    g, fields_by_key = collabnet.build(rows, ties)
    return Reads(g, fields_by_key, firms, _research_ties(ties, who), tiered)


# Which partners a tie of each kind makes a local firm's existing research partner: a
# collaboration with a university, institute or expert, a consortium shared with a university or
# institute, a workstation where an expert is stationed.
RESEARCH = ("University", "ResearchInstitute", "Expert")
RESEARCH_BY_KIND = {
    "collaboration": ("University", "ResearchInstitute", "Expert"),
    "consortium": ("University", "ResearchInstitute"),
    "workstation": ("Expert",),
}


def _research_ties(ties: dict[str, list[Any]], who: dict[str, tuple[str, str, bool]]) -> set[tuple[str, str]]:
    """(local firm uid, "Label:uid") of every research partner a local firm of the scope already
    has through the network's ties (every tie of such a firm is in the scope's network); a
    consortium the firm leads rather than joins is not a tie of the network and is read apart
    (``collab_rec_leads``)."""
    out: set[tuple[str, str]] = set()
    research = {eid for eid, (label, _, _) in who.items() if label in RESEARCH}  # a few thousand
    for a, b, kind in zip(ties["a"], ties["b"], ties["kind"], strict=True):
        if a in research:  # most ties join two enterprises: one set look-up passes them
            e, p = b, a
        elif b in research:
            e, p = a, b
        else:
            continue
        e_label, e_uid, local = who[e]
        p_label, p_uid, _ = who[p]
        if e_label == "Enterprise" and local and p_label in RESEARCH_BY_KIND.get(kind, ()):
            out.add((e_uid, f"{p_label}:{p_uid}"))
    return out
