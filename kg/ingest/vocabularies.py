"""Controlled vocabularies a column's values are checked against (``vocabularies:`` in the schema).

Two kinds: ``names`` (a short list such as Songjiang's streets and towns, matched forgivingly:
full/half width, spaces, a missing 街道/镇 suffix) and ``codes`` (a code table shipped as a file,
such as GB/T 4754-2017: a section letter or a 2–4 digit code, with or without the letter in front
or the name behind it; a name alone finds its code). A known value is stored in its canonical
form; an unknown one is a warning (the text kept) or an error, as the vocabulary's ``level``
says, with the closest known value as the suggestion.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import SchemaError
from kg.graph.schema import load_schema
from kg.ingest.resolve import closest
from kg.ingest.templates import fold

PACKAGE = Path(__file__).resolve().parents[1]  # the kg package: vocabulary files are relative to it
# [letter][digits][name]: "C3919", "3919 其他电子设备制造", "C"; a letter only when no letter follows
CODE_CELL = re.compile(r"^(?P<letter>[A-Za-z](?![A-Za-z]))?\s*(?P<digits>\d+)?\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class Check:
    """What a cell is in a vocabulary: its canonical value (None: unknown), else why and a hint."""

    value: str | None
    reason: str = ""
    suggestion: str = ""


@dataclass(frozen=True)
class Vocabulary:
    key: str
    zh: str
    kind: str  # names | codes
    level: str  # what an unknown value is: warning (text kept) or error
    source: str
    version: str
    values: dict[str, str]  # folded spelling → canonical value
    names: dict[str, str]  # codes: canonical code → its name
    sections: dict[str, str]  # codes: canonical code → its section letter
    fills: tuple[tuple[str, str], ...]  # (column key, value) a known value gives an empty column
    canonical: frozenset[str]  # every canonical value

    def check(self, text: str) -> Check:
        return self._code(text) if self.kind == "codes" else self._name(text)

    def _name(self, text: str) -> Check:
        value = self.values.get(fold(text))
        if value is not None:
            return Check(value)
        known = sorted(self.canonical)
        return Check(None, f"不在{self.zh}（共 {len(known)} 个）中", closest(text, known))

    def _code(self, text: str) -> Check:
        plain = unicodedata.normalize("NFKC", text).strip()
        by_name = self.values.get(fold(plain))
        if by_name is not None:
            return Check(by_name)
        cell = CODE_CELL.match(plain)
        assert cell is not None  # every part is optional
        letter, digits = (cell["letter"] or "").upper(), cell["digits"] or ""
        if not digits and not letter:
            return Check(None, f"{self.zh}代码应为门类字母或 2–4 位数字", self._closest_name(plain))
        code = digits or letter
        if digits and "0" + digits in self.names and code not in self.names:
            reason = f"{self.zh}（{self.version}）中没有代码 {code}（Excel 可能去掉了开头的 0）"
            return Check(None, reason, "0" + digits)
        if digits and not 2 <= len(digits) <= 4:
            return Check(None, f"{self.zh}代码应为门类字母或 2–4 位数字，实为 {len(digits)} 位")
        if code not in self.names:
            parent = next((code[:n] for n in (3, 2) if code[:n] in self.names), "")
            hint = f"{parent}（{self.names[parent]}）下的代码" if parent else ""
            return Check(None, f"{self.zh}（{self.version}）中没有代码 {code}", hint)
        if letter and digits and self.sections[code] != letter:
            section = self.sections[code]
            return Check(None, f"代码 {digits} 属于门类 {section}，不是 {letter}", f"{section}{digits}")
        return Check(code)

    def _closest_name(self, text: str) -> str:
        hint = closest(text, list(self.names.values()))
        code = next((c for c, n in self.names.items() if n == hint), "")
        return f"{code}（{hint}）" if code else ""

    def known(self, value: str) -> bool:
        """Is ``value`` (a converted cell) one of the vocabulary's canonical values?"""
        return value in self.canonical


def _names(raw: dict[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    suffixes = tuple(raw.get("suffixes") or ())
    for name in raw["values"]:
        values[fold(name)] = name
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                values.setdefault(fold(name[: -len(suffix)]), name)
    return values


def _code_table(raw: dict[str, Any], key: str) -> tuple[dict[str, str], dict[str, str]]:
    path = PACKAGE / raw["file"]
    if not path.is_file():
        raise SchemaError(f"vocabulary {key}: no file {path}")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    names: dict[str, str] = {}
    sections: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        names[row["code"]] = row["name"]
        sections[row["code"]] = row["section"]
    return names, sections


@cache
def _vocabularies(path: Path) -> dict[str, Vocabulary]:
    out: dict[str, Vocabulary] = {}
    for key, raw in (load_schema(path).raw.get("vocabularies") or {}).items():
        kind = raw.get("kind", "names")
        names: dict[str, str] = {}
        sections: dict[str, str] = {}
        if kind == "codes":
            names, sections = _code_table(raw, key)
            values = {}
            for code, name in names.items():  # a name alone finds its code (the first of a name)
                values.setdefault(fold(name), code)
        elif kind == "names":
            values = _names(raw)
        else:
            raise SchemaError(f"vocabulary {key}: kind must be names or codes")
        level = raw.get("level", "warning")
        if level not in ("warning", "error"):
            raise SchemaError(f"vocabulary {key}: level must be warning or error")
        out[key] = Vocabulary(
            key=key,
            zh=raw["zh"],
            kind=kind,
            level=level,
            source=str(raw.get("source", "")).strip(),
            version=str(raw.get("version", "")),
            values=values,
            names=names,
            sections=sections,
            fills=tuple((k, str(v)) for k, v in (raw.get("fills") or {}).items()),
            canonical=frozenset(names) if kind == "codes" else frozenset(values.values()),
        )
    return out


def vocabulary(key: str) -> Vocabulary:
    """A vocabulary of the schema in use, by key (``towns``, ``industry_codes``)."""
    return _vocabularies(load_schema().path)[key]


def vocabularies() -> dict[str, Vocabulary]:
    return _vocabularies(load_schema().path)
