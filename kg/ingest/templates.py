"""The import templates declared once in the schema (``templates:``), as Python objects.

Each column carries its header, its type and its *targets* (what the importer does with it: a node
property, a relationship resolved one way or another, the row's label, an end of a relationship
row). The generic mapper (``kg.ingest.mapping``) reads nothing else, so a column added to the schema
is imported without touching Python. Header and value matching are forgiving (full/half-width,
spaces, a trailing ``*``, invisible characters); what is stored is always the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from kg.errors import SchemaError
from kg.graph.schema import Schema, load_schema

LIST_SEPARATORS = re.compile(r"[;；、,，\n]+")
ALIASES = "aliases"  # the property that holds other spellings of a name (searchable, matched)
TYPES = ("str", "int", "float", "bool", "year", "date", "list")
RESOLVERS = ("chain", "segment", "tier", "park", "field", "org", "reference", "upstream", "related")
IDENTITIES = ("park", "segment", "institution", "enterprise", "expert", "named", "none")
# Chinese names of the column types, for the templates' 说明 sheet and the docs.
TYPE_ZH = {
    "str": "文本",
    "int": "整数",
    "float": "数字",
    "bool": "是/否",
    "year": "年份",
    "date": "日期",
    "list": "多个值",
}


@dataclass(frozen=True)
class Target:
    """One thing a column becomes (see the comment above ``templates:`` in ``schema.yaml``)."""

    kind: str  # property | rel | rel_property | label_of | edge | edge_property | provenance
    name: str = ""  # property name, relationship type, edge end ("from"/"to") or provenance key
    of: str = ""  # for a property on a node the row's identity brings along (a segment's chain)
    labels: tuple[str, ...] = ()  # relationship target labels
    resolve: str = ""
    incoming: bool = False
    implies: tuple[str, str] | None = None  # (relationship type, target label) on the target's parent
    label_of: tuple[tuple[str, str], ...] = ()  # choice → label
    rel: str = ""  # rel_property: the relationship type whose property this is
    part: str = ""  # rel_property: "year" takes the year of a date


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    type: str
    required: bool
    aliases: tuple[str, ...]
    becomes: str
    choices: tuple[str, ...] = ()
    choice_aliases: tuple[tuple[str, str], ...] = ()  # folded alias → choice
    min: int | None = None
    max: int | None = None
    default: Any = None
    targets: tuple[Target, ...] = ()
    name_like: bool = False  # its values become names, codes, uids or indexed values: tighter limit
    vocabulary: str = ""  # values checked against this vocabulary of the schema (kg.ingest.vocabularies)


@dataclass(frozen=True)
class Edge:
    """A template whose rows are relationships (合作关系): type, how ends resolve, the key columns."""

    rel: str
    resolve: str
    labels: tuple[str, ...]
    key: tuple[str, ...]


@dataclass(frozen=True, eq=False)  # one object per template and schema: compared and hashed by identity
class Template:
    key: str
    zh: str
    labels: tuple[str, ...]
    identity: str
    names: tuple[str, ...]
    note: str
    columns: tuple[Column, ...]
    common: tuple[Column, ...]
    edge: Edge | None = None
    # Derived once from the columns' targets (the mapper reads these for every row):
    properties: tuple[tuple[str, Target], ...] = ()  # (column key, property target), aliases aside
    relationships: tuple[tuple[Column, Target], ...] = ()
    rel_properties: tuple[tuple[str, Target], ...] = ()  # (column key, rel_property target)
    alias_keys: tuple[str, ...] = ()  # columns whose values are the node's aliases
    defaults: tuple[tuple[str, Any], ...] = ()  # (column key, value when the cell is empty)
    required: tuple[Column, ...] = ()

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + self.common

    def column(self, key: str) -> Column:
        return _key_index(self)[key]

    def header(self, key: str) -> str:
        """The Chinese header of a column (what problems and files name it by)."""
        return self.column(key).header

    def match_header(self, header: str) -> Column | None:
        """The column a header names (exact Chinese header or an English/Chinese alias)."""
        return _header_index(self).get(header_key(header))


@cache
def _key_index(tpl: Template) -> dict[str, Column]:
    """Columns by key, the first of a key winning (problems name columns by key, row after row)."""
    index: dict[str, Column] = {}
    for col in tpl.all_columns:
        index.setdefault(col.key, col)
    return index


@cache
def _header_index(tpl: Template) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for col in reversed(tpl.all_columns):  # the first column wins a shared alias
        for text in (*col.aliases, col.header):
            index[header_key(text)] = col
    return index


# Format characters (Unicode category Cf: zero-width space, word joiner, soft hyphen, BOM…) are
# invisible, so two names that look the same could differ; they are removed before anything else.
# The class lists category Cf of Unicode 14 (Python 3.11); tests/test_ingest_hostile.py checks it
# against the running Python's unicodedata, so a newer Unicode cannot slip past unnoticed.
FORMAT_CHARS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def strip_invisible(text: str) -> str:
    """``text`` without format characters: invisible, they make look-alike names differ."""
    return text if text.isascii() else FORMAT_CHARS.sub("", text)


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Matching form of a short text: NFKC (full → half width), no spaces or invisibles, case-folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", strip_invisible(text))).casefold()


def header_key(header: str) -> str:
    """Matching form of a header: folded, without the ``*`` that marks a required column."""
    return fold(header).rstrip("*").lstrip("*")


@cache
def _ignored(path: Path) -> frozenset[str]:
    return frozenset(header_key(h) for h in load_schema(path).raw.get("ignored_headers") or ())


def ignored_header(header: str) -> bool:
    """A header that only numbers the rows (序号): no column, no extra property, no warning."""
    return header_key(header) in _ignored(load_schema().path)


def split_list(text: str) -> list[str]:
    """Split a multi-value cell on ；; 、 , (and full-width forms); blanks dropped, order kept."""
    return [part for part in map(str.strip, LIST_SEPARATORS.split(text)) if part]


def _as_labels(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _target(raw: dict[str, Any], where: str) -> Target:
    if "property" in raw:
        return Target("property", raw["property"], of=raw.get("of", ""))
    if "rel_property" in raw:
        return Target("rel_property", raw["rel_property"], rel=raw.get("rel", ""), part=raw.get("part", ""))
    if "rel" in raw:
        implies = raw.get("implies")
        if raw.get("resolve") not in RESOLVERS:
            raise SchemaError(f"{where}: resolve must be one of {', '.join(RESOLVERS)}")
        return Target(
            "rel",
            raw["rel"],
            labels=_as_labels(raw.get("target")),
            resolve=raw["resolve"],
            incoming=raw.get("direction", "out") == "in",
            implies=(implies["rel"], implies["target"]) if implies else None,
        )
    if "label_of" in raw:
        return Target("label_of", label_of=tuple(raw["label_of"].items()))
    if "edge" in raw:
        return Target("edge", raw["edge"])
    if "edge_property" in raw:
        return Target("edge_property", raw["edge_property"])
    if "provenance" in raw:
        return Target("provenance", raw["provenance"])
    raise SchemaError(f"{where}: unknown target {raw!r}")


def _name_like(schema: Schema, targets: tuple[Target, ...], labels: tuple[str, ...]) -> bool:
    """Does a column's value become a name, a node or an indexed value (not free text)?"""
    for t in targets:
        if t.kind in ("rel", "edge", "label_of"):
            return True
        if t.kind == "property":
            for label in (t.of,) if t.of else labels:
                prop = schema.node(label).properties.get(t.name)
                if t.name == "name" or (prop is not None and (prop.unique or prop.index)):
                    return True
    return False


def _column(schema: Schema, raw: dict[str, Any], labels: tuple[str, ...], where: str) -> Column:
    lists = {
        "carrier_types": schema.carrier_types,
        "positions": schema.positions,
        "collaboration_types": schema.collaboration_types,
    }
    choices = tuple(raw.get("choices", ()))
    if "choices_from" in raw:
        choices = lists[raw["choices_from"]]
    where = f"{where} column {raw.get('header')}"
    if raw.get("type", "str") not in TYPES:
        raise SchemaError(f"{where}: type must be one of {', '.join(TYPES)}")
    to = raw.get("to")
    if to is None:
        raise SchemaError(f"{where}: no `to:` (what the column becomes)")
    targets = tuple(_target(t, where) for t in (to if isinstance(to, list) else [to]))
    return Column(
        header=raw["header"],
        key=raw["key"],
        type=raw.get("type", "str"),
        required=bool(raw.get("required", False)),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        becomes=str(raw.get("becomes", "")),
        choices=choices,
        choice_aliases=tuple((fold(a), c) for a, c in (raw.get("choice_aliases") or {}).items()),
        min=raw.get("min"),
        max=raw.get("max"),
        default=raw.get("default"),
        targets=targets,
        name_like=_name_like(schema, targets, labels),
        vocabulary=_vocabulary(schema, raw, where),
    )


def _vocabulary(schema: Schema, raw: dict[str, Any], where: str) -> str:
    name = str(raw.get("vocabulary", ""))
    if name and name not in (schema.raw.get("vocabularies") or {}):
        raise SchemaError(f"{where}: vocabulary {name!r} is not in vocabularies:")
    return name


def _check_targets(schema: Schema, tpl: Template) -> None:
    """Every target names something the graph model has (a typo fails at start, not mid-import)."""
    for col in tpl.all_columns:
        where = f"template {tpl.key} column {col.header}"
        for t in col.targets:
            if t.kind == "property":
                for label in (t.of,) if t.of else tpl.labels:
                    if t.name not in schema.node(label).properties:
                        raise SchemaError(f"{where}: {label} has no property {t.name!r} in nodes:")
            elif t.kind == "rel":
                pairs = schema.rel(t.name).pairs
                for own in tpl.labels:
                    for other in t.labels:
                        pair = (other, own) if t.incoming else (own, other)
                        if pair not in pairs:
                            raise SchemaError(f"{where}: {t.name} does not join {pair[0]} → {pair[1]}")
                if t.implies:
                    schema.rel(t.implies[0])
                    schema.node(t.implies[1])
            elif t.kind == "rel_property":
                made = {r.name for c in tpl.columns for r in c.targets if r.kind == "rel"}
                if t.rel not in made:
                    raise SchemaError(f"{where}: rel_property of {t.rel!r}, which no column of it makes")
                if t.name not in schema.rel(t.rel).properties:
                    raise SchemaError(f"{where}: {t.rel} has no property {t.name!r} in relationships:")
                if t.part not in ("", "year") or (t.part and col.type != "date"):
                    raise SchemaError(f"{where}: part must be `year`, of a date column")
            elif t.kind == "label_of":
                for choice, label in t.label_of:
                    schema.node(label)
                    if choice not in col.choices:
                        raise SchemaError(f"{where}: label_of names {choice!r}, not one of its choices")
            elif t.kind in ("edge", "edge_property") and tpl.edge is None:
                raise SchemaError(f"{where}: {t.kind} in a template without `edge:`")
    if tpl.edge is not None:
        schema.rel(tpl.edge.rel)
        ends = {t.name for c in tpl.columns for t in c.targets if t.kind == "edge"}
        if ends != {"from", "to"}:
            raise SchemaError(
                f"template {tpl.key}: an edge template needs one `edge: from` and one `edge: to`"
            )


def _derived(tpl: Template) -> Template:
    """The template with the per-row views of its targets filled in."""
    pairs = [(col, t) for col in tpl.columns for t in col.targets]
    return replace(
        tpl,
        properties=tuple((col.key, t) for col, t in pairs if t.kind == "property" and t.name != ALIASES),
        relationships=tuple((col, t) for col, t in pairs if t.kind == "rel"),
        rel_properties=tuple((col.key, t) for col, t in pairs if t.kind == "rel_property"),
        alias_keys=tuple(col.key for col, t in pairs if t.kind == "property" and t.name == ALIASES),
        defaults=tuple((c.key, c.default) for c in tpl.all_columns if c.default is not None),
        required=tuple(c for c in tpl.columns if c.required),
    )


@cache
def _templates(path: Path) -> dict[str, Template]:
    schema = load_schema(path)
    raw = schema.raw
    common = tuple(_column(schema, c, (), "template_common_columns") for c in raw["template_common_columns"])
    out: dict[str, Template] = {}
    for key, spec in raw["templates"].items():
        labels = _as_labels(spec.get("label"))
        for lab in labels:
            schema.node(lab)
        identity = spec.get("identity", "named")
        if identity not in IDENTITIES:
            raise SchemaError(f"template {key}: identity must be one of {', '.join(IDENTITIES)}")
        edge = spec.get("edge")
        tpl = Template(
            key=key,
            zh=spec["zh"],
            labels=labels,
            identity=identity,
            names=tuple(spec.get("names", ())),
            note=str(spec.get("note", "")).strip(),
            columns=tuple(_column(schema, c, labels, f"template {key}") for c in spec["columns"]),
            common=common,
            edge=Edge(edge["rel"], edge["resolve"], _as_labels(edge["target"]), tuple(edge.get("key", ())))
            if edge
            else None,
        )
        _check_targets(schema, tpl)
        out[key] = _derived(tpl)
    return out


def templates() -> dict[str, Template]:
    """Every template by key, in the order of the schema."""
    return _templates(load_schema().path)


def template(name: str) -> Template:
    """A template by key (``enterprise``) or Chinese name (``企业名单``)."""
    for tpl in templates().values():
        if fold(name) in (fold(tpl.key), fold(tpl.zh)):
            return tpl
    known = "、".join(t.zh for t in templates().values())
    from kg.ingest.model import IngestError

    raise IngestError(f"unknown template {name!r}; known: {known}")


def headers(name: str, *keys: str) -> list[str]:
    """Chinese headers of a template's columns, by key (all columns when no key is given)."""
    tpl = template(name)
    return [tpl.header(k) for k in keys] if keys else [c.header for c in tpl.all_columns]
