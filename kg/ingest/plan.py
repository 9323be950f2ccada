"""The import plan: the nodes and relationships to write, as typed rows, and every problem found.

``build_plan`` is the one entry point (validation and import both call it); the generic mapper in
``kg.ingest.mapping`` fills the plan from the templates' targets in the schema, and the loader
writes a plan that has no errors.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg.graph.connection import Graph
from kg.ingest.model import Problem, Table
from kg.ingest.templates import strip_invisible
from kg.memory import without_cycle_collection


@dataclass(slots=True)
class Provenance:
    """Where a row came from: ``source`` (URL or file#sha256:…:row N) and whether it is sample data."""

    source: str
    sample: bool


@dataclass(slots=True)
class NodeRow:
    """One node to write. ``name`` is set when created only; later spellings become ``aliases``."""

    uid: str
    name: str
    props: dict[str, Any]
    aliases: list[str]
    source: str
    sources: list[str]
    sample: bool


@dataclass(slots=True)
class RelRow:
    """One relationship to write between two uids; ``key`` keeps several between one pair apart."""

    a: str
    b: str
    key: str | None
    props: dict[str, Any]
    source: str
    sources: list[str]
    sample: bool


RelGroup = tuple[str, str, str]  # (type, start label, end label): one Cypher statement per group


@dataclass
class Plan:
    import_id: str
    files: list[str]
    rows: int
    nodes: dict[str, dict[str, NodeRow]] = field(default_factory=dict)
    rels: dict[RelGroup, dict[tuple[str, str, str], RelRow]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add_node(
        self,
        label: str,
        uid: str,
        origin: Provenance,
        props: dict[str, Any],
        *,
        defining: bool = True,
        aliases: list[str] | None = None,
    ) -> None:
        """Add (or merge into) a node; real data wins over sample for ``sample``.

        ``defining`` is False for a node only mentioned (a park or field named in a cell): it is
        created when missing but its properties and sources are left to the row that defines it.
        """
        nodes = self.nodes.get(label)
        if nodes is None:
            nodes = self.nodes[label] = {}
        entry = nodes.get(uid)
        if entry is not None and not defining:
            entry.sample = entry.sample and origin.sample
            return
        props = {k: v for k, v in props.items() if v is not None and v != []}
        name = props.pop("name", uid)
        if entry is None:
            nodes[uid] = NodeRow(
                uid,
                name,
                props,
                list(dict.fromkeys(aliases or [])),
                origin.source,
                [origin.source],
                origin.sample,
            )
            return
        entry.sample = entry.sample and origin.sample
        if defining:
            entry.props.update(props)
            if origin.source not in entry.sources:
                entry.sources.append(origin.source)
            for alias in [*(aliases or []), name]:
                if alias not in entry.aliases and alias != entry.name:
                    entry.aliases.append(alias)

    def add_rel(
        self,
        group: RelGroup,
        a: str,
        b: str,
        origin: Provenance,
        props: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> None:
        bucket = self.rels.get(group)
        if bucket is None:
            bucket = self.rels[group] = {}
        ident = (a, b, key or "")
        entry = bucket.get(ident)
        source = origin.source
        if entry is None:
            clean = {k: v for k, v in props.items() if v is not None} if props else {}
            bucket[ident] = RelRow(a, b, key, clean, source, [source], origin.sample)
            return
        entry.sample = entry.sample and origin.sample
        if source not in entry.sources:
            entry.sources.append(source)


@lru_cache(maxsize=1024)
def extra_key(header: str) -> str:
    """A safe property name for an unknown column (it is a parameter-map key, never Cypher text)."""
    text = re.sub(r"[^\w]+", "_", unicodedata.normalize("NFKC", strip_invisible(header))).strip("_")
    return "extra_" + (text or "column")


def import_id_of(tables: Sequence[Table]) -> str:
    """Deterministic: the same files give the same id, so re-importing them changes nothing."""
    digest = hashlib.sha256(json.dumps(sorted({(t.file, t.sha256) for t in tables})).encode()).hexdigest()
    return "imp-" + digest[:12]


def build_plan(tables: Sequence[Table], graph: Graph | None) -> Plan:
    """Every problem of ``tables`` and, when there is no error, what to write."""
    from kg.ingest.mapping import Mapper
    from kg.ingest.resolve import load_state

    state = load_state(graph)
    with without_cycle_collection():
        return Mapper(tables, state).build()
