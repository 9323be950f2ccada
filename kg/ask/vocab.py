"""The names a question can mention, read from the graph (the named query ``ask_vocabulary``).

Every chain, segment, tier (with the schema's aliases), park, town, university, institute, firm
(its name, aliases, the name without legal form and region, its 字号), tech field, measure,
workstation and consortium becomes one or more *forms*; a pyahocorasick automaton finds all forms in
a question in one pass, and the longest non-overlapping ones are the mentions. A chain imported
later is in the vocabulary the next time it is read — no code knows the chains.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from kg import querylib
from kg.graph.schema import load_schema
from kg.ingest.names import norm_name
from kg.ingest.similar import core

SAMPLE_PREFIX = "示例·"
_DROP = re.compile(r"[\s·・()\[\]{}（）【】〔〕<>《》\"'“”‘’「」『』,，。.!！?？:：;；、_\-—~]+")
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)\s*年?")
REGION_PREFIXES = ("上海市", "上海", "松江区", "松江")
CN_NUM = "一二三四五六七八九十"
# words that are never a firm's 字号 on their own (they start many ordinary phrases)
_NOT_BRAND = {"上海", "中国", "松江", "示例", "哪些", "有限", "科技", "技术"}

STATUS_FORMS: dict[str, tuple[str, ...]] = {
    "断链": ("断链", "缺链", "断点", "断掉", "断了", "缺失环节", "空白环节"),
    "弱链": ("弱链", "薄弱", "短板", "偏弱", "比较弱"),
    "强链": ("强链", "优势环节", "比较强"),
}
POSITION_FORMS: dict[str, tuple[str, ...]] = {"上游": ("上游",), "中游": ("中游",), "下游": ("下游",)}


def norm(text: str) -> str:
    """Matching form of a question or a name: NFKC, case-folded, no spaces, brackets or punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Entity:
    kind: str
    key: Any  # the parameter value
    name: str  # what is shown
    chain: str | None = None
    sample: bool = False


@dataclass
class Mention:
    start: int
    end: int
    text: str
    entities: list[Entity]
    near: bool = False  # found by rapidfuzz, not exactly


@dataclass
class Vocabulary:
    forms: dict[str, list[Entity]] = field(default_factory=lambda: defaultdict(list))
    firms: dict[str, list[Entity]] = field(default_factory=lambda: defaultdict(list))  # core → firms
    by_kind: dict[str, list[Entity]] = field(default_factory=lambda: defaultdict(list))
    automaton: Any = None

    def add(self, form: str, entity: Entity) -> None:
        form = norm(form)
        if len(form) < 2 and not form.isdigit():
            return
        if entity not in self.forms[form]:
            self.forms[form].append(entity)

    def build(self) -> Vocabulary:
        self.automaton = ahocorasick.Automaton()
        for form in self.forms:
            self.automaton.add_word(form, form)
        self.automaton.make_automaton()
        return self

    def mentions(self, question: str) -> tuple[str, list[Mention]]:
        """The question's matching form and its longest non-overlapping mentions, in order."""
        text = norm(question)
        found = [(end - len(form) + 1, end + 1, form) for end, form in self.automaton.iter(text)]
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: list[Mention] = []
        for start, end, form in found:
            if any(start < m.end and m.start < end for m in taken):
                continue
            taken.append(Mention(start, end, text[start:end], list(self.forms[form])))
        # 上下游 is both ends, not 下游
        taken = [
            m
            for m in taken
            if not (m.text == "下游" and text[max(m.start - 2, 0) : m.start + 1].endswith("上下"))
        ]
        for match in _YEAR.finditer(text):
            start, end = match.span()
            if not any(start < m.end and m.start < end for m in taken):
                year = int(match.group(1))
                taken.append(Mention(start, end, match.group(0), [Entity("year", year, f"{year}年")]))
        taken.sort(key=lambda m: m.start)
        return text, taken


def firm_forms(name: str, aliases: list[str]) -> tuple[set[str], str]:
    """A firm's forms (full, without legal form, without region, 字号) and its core."""
    plain = name.removeprefix(SAMPLE_PREFIX)
    the_core = core(plain)
    forms = {name, plain, norm_name(plain), the_core}
    for alias in aliases:
        forms |= {alias, norm_name(alias), core(alias)}
    return forms, the_core


def build(rows: list[dict[str, Any]]) -> Vocabulary:
    """The vocabulary from ``ask_vocabulary`` rows plus the schema's tier aliases and fixed words."""
    vocab = Vocabulary()
    schema = load_schema()
    brands: dict[str, list[Entity]] = defaultdict(list)
    for row in rows:
        kind = row["kind"]
        entity = Entity(kind, row["key"], row["name"], row.get("chain"), bool(row.get("sample")))
        vocab.by_kind[kind].append(entity)
        names = [row["name"], *(row.get("aliases") or [])]
        if kind == "firm":
            forms, the_core = firm_forms(row["name"], row.get("aliases") or [])
            vocab.firms[the_core].append(entity)
            if len(the_core) >= 4 and the_core[:2] not in _NOT_BRAND:
                brands[the_core[:2]].append(entity)
            names = list(forms)
        elif kind == "tier":
            known = next((t for t in schema.tiers if t.name == row["name"]), None)
            names += list(known.aliases) if known else []
        elif kind == "measure":
            no = int(row["key"])
            names += measure_forms(no)
            entity = Entity(kind, row["key"], f"（{_cn(no)}）{row['name']}")
            vocab.by_kind[kind][-1] = entity
        elif kind == "segment" and row["name"].endswith("）"):
            names.append(re.sub(r"（.*?）$", "", row["name"]))  # 体外诊断（IVD） → 体外诊断
        if kind in ("university", "institute", "park"):  # 工程技术大学 for 上海工程技术大学
            names += [
                n[len(r) :]
                for n in list(names)
                for r in REGION_PREFIXES
                if n.startswith(r) and len(n) - len(r) >= 4
            ]
        for form in names:
            if form:
                vocab.add(form, entity)
    for brand, firms in brands.items():  # a 字号 shared by two firms asks which one
        if norm(brand) not in vocab.forms:
            for firm in firms:
                vocab.add(brand, firm)
    for key, forms in STATUS_FORMS.items():
        for form in forms:
            vocab.add(form, Entity("status", key, key))
    for key, forms in POSITION_FORMS.items():
        for form in forms:
            vocab.add(form, Entity("position", key, key))
    return vocab.build()


def measure_forms(no: int) -> list[str]:
    cn = _cn(no)
    return [
        f"第{cn}条",
        f"第{no}条",
        f"（{cn}）",
        f"措施{cn}",
        f"措施{no}",
        f"第{cn}项",
        f"第{no}项",
        f"第{cn}条措施",
        f"第{no}条措施",
    ]


def _cn(no: int) -> str:
    if no <= 10:
        return CN_NUM[no - 1]
    return "十" + (CN_NUM[no - 11] if no > 10 and no < 20 else "") if no < 20 else str(no)


def load(graph: Any) -> Vocabulary:
    return build(querylib.fetch(graph, "ask_vocabulary"))
