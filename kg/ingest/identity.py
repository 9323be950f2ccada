"""Identity resolution: which node a defining row is — an existing one or a new one — and its uid.

One strategy per kind of template (``identity:`` in the schema). An organisation is matched on its
credit code, else on its normalised name; a name that fits several nodes is reported, never
guessed; a second row defining the same node is a duplicate. Strategies run in ``ORDER`` so a row
may refer to any row of the same import, whatever the order of files and rows.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.graph.schema import load_schema
from kg.ingest.names import name_uid, norm_name
from kg.ingest.problems import Problems
from kg.ingest.resolve import Entity, GraphState
from kg.ingest.rows import Row
from kg.ingest.similar import NameIndex
from kg.ingest.targets import Resolvers
from kg.ingest.templates import Column, Target, fold
from kg.ingest.uscc import problem as uscc_problem

# Definitions before references: parks and chains first (others point to them), then organisations.
ORDER = ("park", "segment", "institution", "enterprise", "expert", "named")


def aliases_of(row: Row) -> list[str]:
    """The row's values for the ``aliases`` property (searchable, used to match names)."""
    out: list[str] = []
    for key in row.tpl.alias_keys:
        out += row.values.get(key) or []
    return out


def _label_column(row: Row) -> tuple[Column, Target] | None:
    for col in row.tpl.columns:
        for t in col.targets:
            if t.kind == "label_of":
                return col, t
    return None


class Identities:
    """Defines the node of each row (``row.label``, ``row.uid``), registering it for references."""

    def __init__(self, state: GraphState, problems: Problems, resolvers: Resolvers) -> None:
        self.state = state
        self.problems = problems
        self.resolvers = resolvers
        self.schema = load_schema()
        self.defined: dict[tuple[str, str], str] = {}  # (label, uid) → "file 第N行" of its definition
        self.names: NameIndex | None = None  # the graph's firms for possible duplicates, built when needed
        self.strategies: dict[str, Callable[[Row], None]] = {
            "park": self.park,
            "segment": self.segment,
            "institution": self.institution,
            "enterprise": self.enterprise,
            "expert": self.expert,
            "named": self.named,
        }

    def define_all(self, rows: list[Row]) -> None:
        by_identity: dict[str, list[Row]] = {}
        for row in rows:
            by_identity.setdefault(row.tpl.identity, []).append(row)
        for strategy in ORDER:
            define = self.strategies[strategy]
            for row in by_identity.get(strategy, ()):
                define(row)

    def _define(self, row: Row, label: str, uid: str, key: str) -> bool:
        """Register the row's node; False (and a problem) when another row already defined it."""
        first = self.defined.get((label, uid))
        if first is not None:
            self.problems.add(
                row.where,
                row.tpl.header(key),
                row.values.get(key),
                f"重复：与 {first} 是同一{self.schema.node(label).zh}",
                "删除重复行，或合并两行的信息",
            )
            return False
        self.defined[(label, uid)] = row.text()
        row.label, row.uid = label, uid
        return True

    def _graph_namesake(self, row: Row, name: str, labels: tuple[str, ...]) -> list[Entity] | None:
        """Graph nodes with this name (this import's own rows are caught as duplicates); None if
        several (reported)."""
        existing = [e for e in self.state.orgs.named(name, labels) if not e.where]
        if len(existing) > 1:
            self.problems.add(
                row.where,
                row.tpl.header("name"),
                name,
                "名称对应图谱中多个节点，无法确定",
                "；".join(e.uid for e in existing),
            )
            return None
        return existing

    # --- strategies ----------------------------------------------------------------------------
    def park(self, row: Row) -> None:
        name = row.values.get("name")
        if not name:
            return
        norm = norm_name(name)
        uid = self.state.parks.get(norm) or name_uid(name)
        if self._define(row, "Park", uid, "name"):
            self.state.parks[norm] = uid

    def segment(self, row: Row) -> None:
        chain, name = row.values.get("chain"), row.values.get("name")
        if not chain or not name:
            return
        chain_uid = self.state.chains.setdefault(fold(chain), chain)
        segs = self.state.segments.setdefault(chain_uid, {})
        uid = segs.get(fold(name)) or f"{chain_uid}/{name}"
        if self._define(row, "ChainSegment", uid, "name"):
            segs[fold(name)] = uid
            row.values["chain"] = chain_uid
            row.related["IndustryChain"] = chain_uid

    def institution(self, row: Row) -> None:
        name = row.values.get("name")
        found = _label_column(row)
        if not name or found is None:
            return
        col, target = found
        kind = row.values.get(col.key)
        by_choice = dict(target.label_of)
        if kind not in by_choice:
            return  # an unknown kind is already reported by the cell conversion
        label, labels = by_choice[kind], tuple(by_choice.values())
        existing = self._graph_namesake(row, name, labels)
        if existing is None:
            return
        if existing and existing[0].label != label:
            zh = self.schema.node(existing[0].label).zh
            choice = next((c for c, lab in target.label_of if lab == existing[0].label), "")
            self.problems.add(row.where, col.header, kind, f"图谱中已有同名{zh}", choice)
            return
        uid = existing[0].uid if existing else name_uid(name)
        if self._define(row, label, uid, "name"):
            self.state.orgs.add(Entity(label, uid, name, where=row.text()), tuple(aliases_of(row)))

    def enterprise(self, row: Row) -> None:
        name = row.values.get("name")
        given = row.values.get("credit_code")
        code = (given or "").strip().upper() or None
        code_header = row.tpl.header("credit_code")
        if code:
            bad = uscc_problem(code)
            if bad:
                self.problems.add(row.where, code_header, given, bad[0], bad[1])
                return
            row.values["credit_code"] = code
        if not name:
            return
        orgs = self.state.orgs
        name_header = row.tpl.header("name")
        uid = None
        if code and code in orgs.by_code:
            hit = orgs.by_code[code]
            if hit.where:
                self.problems.add(
                    row.where, code_header, code, f"重复：与 {hit.where} 是同一企业", "删除重复行"
                )
                return
            uid = hit.uid
        if uid is None:
            namesakes = orgs.named(name, ("Enterprise",))
            same = [e for e in namesakes if not code or not e.code or e.code == code]
            for other in namesakes:
                if other not in same and other.where:
                    self.problems.warn(
                        row.where,
                        name_header,
                        name,
                        f"名称与 {other.where} 规范化后相同，但{code_header}不同：按不同企业导入",
                        "请核对是否为同一企业",
                    )
            in_import = [e for e in same if e.where]
            if in_import:
                self.problems.add(
                    row.where,
                    name_header,
                    name,
                    f"重复：与 {in_import[0].where} 是同一企业（名称规范化后相同）",
                    "删除重复行；若确为不同企业请核对名称",
                )
                return
            if len(same) > 1:
                listed = "；".join(f"{e.name}（{e.uid}）" for e in same[:5])
                self.problems.add(
                    row.where,
                    name_header,
                    name,
                    f"名称对应图谱中多个企业，无法确定：{listed}",
                    f"请填写{code_header}",
                )
                return
            if not same:
                self._possible_duplicate(row, name, code)
            uid = same[0].uid if same else (code or name_uid(name))
        if self._define(row, "Enterprise", uid, "name"):
            orgs.add(
                Entity("Enterprise", uid, name, code, where=self.defined[("Enterprise", uid)]),
                tuple(aliases_of(row)),
            )

    def _possible_duplicate(self, row: Row, name: str, code: str | None) -> None:
        """Warn when a new firm's name is close to a firm the graph holds (never merged)."""
        if self.names is None:
            firms = [
                e for (label, _), e in self.state.orgs.by_uid.items() if label == "Enterprise" and not e.where
            ]
            self.names = NameIndex.of(firms)
        ent = self.names.candidate(name, code)
        if ent is not None:
            known = f"统一社会信用代码 {ent.code}" if ent.code else f"uid {ent.uid}"
            self.problems.warn(
                row.where,
                row.tpl.header("name"),
                name,
                f"可能与已有企业「{ent.name}」重复",
                f"已有企业的{known}；如为同一企业，请改填其代码或完整名称（或写入别名），否则可忽略",
            )

    def expert(self, row: Row) -> None:
        name = row.values.get("name")
        if not name:
            return
        affiliation = None
        for col, t in row.tpl.relationships:
            if t.resolve == "org" and row.values.get(col.key):
                hits = self.resolvers.column(row, col, t)
                if not hits:
                    return  # the unknown affiliation is reported
                affiliation = self.state.orgs.by_uid[(hits[0].label, hits[0].uid)]
        uid = f"{norm_name(name)}@{norm_name(affiliation.name) if affiliation else ''}"
        if self._define(row, "Expert", uid, "name"):
            self.state.orgs.add(Entity("Expert", uid, name, where=row.text()))

    def named(self, row: Row) -> None:
        """Workstations, consortia, carriers: uid from the normalised name, reusing a graph node."""
        name = row.values.get("name")
        if not name:
            return
        label = row.tpl.labels[0]
        existing = self._graph_namesake(row, name, (label,))
        if existing is None:
            return
        uid = existing[0].uid if existing else name_uid(name)
        if self._define(row, label, uid, "name"):
            self.state.orgs.add(Entity(label, uid, name, where=row.text()))
