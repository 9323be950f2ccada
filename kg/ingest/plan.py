"""Validation and resolution in one pass: tables → every problem, and the nodes and relationships
to write (the loader only writes a plan that has no errors).

Definitions are registered first (parks, chains and segments, institutions, enterprises, experts,
workstations, consortia, carriers), then references are resolved, so the order of files and rows
never matters and a reference may point to any row of the same import or to a node in the graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.graph.connection import Graph
from kg.graph.schema import load_schema
from kg.ingest.model import Problem, Table
from kg.ingest.names import name_uid, norm_name
from kg.ingest.resolve import Entity, GraphState, closest, load_state
from kg.ingest.templates import Column, Template, fold, split_list, template, templates
from kg.ingest.uscc import problem as uscc_problem

TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "对"}
FALSE = {"否", "n", "no", "false", "0", "×", "✗", ""}
YEAR_OF_DATE = re.compile(r"^(\d{4})[-/.年]\d{1,2}")  # a date in a year column: its year
TIER_ITEM = re.compile(r"^(?P<name>.*?)\s*[(（]\s*(?P<year>\d{4})\s*(?:年)?\s*[)）]$")
INSTITUTION_KINDS = {
    "高校": "University",
    "大学": "University",
    "university": "University",
    "科研院所": "ResearchInstitute",
    "院所": "ResearchInstitute",
    "researchinstitute": "ResearchInstitute",
    "研究院所": "ResearchInstitute",
}
ORDER = (
    "park",
    "segment",
    "institution",
    "enterprise",
    "expert",
    "workstation",
    "consortium",
    "carrier",
    "collaboration",
)


@dataclass
class Rec:
    """One data row, typed: ``values`` by column key, ``extras`` as extra_ properties."""

    tpl: Template
    file: str
    row: int
    values: dict[str, Any]
    raw: dict[str, str]
    extras: dict[str, str]
    source: str
    sample: bool
    uid: str | None = None
    label: str | None = None


@dataclass
class Plan:
    import_id: str
    files: list[str]
    rows: int
    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], dict[tuple[str, str, str], dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def extra_key(header: str) -> str:
    """A safe property name for an unknown column (it is a parameter-map key, never Cypher text)."""
    text = re.sub(r"[^\w]+", "_", unicodedata.normalize("NFKC", header)).strip("_")
    return "extra_" + (text or "column")


def import_id_of(tables: Sequence[Table]) -> str:
    """Deterministic: the same files give the same id, so re-importing them changes nothing."""
    digest = hashlib.sha256(json.dumps(sorted({(t.file, t.sha256) for t in tables})).encode()).hexdigest()
    return "imp-" + digest[:12]


class Builder:
    def __init__(self, tables: Sequence[Table], state: GraphState) -> None:
        self.tables = tables
        self.state = state
        self.schema = load_schema()
        self.year_now = dt.date.today().year
        self.plan = Plan(
            import_id=import_id_of(tables),
            files=sorted({t.file.split("[")[0] for t in tables}),
            rows=sum(len(t.rows) for t in tables),
        )
        self.tiers = {fold(k): t for k, t in self.schema.tier_by_name().items()}
        self.defined: dict[tuple[str, str], str] = {}  # (label, uid) → "file row N" of its definition
        self.seen_keys: dict[tuple[str, ...], str] = {}

    # --- problems -------------------------------------------------------------------------
    def err(
        self,
        rec: Rec | None,
        column: str,
        value: Any,
        reason: str,
        suggestion: str = "",
        level: str = "error",
        file: str = "",
        row: int | None = None,
    ) -> None:
        self.plan.problems.append(
            Problem(
                file=rec.file if rec else file,
                row=rec.row if rec else row,
                column=column,
                value="" if value is None else str(value),
                reason=reason,
                suggestion=suggestion,
                level=level,
            )
        )

    @staticmethod
    def where(rec: Rec) -> str:
        return f"{rec.file} 第{rec.row}行"

    # --- parsing --------------------------------------------------------------------------
    def parse(self) -> list[Rec]:
        recs: list[Rec] = []
        for table in self.tables:
            try:
                tpl = template(table.template)
            except Exception as exc:  # unknown template key from a caller building tables
                self.err(None, "", table.template, str(exc), file=table.file)
                continue
            headers: dict[str, Column | None] = {}
            for row in table.rows:
                for h in row:
                    if h not in headers:
                        headers[h] = tpl.match_header(h)
            for h, col in headers.items():
                if col is None:
                    self.err(
                        None,
                        h,
                        "",
                        f"未知列，已保存为属性 {extra_key(h)}",
                        level="warning",
                        file=table.file,
                        suggestion="、".join(c.header for c in tpl.columns),
                    )
            present = {c.key for c in headers.values() if c}
            for col in tpl.columns:
                if col.required and col.key not in present and table.rows:
                    self.err(None, col.header, "", "缺少必填列", col.header, file=table.file)
            for row, number in zip(table.rows, table.row_numbers, strict=True):
                recs.append(self.parse_row(tpl, table, row, number, headers))
        return recs

    def parse_row(
        self, tpl: Template, table: Table, row: dict[str, str], number: int, headers: dict[str, Column | None]
    ) -> Rec:
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        extras: dict[str, str] = {}
        rec = Rec(tpl, table.file, number, values, raw, extras, "", table.sample)
        for header, text in row.items():
            text = (text or "").strip()
            col = headers.get(header)
            if col is None:
                if text:
                    extras[extra_key(header)] = text
                continue
            raw[col.key] = text
            if text:
                values[col.key] = self.convert(rec, col, header, text)
        source = values.pop("source", None)
        rec.source = source or f"{table.file}#sha256:{table.sha256[:12]}:row {number}"
        if values.pop("sample", False):
            rec.sample = True
        for col in tpl.columns:
            if col.required and not raw.get(col.key) and col.key in {c.key for c in headers.values() if c}:
                if tpl.key == "enterprise" and col.key == "credit_code" and source:
                    continue  # public records: their sources publish no code
                hint = "或填写来源网址（公开记录）" if col.key == "credit_code" else ""
                self.err(rec, col.header, "", "必填项为空", hint)
        return rec

    def convert(self, rec: Rec, col: Column, header: str, text: str) -> Any:
        if col.type == "list":
            return split_list(text)
        if col.type == "int":
            plain = unicodedata.normalize("NFKC", text)
            date = YEAR_OF_DATE.match(plain) if "year" in col.key else None
            try:
                number = int(date[1]) if date else int(float(plain.rstrip("年")))
            except ValueError:
                self.err(rec, header, text, "应为整数")
                return None
            low = col.min if col.min is not None else (1949 if "year" in col.key else None)
            high = col.max if col.max is not None else (self.year_now if "year" in col.key else None)
            if (low is not None and number < low) or (high is not None and number > high):
                self.err(rec, header, text, f"超出范围 {low}–{high}")
                return None
            return number
        if col.type == "float":
            try:
                return float(unicodedata.normalize("NFKC", text))
            except ValueError:
                self.err(rec, header, text, "应为数字")
                return None
        if col.type == "bool":
            folded = fold(text)
            if folded in TRUE:
                return True
            if folded in FALSE:
                return False
            self.err(rec, header, text, "应为 是 或 否")
            return None
        if col.choices:
            for choice in col.choices:
                if fold(choice) == fold(text):
                    return choice
            if col.key == "kind" and fold(text) in INSTITUTION_KINDS:
                return text
            self.err(
                rec, header, text, f"不在可选值中：{'、'.join(col.choices)}", closest(text, list(col.choices))
            )
            return None
        return text

    # --- plan output ----------------------------------------------------------------------
    def node(
        self,
        label: str,
        uid: str,
        rec: Rec,
        props: dict[str, Any],
        *,
        defining: bool = True,
        aliases: list[str] | None = None,
    ) -> None:
        """Add (or merge into) a node of the plan; real data wins over sample for ``sample``."""
        nodes = self.plan.nodes.setdefault(label, {})
        props = {k: v for k, v in props.items() if v is not None and v != []}
        name = props.pop("name", uid)  # set when created only: a later spelling becomes an alias
        entry = nodes.get(uid)
        if entry is None:
            nodes[uid] = {
                "uid": uid,
                "name": name,
                "props": props,
                "aliases": list(dict.fromkeys(aliases or [])),
                "source": rec.source,
                "sources": [rec.source],
                "sample": rec.sample,
            }
            return
        entry["sample"] = entry["sample"] and rec.sample
        if defining:
            entry["props"].update(props)
            if rec.source not in entry["sources"]:
                entry["sources"].append(rec.source)
            for a in [*(aliases or []), name]:
                if a not in entry["aliases"] and a != entry["name"]:
                    entry["aliases"].append(a)

    def rel(
        self,
        rtype: str,
        a: tuple[str, str],
        b: tuple[str, str],
        rec: Rec,
        props: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> None:
        if (a[0], b[0]) not in self.schema.rel(rtype).pairs:
            self.err(rec, "", "", f"{a[0]} 与 {b[0]} 之间不能建立 {rtype} 关系")
            return
        bucket = self.plan.rels.setdefault((rtype, a[0], b[0]), {})
        ident = (a[1], b[1], key or "")
        props = {k: v for k, v in (props or {}).items() if v is not None}
        entry = bucket.get(ident)
        if entry is None:
            bucket[ident] = {
                "a": a[1],
                "b": b[1],
                "key": key,
                "props": props,
                "source": rec.source,
                "sources": [rec.source],
                "sample": rec.sample,
            }
        else:
            entry["sample"] = entry["sample"] and rec.sample
            if rec.source not in entry["sources"]:
                entry["sources"].append(rec.source)

    def define(self, rec: Rec, label: str, uid: str, column: str, value: str) -> bool:
        """Register a node defined by this row; False (and a problem) when another row already did."""
        first = self.defined.get((label, uid))
        if first is not None:
            self.err(
                rec,
                column,
                value,
                f"重复：与 {first} 是同一{self.schema.node(label).zh}",
                "删除重复行，或合并两行的信息",
            )
            return False
        self.defined[(label, uid)] = self.where(rec)
        rec.uid, rec.label = uid, label
        return True

    # --- shared references ----------------------------------------------------------------
    def chain_uid(self, rec: Rec, column: str, name: str) -> str | None:
        uid = self.state.chains.get(fold(name))
        if uid is None:
            known = sorted(set(self.state.chains.values()))
            self.err(rec, column, name, "未知的产业链（请先导入其产业链环节）", closest(name, known))
        return uid

    def field_uids(self, rec: Rec, names: list[str]) -> list[str]:
        out = []
        for name in names:
            uid = self.state.fields.setdefault(fold(name), name)
            self.node("TechField", uid, rec, {"name": uid}, defining=False)
            out.append(uid)
        return out

    def park_uid(self, rec: Rec, column: str, name: str) -> str:
        uid = self.state.parks.get(norm_name(name))
        if uid is None:
            uid = name_uid(name)
            self.state.parks[norm_name(name)] = uid
            self.node("Park", uid, rec, {"name": name}, defining=False)
            self.err(
                rec,
                column,
                name,
                "园区不在园区名单中，已按此名称新建",
                level="warning",
                suggestion="如为笔误请改正；也可先导入园区名单",
            )
        return uid

    def org(self, rec: Rec, column: str, text: str, labels: tuple[str, ...]) -> Entity | None:
        ent, reason, suggestion = self.state.orgs.resolve(text, labels)
        if ent is None:
            self.err(rec, column, text, reason, suggestion)
        return ent

    # --- definitions ----------------------------------------------------------------------
    def define_park(self, rec: Rec) -> None:
        name = rec.values.get("name")
        if not name:
            return
        norm = norm_name(name)
        uid = self.state.parks.get(norm) or name_uid(name)
        if self.define(rec, "Park", uid, "名称", name):
            self.state.parks[norm] = uid
            self.node(
                "Park",
                uid,
                rec,
                {
                    "name": name,
                    "name_norm": norm,
                    "area_km2": rec.values.get("area_km2"),
                    "note": rec.values.get("note"),
                    **rec.extras,
                },
            )

    def define_segment(self, rec: Rec) -> None:
        chain, name = rec.values.get("chain"), rec.values.get("name")
        if not chain or not name:
            return
        chain_uid = self.state.chains.setdefault(fold(chain), chain)
        segs = self.state.segments.setdefault(chain_uid, {})
        uid = segs.get(fold(name)) or f"{chain_uid}/{name}"
        if not self.define(rec, "ChainSegment", uid, "环节", name):
            return
        segs[fold(name)] = uid
        self.node(
            "IndustryChain",
            chain_uid,
            rec,
            {"name": chain_uid, "description": rec.values.get("chain_description")},
            defining=bool(rec.values.get("chain_description")),
        )
        self.node(
            "ChainSegment",
            uid,
            rec,
            {
                "name": name,
                "chain": chain_uid,
                "position": rec.values.get("position"),
                "order": rec.values.get("order"),
                "key_segment": rec.values.get("key_segment", False),
                **rec.extras,
            },
        )

    def define_institution(self, rec: Rec) -> None:
        name, kind = rec.values.get("name"), rec.values.get("kind")
        if not name or not kind:
            return
        label = INSTITUTION_KINDS.get(fold(kind), "")
        labels = ("University", "ResearchInstitute")
        existing = self.state.orgs.named(name, labels)
        existing = [e for e in existing if not e.where]  # graph nodes; import duplicates caught by define
        if len(existing) > 1:
            self.err(
                rec, "名称", name, "名称对应图谱中多个节点，无法确定", "；".join(e.uid for e in existing)
            )
            return
        if existing and existing[0].label != label:
            zh = self.schema.node(existing[0].label).zh
            self.err(rec, "类型", kind, f"图谱中已有同名{zh}", zh if zh in ("高校", "科研院所") else "")
            return
        uid = existing[0].uid if existing else name_uid(name)
        if not self.define(rec, label, uid, "名称", name):
            return
        aliases = rec.values.get("aliases") or []
        self.state.orgs.add(Entity(label, uid, name, where=self.where(rec)), tuple(aliases))
        self.node(
            label,
            uid,
            rec,
            {"name": name, "name_norm": norm_name(name), "note": rec.values.get("note"), **rec.extras},
            aliases=aliases,
        )

    def define_enterprise(self, rec: Rec) -> None:
        name = rec.values.get("name")
        code = (rec.values.get("credit_code") or "").strip().upper() or None
        if code:
            bad = uscc_problem(code)
            if bad:
                self.err(rec, "统一社会信用代码", rec.values["credit_code"], bad[0], bad[1])
                return
        if not name:
            return
        orgs = self.state.orgs
        uid = None
        if code and code in orgs.by_code:
            hit = orgs.by_code[code]
            if hit.where:
                self.err(rec, "统一社会信用代码", code, f"重复：与 {hit.where} 是同一企业", "删除重复行")
                return
            uid = hit.uid
        if uid is None:
            namesakes = orgs.named(name, ("Enterprise",))
            same = [e for e in namesakes if not code or not e.code or e.code == code]
            for other in namesakes:
                if other not in same and other.where:
                    self.err(
                        rec,
                        "企业名称",
                        name,
                        f"名称与 {other.where} 规范化后相同，但统一社会信用代码不同：按不同企业导入",
                        "请核对是否为同一企业",
                        level="warning",
                    )
            in_import = [e for e in same if e.where]
            if in_import:
                self.err(
                    rec,
                    "企业名称",
                    name,
                    f"重复：与 {in_import[0].where} 是同一企业（名称规范化后相同）",
                    "删除重复行；若确为不同企业请核对名称",
                )
                return
            if len(same) > 1:
                listed = "；".join(f"{e.name}（{e.uid}）" for e in same[:5])
                self.err(
                    rec,
                    "企业名称",
                    name,
                    f"名称对应图谱中多个企业，无法确定：{listed}",
                    "请填写统一社会信用代码",
                )
                return
            uid = same[0].uid if same else (code or name_uid(name))
        if not self.define(rec, "Enterprise", uid, "企业名称", name):
            return
        aliases = rec.values.get("aliases") or []
        orgs.add(Entity("Enterprise", uid, name, code, where=self.where(rec)), tuple(aliases))
        self.node(
            "Enterprise",
            uid,
            rec,
            {
                "name": name,
                "name_norm": norm_name(name),
                "credit_code": code,
                "district": rec.values.get("district"),
                "founded_year": rec.values.get("founded_year"),
                "note": rec.values.get("note"),
                **rec.extras,
            },
            aliases=aliases,
        )

    def define_expert(self, rec: Rec) -> None:
        name = rec.values.get("name")
        if not name:
            return
        affiliation = rec.values.get("affiliation")
        aff_ent = None
        if affiliation:
            aff_ent = self.org(rec, "所属单位", affiliation, ("University", "ResearchInstitute"))
            if aff_ent is None:
                return
        uid = f"{norm_name(name)}@{norm_name(aff_ent.name) if aff_ent else ''}"
        if not self.define(rec, "Expert", uid, "姓名", name):
            return
        self.state.orgs.add(Entity("Expert", uid, name, where=self.where(rec)))
        self.node(
            "Expert",
            uid,
            rec,
            {"name": name, "title": rec.values.get("title"), "affiliation": affiliation, **rec.extras},
        )
        if aff_ent:
            self.rel("AFFILIATED_WITH", ("Expert", uid), (aff_ent.label, aff_ent.uid), rec)

    def define_named(self, rec: Rec, label: str, props: dict[str, Any]) -> None:
        """Workstations, consortia, carriers: uid from the normalised name, reusing a graph node."""
        name = rec.values.get("name")
        if not name:
            return
        existing = [e for e in self.state.orgs.named(name, (label,)) if not e.where]
        if len(existing) > 1:
            self.err(
                rec, "名称", name, "名称对应图谱中多个节点，无法确定", "；".join(e.uid for e in existing)
            )
            return
        uid = existing[0].uid if existing else name_uid(name)
        if self.define(rec, label, uid, "名称", name):
            self.state.orgs.add(Entity(label, uid, name, where=self.where(rec)))
            self.node(label, uid, rec, {"name": name, "name_norm": norm_name(name), **props, **rec.extras})

    # --- references -----------------------------------------------------------------------
    def refs_enterprise(self, rec: Rec) -> None:
        me = ("Enterprise", rec.uid)
        v = rec.values
        if v.get("park"):
            self.rel("LOCATED_IN", me, ("Park", self.park_uid(rec, "所在园区", v["park"])), rec)
        chain_uids = [u for c in v.get("chains") or [] if (u := self.chain_uid(rec, "产业链", c))]
        for chain in chain_uids:
            self.rel("IN_CHAIN", me, ("IndustryChain", chain), rec)
        for seg in v.get("segments") or []:
            self.segment_ref(rec, me, seg, chain_uids, bool(v.get("chains")))
        for item in v.get("tiers") or []:
            self.tier_ref(rec, me, item)
        for f in self.field_uids(rec, v.get("fields") or []):
            self.rel("HAS_FIELD", me, ("TechField", f), rec)

    def segment_ref(
        self, rec: Rec, me: tuple[str, str], seg: str, chain_uids: list[str], chains_given: bool
    ) -> None:
        scope = chain_uids if chains_given else list(self.state.segments)
        hits = [
            (c, self.state.segments[c][fold(seg)])
            for c in scope
            if fold(seg) in self.state.segments.get(c, {})
        ]
        if len(hits) == 1:
            chain, uid = hits[0]
            self.rel("IN_SEGMENT", me, ("ChainSegment", uid), rec)
            if not chains_given:
                self.rel("IN_CHAIN", me, ("IndustryChain", chain), rec)
            return
        if len(hits) > 1:
            self.err(
                rec,
                "环节",
                seg,
                f"环节属于多个产业链（{'、'.join(c for c, _ in hits)}）",
                "请在“产业链”列填写所属产业链",
            )
            return
        if chains_given and not chain_uids:
            return  # the unknown chain is already reported
        names = sorted(
            {uid.split("/", 1)[1] for c in scope for uid in self.state.segments.get(c, {}).values()}
        )
        where = f"产业链 {'、'.join(scope)} 中" if chains_given else "任何产业链中"
        self.err(rec, "环节", seg, f"{where}没有此环节", closest(seg, names))

    def tier_ref(self, rec: Rec, me: tuple[str, str], item: str) -> None:
        match = TIER_ITEM.match(item)
        name, year = (match["name"], int(match["year"])) if match else (item, None)
        tier = self.tiers.get(fold(name))
        if tier is None:
            self.err(
                rec,
                "资质",
                item,
                "未知的资质（梯度）名称",
                closest(
                    name,
                    [t.name for t in self.schema.tiers] + [a for t in self.schema.tiers for a in t.aliases],
                ),
            )
            return
        if year is not None and not 1949 <= year <= self.year_now:
            self.err(rec, "资质", item, f"年份超出范围 1949–{self.year_now}")
            return
        self.rel("CERTIFIED", me, ("Tier", tier.name), rec, {"year": year}, key=f"{tier.name}|{year or ''}")

    def refs_institution(self, rec: Rec) -> None:
        me = (rec.label or "", rec.uid or "")
        if rec.values.get("park"):
            self.rel("LOCATED_IN", me, ("Park", self.park_uid(rec, "所在园区", rec.values["park"])), rec)
        for f in self.field_uids(rec, rec.values.get("fields") or []):
            self.rel("HAS_FIELD", me, ("TechField", f), rec)

    def refs_expert(self, rec: Rec) -> None:
        for f in self.field_uids(rec, rec.values.get("fields") or []):
            self.rel("HAS_FIELD", ("Expert", rec.uid or ""), ("TechField", f), rec)

    def refs_workstation(self, rec: Rec) -> None:
        me = ("Workstation", rec.uid or "")
        host = rec.values.get("host")
        if host and (ent := self.org(rec, "依托企业信用代码", host, ("Enterprise",))):
            self.rel("HOSTED_BY", me, (ent.label, ent.uid), rec)
        for name in rec.values.get("experts") or []:
            if ent := self.org(rec, "进站专家", name, ("Expert",)):
                self.rel("STATIONED_AT", (ent.label, ent.uid), me, rec)

    def refs_consortium(self, rec: Rec) -> None:
        me = ("Consortium", rec.uid or "")
        leader = rec.values.get("leader")
        if leader and (ent := self.org(rec, "牵头企业信用代码", leader, ("Enterprise",))):
            self.rel("LEADS", (ent.label, ent.uid), me, rec)
            self.rel("MEMBER_OF", (ent.label, ent.uid), me, rec)
        for member in rec.values.get("members") or []:
            if ent := self.org(rec, "成员", member, ("Enterprise", "University", "ResearchInstitute")):
                self.rel("MEMBER_OF", (ent.label, ent.uid), me, rec)
        for chain in rec.values.get("chains") or []:
            if uid := self.chain_uid(rec, "产业链", chain):
                self.rel("SERVES", me, ("IndustryChain", uid), rec)
        for f in self.field_uids(rec, rec.values.get("fields") or []):
            self.rel("HAS_FIELD", me, ("TechField", f), rec)

    def refs_carrier(self, rec: Rec) -> None:
        me = ("Carrier", rec.uid or "")
        v = rec.values
        if v.get("type"):
            self.rel("OF_TYPE", me, ("CarrierType", v["type"]), rec)
        for chain in v.get("chains") or []:
            if uid := self.chain_uid(rec, "服务产业链", chain):
                self.rel("SERVES", me, ("IndustryChain", uid), rec)
        if v.get("park"):
            self.rel("LOCATED_IN", me, ("Park", self.park_uid(rec, "所在园区", v["park"])), rec)
        if v.get("operator") and (
            ent := self.org(rec, "依托单位", v["operator"], ("University", "Enterprise", "ResearchInstitute"))
        ):
            self.rel("OPERATED_BY", me, (ent.label, ent.uid), rec)

    def refs_segment(self, rec: Rec) -> None:
        chain = rec.values["chain"]
        chain_uid = self.state.chains[fold(chain)]
        me = ("ChainSegment", rec.uid or "")
        self.rel("PART_OF", me, ("IndustryChain", chain_uid), rec)
        segs = self.state.segments.get(chain_uid, {})
        for up in rec.values.get("upstream") or []:
            uid = segs.get(fold(up))
            if uid is None:
                names = [u.split("/", 1)[1] for u in segs.values()]
                self.err(rec, "上游环节", up, f"产业链 {chain_uid} 中没有此环节", closest(up, names))
            elif uid == rec.uid:
                self.err(rec, "上游环节", up, "环节不能是自己的上游")
            else:
                self.rel("FEEDS", ("ChainSegment", uid), me, rec)
        for f in self.field_uids(rec, rec.values.get("fields") or []):
            self.rel("HAS_FIELD", me, ("TechField", f), rec)

    def refs_collaboration(self, rec: Rec) -> None:
        labels = ("Enterprise", "University", "ResearchInstitute", "Expert")
        v = rec.values
        a = self.org(rec, "甲方", v["party_a"], labels) if v.get("party_a") else None
        b = self.org(rec, "乙方", v["party_b"], labels) if v.get("party_b") else None
        if not a or not b:
            return
        if (a.label, a.uid) == (b.label, b.uid):
            self.err(rec, "乙方", v["party_b"], "甲方与乙方是同一单位")
            return
        key = f"{v.get('type') or ''}|{v.get('year') or ''}|{v.get('project') or ''}"
        ident = ("collab", a.uid, b.uid, key)
        if ident in self.seen_keys:
            self.err(rec, "甲方", v["party_a"], f"重复：与 {self.seen_keys[ident]} 是同一合作", "删除重复行")
            return
        self.seen_keys[ident] = self.where(rec)
        props = {"type": v.get("type"), "year": v.get("year"), "project": v.get("project"), **rec.extras}
        self.rel("COLLABORATES_WITH", (a.label, a.uid), (b.label, b.uid), rec, props, key=key)

    # --- driver ---------------------------------------------------------------------------
    def build(self) -> Plan:
        recs = self.parse()
        by_tpl: dict[str, list[Rec]] = {k: [] for k in ORDER}
        for rec in recs:
            by_tpl[rec.tpl.key].append(rec)
        for rec in by_tpl["park"]:
            self.define_park(rec)
        for rec in by_tpl["segment"]:
            self.define_segment(rec)
        for rec in by_tpl["institution"]:
            self.define_institution(rec)
        for rec in by_tpl["enterprise"]:
            self.define_enterprise(rec)
        for rec in by_tpl["expert"]:
            self.define_expert(rec)
        for rec in by_tpl["workstation"]:
            self.define_named(rec, "Workstation", {"established_year": rec.values.get("established_year")})
        for rec in by_tpl["consortium"]:
            self.define_named(rec, "Consortium", {"focus": rec.values.get("focus")})
        for rec in by_tpl["carrier"]:
            self.define_named(
                rec, "Carrier", {"type": rec.values.get("type"), "note": rec.values.get("note")}
            )
        handlers = {
            "enterprise": self.refs_enterprise,
            "institution": self.refs_institution,
            "expert": self.refs_expert,
            "workstation": self.refs_workstation,
            "consortium": self.refs_consortium,
            "carrier": self.refs_carrier,
            "segment": self.refs_segment,
        }
        for key, handler in handlers.items():
            for rec in by_tpl[key]:
                if rec.uid is not None:
                    handler(rec)
        for rec in by_tpl["collaboration"]:
            self.refs_collaboration(rec)
        self.plan.problems.sort(key=lambda p: (p.level != "error", p.file, p.row or 0))
        return self.plan


def build_plan(tables: Sequence[Table], graph: Graph | None) -> Plan:
    """Every problem of ``tables`` and, when there is no error, what to write."""
    assert set(ORDER) == set(templates()), "plan.ORDER must list every template"
    return Builder(tables, load_state(graph)).build()
