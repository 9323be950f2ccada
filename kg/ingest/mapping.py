"""The one generic mapper: typed rows → the import plan, driven by the templates' targets.

For every row: its identity (``kg.ingest.identity``) says which node it is; then each column's
targets (from the schema) say what its value becomes — a property of that node (or of the node its
identity brings along), a relationship resolved by a named resolver (``kg.ingest.targets``), or
part of a relationship row. Nothing here names a template, a column or a property, so a column
added to the schema is imported as the schema says.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, NamedTuple

from kg.forked import forked
from kg.graph.schema import load_schema
from kg.ingest.cells import Cells
from kg.ingest.identity import Identities, aliases_of
from kg.ingest.model import Problem, Table
from kg.ingest.names import norm_name
from kg.ingest.plan import Plan, RelGroup, RelRow, import_id_of
from kg.ingest.problems import Problems, Where
from kg.ingest.resolve import SUGGEST_BUDGET, GraphState
from kg.ingest.rows import Row, read_rows
from kg.ingest.targets import Hit, Resolvers
from kg.ingest.templates import Column, Target, Template, templates

NAME_NORM = "name_norm"  # computed from the name wherever a label declares it (matching, indexed)


class Mapper:
    """Builds one import's plan: rows read, identities defined, then nodes, references, edges."""

    def __init__(self, tables: Sequence[Table], state: GraphState) -> None:
        self.tables = tables
        self.schema = load_schema()
        self.problems = Problems()
        self.cells = Cells(self.problems)
        self.plan = Plan(
            import_id=import_id_of(tables),
            files=sorted({t.file.split("[")[0] for t in tables}),
            rows=sum(len(t.rows) for t in tables),
        )
        self.resolvers = Resolvers(state, self.plan, self.problems, self.cells)
        self.identities = Identities(state, self.problems, self.resolvers)
        self.seen_edges: dict[tuple[str, ...], Where] = {}  # an edge's first row (named if repeated)
        self.normed = {label for label, node in self.schema.nodes.items() if NAME_NORM in node.properties}
        self.groups: set[RelGroup] = {
            (name, a, b) for name, rel in self.schema.relationships.items() for a, b in rel.pairs
        }
        self.edge_layout = {
            tpl.key: _edge_layout(tpl) for tpl in templates().values() if tpl.edge is not None
        }
        self.edge_targets = {
            tpl.key: Target("rel", tpl.edge.rel, labels=tpl.edge.labels, resolve=tpl.edge.resolve)
            for tpl in templates().values()
            if tpl.edge is not None
        }

    def build(self) -> Plan:
        """Node rows are read and define their nodes; then their nodes and references, and the
        relationship rows (合作关系), which only need the definitions. Problems are found in that
        order: node tables read, relationship tables read, definitions, nodes, references, edges.

        With many relationship rows and ``os.fork``, a forked child reads and maps those (each
        mapped from the definitions alone, the same as here) while this process maps the nodes
        and references: two cores for a 100k import, the very same plan and problems."""
        edge_tables = [t for t in self.tables if _is_edge_table(t)]
        rows = read_rows([t for t in self.tables if not _is_edge_table(t)], self.cells, self.problems)
        # only with a real fork: the child empties its copy of the plan's relationships and problems
        if sum(len(t.rows) for t in edge_tables) >= APART_MIN_ROWS and hasattr(os, "fork"):
            after_reading = len(self.problems.listed)
            self.identities.define_all(rows)
            with forked(lambda: self._edges_apart(edge_tables)) as child:
                self._nodes_and_references(rows)
                self._take_edges(child.result(), after_reading)
        else:
            edge_rows = read_rows(edge_tables, self.cells, self.problems)
            self.identities.define_all(rows)
            self._nodes_and_references(rows)
            self._edges(edge_rows)
        self.plan.problems = self.problems.result()
        return self.plan

    def _nodes_and_references(self, rows: list[Row]) -> None:
        # Rows grouped by template in the schema's order (file and row order kept within one):
        # the first row to mention a shared node (a field, a park) gives it its source, and that
        # stays what it has always been.
        _in_template_order(rows)
        for row in rows:
            if row.uid is not None and row.label is not None:
                self.node(row)
        for row in rows:  # references after every definition: any row may point to any other
            if row.uid is not None:
                self.relationships(row)

    def _edges(self, rows: list[Row]) -> None:
        """The relationship rows, with suggestions for unknown names of their own budget (so both
        ways of building the plan suggest the same)."""
        self.identities.state.orgs.suggestions_left = SUGGEST_BUDGET
        _in_template_order(rows)
        for row in rows:
            self.edge(row)

    def _edges_apart(self, tables: list[Table]) -> _EdgesApart:
        """In the forked child: read and map the relationship tables; return only what that
        added (relationships as tuples, problems in the order found: reading, then mapping)."""
        self.problems.take()  # this process's problems stay with it
        self.plan.rels = {}
        edge_rows = read_rows(tables, self.cells, self.problems)
        read = self.problems.take()
        self._edges(edge_rows)
        rels = {
            group: [(r.a, r.b, r.key, r.props, r.source, r.sources, r.sample) for r in bucket.values()]
            for group, bucket in self.plan.rels.items()
        }
        return _EdgesApart(rels, read, self.problems.take())

    def _take_edges(self, apart: _EdgesApart, after_reading: int) -> None:
        """Add the child's relationships as ``Plan.add_rel`` would have, had they come after this
        process's; put its problems where they were found (``Problems.interleave``)."""
        for group, rows in apart.rels.items():
            bucket = self.plan.rels.setdefault(group, {})
            for a, b, key, props, source, sources, sample in rows:
                ident = (a, b, key or "")
                entry = bucket.get(ident)
                if entry is None:
                    bucket[ident] = RelRow(a, b, key, props, source, sources, sample)
                    continue
                entry.sample = entry.sample and sample
                entry.sources += [s for s in sources if s not in entry.sources]
        self.problems.interleave(after_reading, apart.read, apart.mapped)

    # --- nodes ---------------------------------------------------------------------------------
    def node(self, row: Row) -> None:
        """The row's node with every property its columns target (and those of related nodes)."""
        label, uid = row.label or "", row.uid or ""
        own: dict[str, Any] = {}
        related: dict[str, dict[str, Any]] = {}
        for key, t in row.tpl.properties:
            value = row.values.get(key)
            if t.of:
                if t.of in row.related and value is not None:
                    related.setdefault(t.of, {})[t.name] = value
            else:
                own[t.name] = value
        name = own.get("name")
        if name and label in self.normed:
            own[NAME_NORM] = norm_name(name)
        for other, other_uid in row.related.items():
            self.plan.add_node(other, other_uid, row.origin, {"name": other_uid}, defining=False)
            if related.get(other):
                self.plan.add_node(other, other_uid, row.origin, {"name": other_uid, **related[other]})
        if row.extras:
            own.update(row.extras)
        self.plan.add_node(label, uid, row.origin, own, aliases=aliases_of(row))

    # --- relationships -------------------------------------------------------------------------
    def relationships(self, row: Row) -> None:
        label, uid = row.label or "", row.uid or ""
        values, column, rel = row.values, self.resolvers.column, self.rel
        groups, add, origin = self.groups, self.plan.add_rel, row.origin
        given = row.tpl.rel_properties
        for col, t in row.tpl.relationships:
            if col.key not in values and t.resolve != "related":
                continue
            more = self.resolvers.rel_props(row, t.name) if given else None
            for hit in column(row, col, t):
                if more:  # the row's certificate (rel_property columns); the hit's own values win
                    props = {k: v for k, v in (hit.props or {}).items() if v is not None}
                    hit = hit._replace(props={**more, **props})
                if t.incoming:
                    group, a, b = (t.name, hit.label, label), hit.uid, uid
                else:
                    group, a, b = (t.name, label, hit.label), uid, hit.uid
                if group in groups:  # as rel() does, without a call a relationship (a million)
                    add(group, a, b, origin, hit.props, hit.key)
                else:
                    rel(row, t.name, group[1], a, group[2], b, hit.props, hit.key)  # reported
                if t.implies and hit.parent:
                    rel(row, t.implies[0], label, uid, t.implies[1], hit.parent, {}, None)

    def rel(
        self,
        row: Row,
        rtype: str,
        label_a: str,
        uid_a: str,
        label_b: str,
        uid_b: str,
        props: dict[str, Any] | None,
        key: str | None,
    ) -> None:
        """One relationship of the row, if the schema lets it join these labels (else a problem)."""
        group: RelGroup = (rtype, label_a, label_b)
        if group not in self.groups:
            zh = self.schema.node(label_a).zh, self.schema.node(label_b).zh
            self.problems.add(
                row.where, "", "", f"{zh[0]}与{zh[1]}之间不能建立{self.schema.rel(rtype).zh}关系"
            )
            return
        self.plan.add_rel(group, uid_a, uid_b, row.origin, props, key)

    def edge(self, row: Row) -> None:
        """A relationship row (合作关系): both ends resolved, keyed by the edge's key columns."""
        spec = row.tpl.edge
        assert spec is not None
        target = self.edge_targets[row.tpl.key]
        end_columns, property_keys = self.edge_layout[row.tpl.key]
        column = self.resolvers.column
        ends: dict[str, tuple[Column, Hit | None]] = {}
        for name, col in end_columns:
            hits = column(row, col, target)
            ends[name] = (col, hits[0] if hits else None)
        (col_a, a), (col_b, b) = ends["from"], ends["to"]
        if a is None or b is None:
            return
        values = row.values
        if a.label == b.label and a.uid == b.uid:
            reason = f"{col_a.header}与{col_b.header}是同一单位"
            self.problems.add(row.where, col_b.header, values.get(col_b.key), reason)
            return
        key = "|".join(["" if (v := values.get(k)) is None else str(v) for k in spec.key])
        ident = (spec.rel, a.uid, b.uid, key)
        first = self.seen_edges.get(ident)
        if first is not None:
            reason = f"重复：与 {first.text()} 是同一{self.schema.rel(spec.rel).zh}"
            self.problems.add(row.where, col_a.header, values.get(col_a.key), reason, "删除重复行")
            return
        self.seen_edges[ident] = row.where
        props = {name: values.get(k) for name, k in property_keys}
        if row.extras:
            props.update(row.extras)
        self.rel(row, spec.rel, a.label, a.uid, b.label, b.uid, props, key)


APART_MIN_ROWS = 20_000  # relationship rows from which a forked child maps them (see build)


class _EdgesApart(NamedTuple):
    """What the child mapping the relationship rows sends back."""

    rels: dict[RelGroup, list[tuple[Any, ...]]]
    read: tuple[list[Problem], dict[str, int]]
    mapped: tuple[list[Problem], dict[str, int]]


def _is_edge_table(table: Table) -> bool:
    tpl = templates().get(table.template)
    return tpl is not None and tpl.edge is not None


def _in_template_order(rows: list[Row]) -> None:
    position = {key: i for i, key in enumerate(templates())}
    rows.sort(key=lambda row: position.get(row.tpl.key, len(position)))


def _edge_layout(tpl: Template) -> tuple[list[tuple[str, Column]], list[tuple[str, str]]]:
    """An edge template's ends (name, column) and properties (name, column key), in column order."""
    pairs = [(col, t) for col in tpl.columns for t in col.targets]
    ends = [(t.name, col) for col, t in pairs if t.kind == "edge"]
    return ends, [(t.name, col.key) for col, t in pairs if t.kind == "edge_property"]
