"""Entity resolution: which node a name or credit code means, in this import or in the graph.

An organisation is matched on its credit code, else on its normalised name (and aliases). One
normalised name that fits several nodes is reported as ambiguous, never guessed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from kg.graph.connection import Graph
from kg.ingest.names import norm_name
from kg.ingest.templates import fold
from kg.ingest.uscc import CODE
from kg.querylib import fetch

SUGGEST_BUDGET = 200  # fuzzy suggestions are costly on big name lists; later unknowns get none


@dataclass(frozen=True)
class Entity:
    label: str
    uid: str
    name: str
    code: str | None = None
    where: str = ""  # "file row N" for entities of this import, "" for the graph


@dataclass
class OrgIndex:
    """Organisations by uid, credit code and normalised name/alias."""

    by_uid: dict[tuple[str, str], Entity] = field(default_factory=dict)
    by_code: dict[str, Entity] = field(default_factory=dict)
    by_norm: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    suggestions_left: int = SUGGEST_BUDGET

    def add(self, ent: Entity, aliases: tuple[str, ...] = ()) -> None:
        key = (ent.label, ent.uid)
        self.by_uid[key] = ent
        if ent.code:
            self.by_code[ent.code.upper()] = ent
        for text in (ent.name, *aliases):
            if text:
                self._index(norm_name(text), key)
        if ent.label == "Expert":
            self._index(norm_name(ent.uid), key)

    def _index(self, norm: str, key: tuple[str, str]) -> None:
        keys = self.by_norm.get(norm)
        if keys is None:
            self.by_norm[norm] = {key}
        else:
            keys.add(key)

    def named(self, text: str, labels: tuple[str, ...]) -> list[Entity]:
        keys = self.by_norm.get(norm_name(text))
        if not keys:
            return []
        return sorted((self.by_uid[k] for k in keys if k[0] in labels), key=lambda e: (e.label, e.uid))

    def resolve(self, text: str, labels: tuple[str, ...]) -> tuple[Entity | None, str, str]:
        """(entity, reason, suggestion): entity is None when unknown or ambiguous."""
        value = text.strip()
        if len(value) == 18 and "Enterprise" in labels and CODE.fullmatch(code := value.upper()):
            ent = self.by_code.get(code)  # a code: looks_like_code, without its second strip
            if ent:
                return ent, "", ""
            return None, "未知的统一社会信用代码（本次导入与图谱中均无此企业）", ""
        hits = self.named(value, labels)
        if len(hits) == 1:
            return hits[0], "", ""
        if len(hits) > 1:
            listed = "；".join(f"{h.name}（{h.uid}）" for h in hits[:5])
            return None, f"名称对应多个节点，无法确定：{listed}", "请改填统一社会信用代码或完整名称"
        return None, "未知的单位（本次导入与图谱中均无此名称）", self.suggest(value, labels)

    def suggest(self, text: str, labels: tuple[str, ...]) -> str:
        if self.suggestions_left <= 0:
            return ""
        self.suggestions_left -= 1
        names = {e.name for e in self.by_uid.values() if e.label in labels}
        close = difflib.get_close_matches(text, list(names), n=1, cutoff=0.6)
        return close[0] if close else ""


def closest(text: str, options: list[str]) -> str:
    """The closest option by spelling (for segment, chain, tier and vocabulary suggestions)."""
    by_fold = {fold(o): o for o in options}
    close = difflib.get_close_matches(fold(text), list(by_fold), n=1, cutoff=0.3)
    return by_fold[close[0]] if close else ""


@dataclass
class GraphState:
    """What the graph already holds that an import may refer to."""

    orgs: OrgIndex
    chains: dict[str, str]  # folded chain name → uid
    segments: dict[str, dict[str, str]]  # chain uid → folded segment name → uid
    parks: dict[str, str]  # normalised park name → uid
    fields: dict[str, str]  # folded field name → uid


def load_state(graph: Graph | None) -> GraphState:
    """Read the nodes an import can resolve against (nothing when ``graph`` is None)."""
    state = GraphState(OrgIndex(), {}, {}, {}, {})
    if graph is None:
        return state
    for r in fetch(graph, "ingest_organisations"):
        state.orgs.add(Entity(r["label"], r["uid"], r["name"], r["code"]), tuple(r["aliases"]))
    for r in fetch(graph, "ingest_chains"):
        state.chains[fold(r["name"])] = r["uid"]
    for r in fetch(graph, "ingest_segments"):
        state.segments.setdefault(r["chain"], {})[fold(r["name"] or r["uid"])] = r["uid"]
    for r in fetch(graph, "ingest_parks"):
        state.parks[norm_name(r["name"])] = r["uid"]
    for r in fetch(graph, "ingest_fields"):
        state.fields[fold(r["name"])] = r["uid"]
    return state
