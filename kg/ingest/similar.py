"""Duplicates that names hide: a new enterprise whose name is close to one the graph already holds.

Matching by normalised name (kg.ingest.names) already makes 股份有限公司/有限公司 and bracket variants
one firm; what it cannot see is a short name (移远通信 for 上海移远通信技术股份有限公司), a region in front
or behind, or a one-character difference. Those are reported as a warning with the candidate —
never merged, never silently created as if nothing were there.

Bounded for 100k firms: names are reduced to a *core* (no region, no legal form, no generic words
such as 科技/技术), indexed by their character bigrams; a new name is compared (rapidfuzz) only with
the few firms that share its rarer bigrams or its core, never with every firm.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kg.ingest.names import norm_name
from kg.ingest.resolve import Entity

REGIONS = ("中国", "上海市", "上海", "松江区", "松江")
# generic words at the end of a name (after the legal form is gone), longest first
GENERIC = (
    "科技发展",
    "技术发展",
    "信息技术",
    "科技",
    "技术",
    "实业",
    "发展",
    "控股",
    "股份",
    "国际",
    "集团",
    "中国",
    "上海",
)
COMMON_BIGRAM = 200  # a bigram shared by more firms than this says nothing about a name
CANDIDATES = 20  # firms compared with a new name at most
SAME_RATIO = 88.0  # rapidfuzz ratio of two cores from which they may be the same firm
DIGITS = re.compile(r"\d+")


def core(name: str) -> str:
    """What identifies a firm inside its name: no region in front, legal form or generic words behind."""
    text = norm_name(name)
    changed = True
    while changed:
        changed = False
        for region in REGIONS:
            if text.startswith(region) and len(text) > len(region) + 1:
                text, changed = text[len(region) :], True
        for word in (*GENERIC, *REGIONS):
            if text.endswith(word) and len(text) > len(word) + 1:
                text, changed = text[: -len(word)], True
    return text


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def close(a: str, b: str) -> bool:
    """May cores ``a`` and ``b`` name the same firm? (numbers must agree: 一厂 and 二厂 are two)"""
    if DIGITS.findall(a) != DIGITS.findall(b):
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and short in long and len(short) * 2 >= len(long):
        return True
    return min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= SAME_RATIO


@dataclass
class NameIndex:
    """The graph's enterprises by core and core bigram, built once per import when first needed."""

    firms: list[Entity] = field(default_factory=list)
    cores: list[str] = field(default_factory=list)
    by_core: dict[str, list[int]] = field(default_factory=dict)
    by_bigram: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, firms: list[Entity]) -> NameIndex:
        index = cls()
        for ent in firms:
            i = len(index.firms)
            index.firms.append(ent)
            c = core(ent.name)
            index.cores.append(c)
            index.by_core.setdefault(c, []).append(i)
            for gram in _bigrams(c):
                index.by_bigram.setdefault(gram, []).append(i)
        return index

    def candidate(self, name: str, code: str | None) -> Entity | None:
        """The closest existing firm that may be the one ``name`` means (None: nothing close).

        A firm whose credit code differs from ``code`` is another firm whatever its name."""
        c = core(name)
        if not c:
            return None
        shared: Counter[int] = Counter(self.by_core.get(c, ()))
        for i in shared:
            shared[i] += 100  # the same core first
        for gram in _bigrams(c):
            posting = self.by_bigram.get(gram, ())
            if len(posting) <= COMMON_BIGRAM:
                shared.update(posting)
        best: tuple[float, Entity] | None = None
        for i, _ in shared.most_common(CANDIDATES):
            ent, other = self.firms[i], self.cores[i]
            if code and ent.code and ent.code != code:
                continue
            if close(c, other):
                score = fuzz.ratio(c, other)
                if best is None or score > best[0]:
                    best = (score, ent)
        return best[1] if best else None
