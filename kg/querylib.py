"""The named-query library: ``kg/queries/NAME.cypher`` files with a ``//`` header.

A header names the query and its parameters, so analysts can list, read and re-run the same
Cypher the analyses use::

    // title: 环节内企业 / Enterprises in a segment
    // description: 某产业链一个环节里的企业，本地企业在前。
    // param: chain: str
    // param: segment: str
    // label: chain: 产业链
    // label: enterprise: 企业

Parameters are typed (``str``, ``int``, ``float``, ``bool``, ``list``); one without a default is
required. ``= null`` declares an optional parameter whose absence means "no filter";
``= @local_district`` / ``= @high_tech_rank`` take the schema's value (one home for both).
``label`` lines give a parameter or a result column its Chinese name for the explorer's console
(the identifiers stay English for the CLI and for Cypher).
``asks`` lines declare the question shapes a query answers for ``kg ask`` (``{slot}`` or
``{param:kind|kind}`` fills a parameter from an entity recognised in the question, ``[词|词]`` is a
group of words one of which must appear; the rest is an example's wording — see :mod:`kg.ask.shapes`);
an ``answer`` line is the sentence ``kg ask`` says (``{n}`` the number of rows, ``{param}`` a value),
an ``empty`` line the one it says when no row comes back.
Analyst runs go through the read-only runner; the analyses read through :func:`fetch`, which
also runs in a READ transaction with a time limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from neo4j import Query, RoutingControl

from kg.errors import KgError
from kg.graph.cypher_tokens import tokenize
from kg.graph.readonly import DEFAULT_LIMIT, DEFAULT_TIMEOUT, QueryResult, run_read_only

QUERY_DIR = Path(__file__).resolve().parent / "queries"
TYPES = ("str", "int", "float", "bool", "list")
ANALYSIS_TIMEOUT = 300.0

_HEADER = re.compile(r"^//\s*(title|description|param|label|asks|answer|empty)\s*:\s*(.*)$")
_LABEL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(\S.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([a-z]+)\s*(?:=\s*(.+))?$")


class QueryLibraryError(KgError):
    """A named query is unknown, malformed, or was given unusable parameters."""


class UnknownChain(KgError):
    """An analysis was asked about a chain the graph does not hold."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any = None
    required: bool = True

    def describe(self) -> str:
        if self.required:
            return f"{self.name}: {self.type}"
        return f"{self.name}: {self.type} = {json.dumps(self.default, ensure_ascii=False)}"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path
    labels: dict[str, str] = field(default_factory=dict, compare=False)
    asks: tuple[str, ...] = ()
    answer: str = ""
    empty: str = ""

    def label(self, name: str) -> str:
        """The Chinese name of a parameter or result column (the identifier when none is declared)."""
        return self.labels.get(name, name)

    def used_params(self) -> set[str]:
        """The ``$names`` the Cypher uses (comments and string literals ignored)."""
        return {tok.text[1:] for tok in tokenize(self.text) if tok.kind == "param" and len(tok.text) > 1}


def parse(path: Path) -> NamedQuery:
    """Read one ``.cypher`` file: header lines first, then the statement."""
    title = description = ""
    params: list[Param] = []
    labels: dict[str, str] = {}
    asks: list[str] = []
    answer = empty = ""
    body: list[str] = []
    in_header = True
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line.strip()) if in_header else None
        if match:
            key, value = match.group(1), match.group(2).strip()
            if key == "title":
                title = value
            elif key == "description":
                description = f"{description} {value}".strip()
            elif key == "asks":
                asks.append(value)
            elif key == "answer":
                answer = value
            elif key == "empty":
                empty = value
            elif key == "label":
                label = _LABEL.match(value)
                if not label:
                    raise QueryLibraryError(
                        f"query {path.stem}: bad label line {value!r} (want 'name: 名称')"
                    )
                labels[label.group(1)] = label.group(2).strip()
            else:
                params.append(_parse_param(path.stem, value))
            continue
        if in_header and (not line.strip() or line.strip().startswith("//")):
            continue
        in_header = False
        body.append(line)
    if not title:
        raise QueryLibraryError(f"query {path.stem}: header has no '// title:' line")
    text = "\n".join(body).strip()
    if not text:
        raise QueryLibraryError(f"query {path.stem}: no Cypher after the header")
    return NamedQuery(
        path.stem, title, description, tuple(params), text, path, labels, tuple(asks), answer, empty
    )


def _parse_param(query: str, spec: str) -> Param:
    match = _PARAM.match(spec)
    if not match or match.group(2) not in TYPES:
        raise QueryLibraryError(
            f"query {query}: bad parameter line {spec!r} (want 'name: {'|'.join(TYPES)} [= default]')"
        )
    name, ptype, raw_default = match.groups()
    if raw_default is None:
        return Param(name, ptype)
    if raw_default.strip().startswith("@"):
        return Param(name, ptype, convert(ptype, _schema_default(query, raw_default.strip()[1:]), name),
                     required=False)
    try:
        default = json.loads(raw_default)
    except json.JSONDecodeError as exc:
        raise QueryLibraryError(f"query {query}: default of {name} is not JSON: {raw_default}") from exc
    if default is not None:
        default = convert(ptype, default, name)
    return Param(name, ptype, default, required=False)


SCHEMA_DEFAULTS = ("local_district", "high_tech_rank")


def _schema_default(query: str, key: str) -> Any:
    """``= @local_district`` in a header: the value the schema holds, so no query restates it."""
    if key not in SCHEMA_DEFAULTS:
        known = ", ".join(SCHEMA_DEFAULTS)
        raise QueryLibraryError(f"query {query}: unknown schema default @{key} (known: {known})")
    from kg.graph.schema import load_schema

    return getattr(load_schema(), key)


@cache
def library() -> dict[str, NamedQuery]:
    """Every named query, by name (the files ship with the package)."""
    return {p.stem: parse(p) for p in sorted(QUERY_DIR.glob("*.cypher"))}


def get(name: str) -> NamedQuery:
    try:
        return library()[name]
    except KeyError:
        raise QueryLibraryError(
            f"no named query {name!r}; see `kg queries list` ({len(library())} queries)"
        ) from None


def convert(ptype: str, value: Any, name: str) -> Any:
    """Turn a CLI or caller value into the declared type, or say precisely why not."""
    try:
        if ptype == "str":
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        if ptype == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "1", "yes", "是"):
                return True
            if text in ("false", "0", "no", "否"):
                return False
            raise ValueError(value)
        if ptype == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            return int(str(value).strip()) if isinstance(value, str) else int(value)
        if ptype == "float":
            if isinstance(value, bool):
                raise ValueError(value)
            return float(value)
        if ptype == "list":
            if isinstance(value, list):
                return value
            if isinstance(value, str):
                return [part.strip() for part in re.split(r"[,，、;；]", value) if part.strip()]
            return [value]
    except (TypeError, ValueError):
        pass
    raise QueryLibraryError(f"parameter {name} must be {ptype}, got {value!r}")


def bind(query: NamedQuery, given: dict[str, Any] | None) -> dict[str, Any]:
    """Declared parameters with defaults filled in and values converted; unknown or missing → error.

    An optional parameter given as None is bound to null, so a caller can ask for "no filter"
    where the header's default filters (``district=None``: every district)."""
    given = dict(given or {})
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryLibraryError(f"query {query.name} has no parameter {unknown[0]} (parameters: {known})")
    out: dict[str, Any] = {}
    for param in query.params:
        if param.name in given and given[param.name] is not None:
            out[param.name] = convert(param.type, given[param.name], param.name)
        elif param.name in given and not param.required:
            out[param.name] = None  # an explicit None is null ("no filter"), not the default
        elif param.required:
            raise QueryLibraryError(f"query {query.name} needs --param {param.name}=<{param.type}>")
        else:
            out[param.name] = param.default
    return out


def run(graph: Any, name: str, params: dict[str, Any] | None = None, *,
        limit: int = DEFAULT_LIMIT, timeout: float = DEFAULT_TIMEOUT) -> QueryResult:
    """Run a named query for an analyst: read-only runner, row limit, time limit."""
    query = get(name)
    return run_read_only(graph, query.text, bind(query, params), limit=limit, timeout=timeout)


def fetch(graph: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run a named query for an analysis (all rows, READ routing, long time limit)."""
    query = get(name)
    records = graph.driver.execute_query(
        Query(query.text, timeout=ANALYSIS_TIMEOUT),
        bind(query, params),
        database_=graph.database,
        routing_=RoutingControl.READ,
        # No bookmarks: imports write in their own sessions, so the driver's bookmarks never
        # carried them; and after an offline initial load swaps the store (kg.ingest.bulk), old
        # bookmarks name transactions the new store never had and every read would wait on them.
        bookmark_manager_=None,
    ).records
    return [dict(rec) for rec in records]


def check_chain(graph: Any, chain: str | None) -> str | None:
    """``chain`` itself when the graph holds it (None passes); else a one-line error listing chains."""
    if chain is None:
        return None
    chains = [row["chain"] for row in fetch(graph, "chain_names")]  # names only: no per-chain counts
    if chain not in chains:
        listed = "、".join(chains) if chains else "none loaded yet"
        raise UnknownChain(f"unknown chain {chain!r}; known chains: {listed}")
    return chain
