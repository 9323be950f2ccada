"""The declarative schema (``schema.yaml``) as Python objects, and ``kg schema apply``.

Labels and relationship types cannot be Cypher parameters, so they reach query text only through
:func:`cypher`, which refuses any identifier that is not in the schema's own lists.
"""

from __future__ import annotations

import os
import re
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import SchemaError

SCHEMA_FILE = Path(__file__).with_name("schema.yaml")
# A deployment may point to its own copy (e.g. with a column added to a template): everything that
# reads the schema (importer, templates, docs, explorer) then follows it.
SCHEMA_ENV = "KG_SCHEMA"


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    zh: str
    unique: bool = False
    index: bool = False


@dataclass(frozen=True)
class NodeType:
    label: str
    zh: str
    key: str
    properties: dict[str, Property]
    internal: bool = False
    short: str = ""  # a shorter display name where `zh` is long (工作站); `zh` when not given


@dataclass(frozen=True)
class RelType:
    type: str
    zh: str
    pairs: tuple[tuple[str, str], ...]
    properties: dict[str, Property] = field(default_factory=dict)


@dataclass(frozen=True)
class Tier:
    name: str
    rank: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on planners' files, so validation reports instead of hanging or exhausting memory."""

    cell_chars: int
    name_chars: int
    rows_per_file: int
    unpacked_mb: int
    file_mb: int
    listed_problems: int


@dataclass(frozen=True)
class Schema:
    nodes: dict[str, NodeType]
    relationships: dict[str, RelType]
    tiers: tuple[Tier, ...]
    high_tech_rank: int
    carrier_types: tuple[str, ...]
    positions: tuple[str, ...]
    collaboration_types: tuple[str, ...]
    organisation_labels: tuple[str, ...]
    research_labels: tuple[str, ...]
    local_district: str
    import_limits: ImportLimits
    fulltext: dict[str, Any]
    raw: dict[str, Any]
    path: Path

    def node(self, label: str) -> NodeType:
        try:
            return self.nodes[label]
        except KeyError:
            raise SchemaError(f"unknown node label {label!r}") from None

    def rel(self, rel_type: str) -> RelType:
        try:
            return self.relationships[rel_type]
        except KeyError:
            raise SchemaError(f"unknown relationship type {rel_type!r}") from None

    def tier_by_name(self) -> dict[str, Tier]:
        """Canonical names and aliases → tier (for parsing 资质 cells)."""
        table: dict[str, Tier] = {}
        for tier in self.tiers:
            table[tier.name] = tier
            for alias in tier.aliases:
                table[alias] = tier
        return table

    def is_identifier(self, name: str) -> bool:
        return name in self.nodes or name in self.relationships


def _props(raw: dict[str, Any] | None) -> dict[str, Property]:
    return {
        name: Property(
            name=name,
            type=spec.get("type", "str"),
            zh=spec.get("zh", name),
            unique=bool(spec.get("unique", False)),
            index=bool(spec.get("index", False)),
        )
        for name, spec in (raw or {}).items()
    }


def schema_path() -> Path:
    """The schema in use: ``$KG_SCHEMA`` when set, else the packaged ``schema.yaml``."""
    return Path(os.environ.get(SCHEMA_ENV) or SCHEMA_FILE)


def load_schema(path: Path | None = None) -> Schema:
    """Parse and check the schema (cached per file)."""
    return _load(path or schema_path())


# libyaml's parser when PyYAML was built with it: every process reads the schema first thing
# (0.11 s with the pure-Python parser, 0.016 s with libyaml, measured here; the same values)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A YAML file's data, as ``yaml.safe_load`` reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506 - a safe loader


@cache
def _load(path: Path) -> Schema:
    raw = read_yaml(path)
    nodes = {
        label: NodeType(
            label=label,
            zh=spec["zh"],
            key=spec.get("key", "uid"),
            properties=_props(spec.get("properties")),
            internal=bool(spec.get("internal", False)),
            short=spec.get("short", spec["zh"]),
        )
        for label, spec in raw["nodes"].items()
    }
    rels = {
        rtype: RelType(
            type=rtype,
            zh=spec["zh"],
            pairs=tuple((a, b) for a, b in spec["pairs"]),
            properties=_props(spec.get("properties")),
        )
        for rtype, spec in raw["relationships"].items()
    }
    schema = Schema(
        nodes=nodes,
        relationships=rels,
        tiers=tuple(
            Tier(name=t["name"], rank=int(t["rank"]), aliases=tuple(t.get("aliases", ())))
            for t in raw["tiers"]
        ),
        high_tech_rank=int(raw["high_tech_rank"]),
        carrier_types=tuple(raw["carrier_types"]),
        positions=tuple(raw["positions"]),
        collaboration_types=tuple(raw["collaboration_types"]),
        organisation_labels=tuple(raw["organisation_labels"]),
        research_labels=tuple(raw["research_labels"]),
        local_district=raw["local_district"],
        import_limits=ImportLimits(**{k: int(v) for k, v in raw["import_limits"].items()}),
        fulltext=raw["fulltext"],
        raw=raw,
        path=path,
    )
    _check(schema)
    return schema


_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _check(schema: Schema) -> None:
    for label in schema.nodes:
        if not _IDENT.match(label):
            raise SchemaError(f"label {label!r} is not a plain identifier")
    for rel in schema.relationships.values():
        if not _IDENT.match(rel.type):
            raise SchemaError(f"relationship type {rel.type!r} is not a plain identifier")
        for a, b in rel.pairs:
            if a not in schema.nodes or b not in schema.nodes:
                raise SchemaError(f"{rel.type} joins unknown labels {a!r}, {b!r}")
    for label in (*schema.organisation_labels, *schema.research_labels, *schema.fulltext["labels"]):
        if label not in schema.nodes:
            raise SchemaError(f"schema lists unknown label {label!r}")


class DdlName(str):
    """A constraint or index name derived from schema identifiers (lower-case word)."""

    def __new__(cls, *parts: str) -> DdlName:
        text = "_".join(parts).lower()
        if not re.fullmatch(r"[a-z][a-z0-9_]*", text):
            raise SchemaError(f"{text!r} is not a plain constraint/index name")
        return super().__new__(cls, text)


class _Identifiers(string.Formatter):
    """A formatter that only substitutes schema labels, relationship types and property names."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, DdlName):
            return str(value)
        text = str(value)
        if not (self.schema.is_identifier(text) or _is_property(self.schema, text)):
            raise SchemaError(f"{text!r} is not a label, type or property of the schema")
        return f"`{text}`"


def _is_property(schema: Schema, name: str) -> bool:
    if name in ("uid", "name", "search_text", *schema.raw["provenance_properties"]):
        return True
    return any(name in n.properties for n in schema.nodes.values()) or any(
        name in r.properties for r in schema.relationships.values()
    )


def cypher(template: str, **identifiers: str) -> str:
    """Fill ``{name}`` slots of a Cypher template with schema identifiers (backtick-quoted).

    Values never go through here: they are always query parameters.
    """
    return _Identifiers(load_schema()).format(template, **identifiers)


_FULLTEXT_DDL = (
    "CREATE FULLTEXT INDEX {index} IF NOT EXISTS FOR (n:{labels}) ON EACH [{props}] "
    "OPTIONS {{indexConfig: {{`fulltext.analyzer`: $analyzer, "
    "`fulltext.eventually_consistent`: false}}}}"
)


def schema_statements(schema: Schema | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The idempotent DDL for constraints and indexes, as (statement, parameters)."""
    schema = schema or load_schema()
    stmts: list[tuple[str, dict[str, Any]]] = []
    unique = "CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
    index = "CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
    for node in schema.nodes.values():
        stmts.append((cypher(unique, name=DdlName(node.label, "uid"), label=node.label, prop="uid"), {}))
        for prop in node.properties.values():
            if prop.unique or prop.index:
                template = unique if prop.unique else index
                name = DdlName(node.label, prop.name)
                stmts.append((cypher(template, name=name, label=node.label, prop=prop.name), {}))
    ft = schema.fulltext
    for label in ft["labels"]:
        schema.node(label)
    labels = "|".join(f"`{label}`" for label in ft["labels"])
    props = ", ".join(cypher("n.{p}", p=p) for p in ft["properties"])
    text = _FULLTEXT_DDL.format(index=DdlName(ft["name"]), labels=labels, props=props)
    stmts.append((text, {"analyzer": ft["analyzer"]}))
    return stmts


def apply(graph: Any) -> int:
    """Create every constraint and index (safe to re-run); wait until they are online.

    Returns how many schema statements were sent.
    """
    stmts = schema_statements()
    indexes = [s for s in stmts if not s[0].startswith("CREATE CONSTRAINT")]
    constraints = [s for s in stmts if s[0].startswith("CREATE CONSTRAINT")]
    with graph.driver.session(database=graph.database) as session:
        # plain and full-text indexes first, in one transaction: they fill in the background, in
        # one population job (after a restart of a 100k store the schema took 5.5-5.9 s, against
        # 5.5-6.8 s one index at a time), while each uniqueness constraint fills before it returns
        with session.begin_transaction() as tx:
            for stmt, params in indexes:
                tx.run(stmt, params).consume()
            tx.commit()
        for stmt, params in constraints:  # one at a time: two at once deadlock on the schema
            session.run(stmt, params).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
    return len(stmts)


_DDL_NAME = re.compile(r"^CREATE (?:FULLTEXT )?(?:CONSTRAINT|INDEX) `?([^`\s]+)`? IF NOT EXISTS")


def missing(graph: Any) -> list[str]:
    """The schema's constraints and indexes that are not online in ``graph`` (empty when complete).

    A uniqueness constraint's index carries the constraint's name, so one look at the indexes
    covers both. The offline first load checks this before it counts as committed."""
    expected = [m.group(1) for stmt, _ in schema_statements() if (m := _DDL_NAME.match(stmt))]
    rows = graph.driver.execute_query(
        "SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN collect(name) AS names",
        database_=graph.database,
        bookmark_manager_=None,
    ).records
    online = set(rows[0]["names"]) if rows else set()
    return [name for name in expected if name not in online]
