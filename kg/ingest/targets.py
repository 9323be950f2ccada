"""Reference resolution: how one cell value finds the node a relationship points to.

Each resolver is named in the schema (``resolve:``) and returns the hits (label, uid, relationship
properties) or reports why there is none — unknown, ambiguous, out of range — with the closest
known spelling as a suggestion. Nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from kg.graph.schema import load_schema
from kg.ingest.cells import Cells
from kg.ingest.names import name_uid, norm_name
from kg.ingest.plan import Plan
from kg.ingest.problems import Problems
from kg.ingest.resolve import GraphState, closest
from kg.ingest.rows import Row
from kg.ingest.templates import Column, Target, fold

_CHAINS = ("", "row chains", ())  # where a row keeps the chains it names (see _row_chains)
_REL_PROPS = "rel props"  # where a row keeps its rel_property values, per relationship type
TIER_ITEM = re.compile(r"^(?P<name>.*?)\s*[(（]\s*(?P<year>\d{4})\s*(?:年)?\s*[)）]$")


class Hit(NamedTuple):
    """A resolved reference: the node, and what the relationship to it carries."""

    label: str
    uid: str
    props: dict[str, Any] | None = None
    key: str | None = None
    parent: str | None = None  # the chain of a segment (for ``implies``)


class Resolvers:
    """The resolvers of one import, over what the graph holds and what the import defines."""

    def __init__(self, state: GraphState, plan: Plan, problems: Problems, cells: Cells) -> None:
        self.state = state
        self.plan = plan
        self.problems = problems
        self.cells = cells
        schema = load_schema()
        self.tiers = {fold(k): t for k, t in schema.tier_by_name().items()}
        self.tier_names = [t.name for t in schema.tiers] + [a for t in schema.tiers for a in t.aliases]
        # (tier cell text, the row's year) → its hit (errors: reported each time)
        self._tier_hits: dict[tuple[str, Any], list[Hit]] = {}
        self._by_name: dict[str, Callable[[Row, Column, Target, str], list[Hit]]] = {
            "chain": self.chain,
            "segment": self.segment,
            "tier": self.tier,
            "park": self.park,
            "field": self.field,
            "org": self.org,
            "reference": self.reference,
            "upstream": self.upstream,
            "related": self.related,
        }

    def column(self, row: Row, col: Column, target: Target) -> list[Hit]:
        """Every hit of one column of one row (looked up once, however many targets use it)."""
        how = target.resolve
        cache_key = (col.key, how, target.labels)
        resolved = row.resolved
        hits = resolved.get(cache_key)
        if hits is not None:
            return hits
        resolver = self._by_name[how]
        if how == "related":
            hits = resolver(row, col, target, "")
        else:
            value = row.values.get(col.key)
            if isinstance(value, list):
                hits = [hit for item in value for hit in resolver(row, col, target, item)]
            else:
                hits = resolver(row, col, target, value) if value else []
        resolved[cache_key] = hits
        return hits

    def rel_props(self, row: Row, rel: str) -> dict[str, Any]:
        """The properties the row's ``rel_property`` columns give its relationships of type ``rel``
        (the first column to give a property wins; ``part: year`` takes a date's year)."""
        cache_key = ("", _REL_PROPS, (rel,))
        props = row.resolved.get(cache_key)
        if props is None:
            props = {}
            for key, t in row.tpl.rel_properties:
                value = row.values.get(key)
                if t.rel != rel or value is None or t.name in props:
                    continue
                props[t.name] = int(str(value)[:4]) if t.part == "year" else value
            row.resolved[cache_key] = props
        return props

    def _error(self, row: Row, col: Column, value: str, reason: str, suggestion: str = "") -> list[Hit]:
        self.problems.add(row.where, col.header, value, reason, suggestion)
        return []

    # --- resolvers (row, column, target, one cell value) → hits -------------------------------
    def chain(self, row: Row, col: Column, target: Target, name: str) -> list[Hit]:
        uid = self.state.chains.get(fold(name))
        if uid is None:
            known = sorted(set(self.state.chains.values()))
            return self._error(row, col, name, "未知的产业链（请先导入其产业链环节）", closest(name, known))
        return [Hit("IndustryChain", uid)]

    def _row_chains(self, row: Row) -> tuple[bool, list[str], str]:
        """Whether the row names chains, those that resolved, and the header of the chain column."""
        cached = row.resolved.get(_CHAINS)
        if cached is None:
            cached = row.resolved[_CHAINS] = self._find_row_chains(row)
        return cached

    def _find_row_chains(self, row: Row) -> tuple[bool, list[str], str]:
        given, uids, header = False, [], ""
        for col, t in row.tpl.relationships:
            if t.resolve == "chain":
                header = header or col.header
                if row.values.get(col.key):
                    given = True
                    uids += [h.uid for h in self.column(row, col, t)]
        return given, list(dict.fromkeys(uids)), header

    def segment(self, row: Row, col: Column, target: Target, seg: str) -> list[Hit]:
        given, chain_uids, chain_header = self._row_chains(row)
        scope = chain_uids if given else list(self.state.segments)
        folded = fold(seg)
        hits = [
            (c, self.state.segments[c][folded]) for c in scope if folded in self.state.segments.get(c, {})
        ]
        if len(hits) == 1:
            chain, uid = hits[0]
            return [Hit("ChainSegment", uid, parent=None if given else chain)]  # given: already linked
        if len(hits) > 1:
            chains = "、".join(c for c, _ in hits)
            return self._error(
                row, col, seg, f"环节属于多个产业链（{chains}）", f"请在“{chain_header}”列填写所属产业链"
            )
        if given and not chain_uids:
            return []  # the unknown chain is already reported
        names = sorted(
            {uid.split("/", 1)[1] for c in scope for uid in self.state.segments.get(c, {}).values()}
        )
        where = f"产业链 {'、'.join(scope)} 中" if given else "任何产业链中"
        return self._error(row, col, seg, f"{where}没有此环节", closest(seg, names))

    def tier(self, row: Row, col: Column, target: Target, item: str) -> list[Hit]:
        """A tier item; without a year of its own it takes the row's (认定日期, 认定年份)."""
        row_year = self.rel_props(row, target.name).get("year") if row.tpl.rel_properties else None
        hits = self._tier_hits.get((item, row_year))
        if hits is None:
            hits = self._tier(row, col, item, row_year)
            if hits:  # the same text is the same tier and year: one Hit for every row naming it
                self._tier_hits[(item, row_year)] = hits
        return hits

    def _tier(self, row: Row, col: Column, item: str, row_year: int | None) -> list[Hit]:
        match = TIER_ITEM.match(item)
        name, year = (match["name"], int(match["year"])) if match else (item, row_year)
        tier = self.tiers.get(fold(name))
        if tier is None:
            return self._error(row, col, item, "未知的资质（梯度）名称", closest(name, self.tier_names))
        if year is not None and not self.cells.year_in_range(year):
            return self._error(row, col, item, f"年份超出范围 {self.cells.year_floor}–{self.cells.year_now}")
        return [Hit("Tier", tier.name, {"year": year}, key=f"{tier.name}|{year or ''}")]

    def park(self, row: Row, col: Column, target: Target, name: str) -> list[Hit]:
        norm = norm_name(name)
        uid = self.state.parks.get(norm)
        if uid is None:
            uid = name_uid(name)
            self.state.parks[norm] = uid
            self.plan.add_node("Park", uid, row.origin, {"name": name}, defining=False)
            self.problems.warn(
                row.where,
                col.header,
                name,
                "园区不在园区名单中，已按此名称新建",
                "如为笔误请改正；也可先导入园区名单",
            )
        return [Hit("Park", uid)]

    def field(self, row: Row, col: Column, target: Target, name: str) -> list[Hit]:
        uid = self.state.fields.setdefault(fold(name), name)
        self.plan.add_node("TechField", uid, row.origin, {"name": uid}, defining=False)
        return [Hit("TechField", uid)]

    def org(self, row: Row, col: Column, target: Target, text: str) -> list[Hit]:
        ent, reason, suggestion = self.state.orgs.resolve(text, target.labels)
        if ent is None:
            return self._error(row, col, text, reason, suggestion)
        return [Hit(ent.label, ent.uid)]

    def reference(self, row: Row, col: Column, target: Target, value: str) -> list[Hit]:
        return [Hit(target.labels[0], value)]  # a schema list (carrier types): the choice is the uid

    def upstream(self, row: Row, col: Column, target: Target, up: str) -> list[Hit]:
        chain = row.related.get("IndustryChain", "")
        segs = self.state.segments.get(chain, {})
        uid = segs.get(fold(up))
        if uid is None:
            names = [u.split("/", 1)[1] for u in segs.values()]
            return self._error(row, col, up, f"产业链 {chain} 中没有此环节", closest(up, names))
        if uid == row.uid:
            return self._error(row, col, up, "环节不能是自己的上游")
        return [Hit("ChainSegment", uid)]

    def related(self, row: Row, col: Column, target: Target, _: str) -> list[Hit]:
        return [Hit(label, row.related[label]) for label in target.labels if label in row.related]
