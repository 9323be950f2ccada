"""Small ecosystems of the contract graph model, built from compact Python data.

Tests describe an ecosystem with :class:`Eco` (chains, firms, universities, experts, ties) and
write it with parameterised Cypher — labels and types only through ``schema.cypher`` — so the
analyses can be tested before, and independently of, the importer.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kg.graph.schema import cypher, load_schema

Ref = tuple[str, str]  # (label, uid)
LOCAL = "松江区"


@dataclass
class Eco:
    nodes: dict[Ref, dict[str, Any]] = field(default_factory=dict)
    rels: list[tuple[str, Ref, Ref, dict[str, Any]]] = field(default_factory=list)

    # -- primitives ---------------------------------------------------------------------------
    def node(self, label: str, uid: str, **props: Any) -> Ref:
        ref = (label, uid)
        row = self.nodes.setdefault(ref, {"uid": uid, "name": uid, "sample": False, "source": "test"})
        row.update({k: v for k, v in props.items() if v is not None})
        row["search_text"] = row["name"]
        return ref

    def rel(self, rtype: str, a: Ref, b: Ref, **props: Any) -> None:
        self.rels.append((rtype, a, b, {"source": "test", "sample": False, **props}))

    def field(self, name: str) -> Ref:
        return self.node("TechField", name)

    # -- the contract model ---------------------------------------------------------------------
    def chain(self, name: str, segments: list[tuple], feeds: list[tuple[str, str]] = ()) -> Ref:
        """segments: (name, position, order, [fields], key_segment=False)."""
        chain = self.node("IndustryChain", name)
        for seg in segments:
            seg_name, position, order, fields = seg[:4]
            key = seg[4] if len(seg) > 4 else False
            ref = self.node("ChainSegment", f"{name}/{seg_name}", name=seg_name, chain=name,
                            position=position, order=order, key_segment=key)
            self.rel("PART_OF", ref, chain)
            for f in fields:
                self.rel("HAS_FIELD", ref, self.field(f))
        for up, down in feeds:
            self.rel("FEEDS", ("ChainSegment", f"{name}/{up}"), ("ChainSegment", f"{name}/{down}"))
        return chain

    def enterprise(self, uid: str, *, local: bool = True, segments: tuple[str, ...] = (),
                   tiers: dict[str, int | None] | None = None, fields: tuple[str, ...] = (),
                   name: str | None = None, sample: bool = False) -> Ref:
        """segments as "chain/segment"; tiers as {tier name: year}."""
        ref = self.node("Enterprise", uid, name=name or uid, district=LOCAL if local else "闵行区",
                        credit_code=None, sample=sample)
        chains = []
        for seg in segments:
            self.rel("IN_SEGMENT", ref, ("ChainSegment", seg))
            chain = seg.split("/", 1)[0]
            if chain not in chains:
                chains.append(chain)
                self.rel("IN_CHAIN", ref, ("IndustryChain", chain))
        for tier, year in (tiers or {}).items():
            self.rel("CERTIFIED", ref, ("Tier", tier), year=year)
        for f in fields:
            self.rel("HAS_FIELD", ref, self.field(f))
        return ref

    def university(self, uid: str, fields: tuple[str, ...] = (), *, label: str = "University") -> Ref:
        ref = self.node(label, uid)
        for f in fields:
            self.rel("HAS_FIELD", ref, self.field(f))
        return ref

    def expert(self, uid: str, affiliation: Ref | None = None, fields: tuple[str, ...] = ()) -> Ref:
        ref = self.node("Expert", uid, title="专家")
        if affiliation:
            self.rel("AFFILIATED_WITH", ref, affiliation)
        for f in fields:
            self.rel("HAS_FIELD", ref, self.field(f))
        return ref

    def workstation(self, uid: str, host: Ref, experts: tuple[Ref, ...] = ()) -> Ref:
        ref = self.node("Workstation", uid)
        self.rel("HOSTED_BY", ref, host)
        for x in experts:
            self.rel("STATIONED_AT", x, ref)
        return ref

    def consortium(self, uid: str, leader: Ref, members: tuple[Ref, ...] = (),
                   chains: tuple[str, ...] = ()) -> Ref:
        ref = self.node("Consortium", uid, focus="攻关")
        self.rel("LEADS", leader, ref)
        for m in (leader, *members):
            self.rel("MEMBER_OF", m, ref)
        for c in chains:
            self.rel("SERVES", ref, ("IndustryChain", c))
        return ref

    def carrier(self, uid: str, ctype: str, chains: tuple[str, ...] = ()) -> Ref:
        ref = self.node("Carrier", uid, type=ctype)
        self.rel("OF_TYPE", ref, ("CarrierType", ctype))
        for c in chains:
            self.rel("SERVES", ref, ("IndustryChain", c))
        return ref

    def collab(self, a: Ref, b: Ref, year: int = 2024, ctype: str = "联合研发") -> None:
        self.rel("COLLABORATES_WITH", a, b, type=ctype, year=year, project=f"{a[1]}×{b[1]}")

    def measure(self, no: int, *, chains: tuple[str, ...] = (), tiers: tuple[str, ...] = (),
                carrier_types: tuple[str, ...] = ()) -> Ref:
        policy = self.node("Policy", "沪松府〔2025〕150号", name="若干意见")
        ref = self.node("Measure", f"沪松府〔2025〕150号/{no}", no=no, name=f"措施{no}",
                        title=f"措施{no}", section_no=1)
        self.rel("PART_OF", ref, policy)
        for c in chains:
            self.rel("SUPPORTS", ref, ("IndustryChain", c))
        for t in tiers:
            self.rel("SUPPORTS", ref, ("Tier", t))
        for k in carrier_types:
            self.rel("SUPPORTS", ref, ("CarrierType", k))
        return ref

    # -- writing ------------------------------------------------------------------------------------
    def load_into(self, graph: Any) -> Any:
        """Empty ``graph`` and write this ecosystem into it (module fixtures build it once)."""
        from tests.conftest import wipe

        wipe(graph)
        self.write(graph)
        return graph

    def write(self, graph: Any, *, shuffle_seed: int | None = None) -> None:
        """Create everything (plus the schema's Tier and CarrierType nodes); order shuffled on request."""
        schema = load_schema()
        for tier in schema.tiers:
            self.node("Tier", tier.name, rank=tier.rank)
        for ctype in schema.carrier_types:
            self.node("CarrierType", ctype)
        nodes = list(self.nodes.items())
        rels = list(self.rels)
        if shuffle_seed is not None:
            rng = random.Random(shuffle_seed)
            rng.shuffle(nodes)
            rng.shuffle(rels)
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for (label, _), row in nodes:
            by_label[label].append(row)
        by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for rtype, a, b, props in rels:
            by_type[(rtype, a[0], b[0])].append({"a": a[1], "b": b[1], "props": props})
        with graph.driver.session(database=graph.database) as session:
            for label, rows in by_label.items():
                session.run(cypher("UNWIND $rows AS row CREATE (n:{label}) SET n = row", label=label),
                            rows=rows).consume()
            for (rtype, la, lb), rows in by_type.items():
                query = cypher("UNWIND $rows AS row MATCH (a:{la} {{uid: row.a}}) "
                               "MATCH (b:{lb} {{uid: row.b}}) CREATE (a)-[r:{rtype}]->(b) "
                               "SET r = row.props RETURN count(r) AS n",
                               la=la, lb=lb, rtype=rtype)
                created = session.run(query, rows=rows).single()["n"]
                assert created == len(rows), f"dangling {rtype} {la}->{lb} in fixture"
        from kg.analyses import derive

        derive.refresh_all(graph)  # what the importer does in its transaction (derived enterprise facts)
