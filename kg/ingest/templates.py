"""The import templates declared once in ``schema.yaml`` (``templates:``), as Python objects.

Header and value matching are forgiving (full/half-width, spaces, a trailing ``*``); what is stored
is always the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.graph.schema import load_schema

LIST_SEPARATORS = re.compile(r"[;；、,，\n]+")


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    type: str
    required: bool
    aliases: tuple[str, ...]
    becomes: str
    choices: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class Template:
    key: str
    zh: str
    labels: tuple[str, ...]
    names: tuple[str, ...]
    note: str
    columns: tuple[Column, ...]
    common: tuple[Column, ...]

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + self.common

    def column(self, key: str) -> Column:
        for col in self.all_columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def match_header(self, header: str) -> Column | None:
        """The column a header names (exact Chinese header or an English/Chinese alias)."""
        wanted = header_key(header)
        for col in self.all_columns:
            if wanted == header_key(col.header) or wanted in {header_key(a) for a in col.aliases}:
                return col
        return None


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Matching form of a short text: NFKC (full → half width), no spaces, case-folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def header_key(header: str) -> str:
    """Matching form of a header: folded, without the ``*`` that marks a required column."""
    return fold(header).rstrip("*").lstrip("*")


def split_list(text: str) -> list[str]:
    """Split a multi-value cell on ；; 、 , (and full-width forms); blanks dropped, order kept."""
    return [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]


def _column(raw: dict, choices_lists: dict[str, tuple[str, ...]]) -> Column:
    choices = tuple(raw.get("choices", ()))
    if "choices_from" in raw:
        choices = choices_lists[raw["choices_from"]]
    return Column(
        header=raw["header"],
        key=raw["key"],
        type=raw.get("type", "str"),
        required=bool(raw.get("required", False)),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        becomes=str(raw.get("becomes", "")),
        choices=choices,
        min=raw.get("min"),
        max=raw.get("max"),
    )


@cache
def templates() -> dict[str, Template]:
    """Every template by key, in the order of ``schema.yaml`` (also the import order)."""
    schema = load_schema()
    raw = schema.raw
    lists = {
        "carrier_types": schema.carrier_types,
        "positions": schema.positions,
        "collaboration_types": schema.collaboration_types,
    }
    common = tuple(_column(c, lists) for c in raw["template_common_columns"])
    out: dict[str, Template] = {}
    for key, spec in raw["templates"].items():
        label = spec.get("label")
        labels = tuple(label) if isinstance(label, list) else ((label,) if label else ())
        for lab in labels:
            schema.node(lab)
        out[key] = Template(
            key=key,
            zh=spec["zh"],
            labels=labels,
            names=tuple(spec.get("names", ())),
            note=str(spec.get("note", "")).strip(),
            columns=tuple(_column(c, lists) for c in spec["columns"]),
            common=common,
        )
    return out


def template(name: str) -> Template:
    """A template by key (``enterprise``) or Chinese name (``企业名单``)."""
    for tpl in templates().values():
        if fold(name) in (fold(tpl.key), fold(tpl.zh)):
            return tpl
    known = "、".join(t.zh for t in templates().values())
    from kg.ingest.model import IngestError

    raise IngestError(f"unknown template {name!r}; known: {known}")
