"""挂链: which chain segments an enterprise likely belongs to, with a score in 0–1 and the evidence.

A pure function over rows (``suggest(firms, segments, …)``): nothing here reads or writes the graph,
and a suggestion is never a fact — the CLI and pages show it as 待确认 until an editor accepts it,
which is an import like any other (``kg link accept``).

The method, in three steps (thresholds are keyword arguments; the defaults are documented in
``docs/analyses.md`` and measured by ``python -m benchmarks.linking``):

1. **Clean the registered text.** 经营范围 is split into its items; registry boilerplate that any firm
   writes (技术开发、技术咨询、技术服务…, 货物进出口, 第二类医疗器械销售, the 一般项目/许可项目 labels and the
   legal notes in brackets) is dropped, so it neither matches nor makes firms look alike.
2. **Match the segments' vocabulary** (``ChainSegment.keywords``; the name when it has none) with an
   Aho–Corasick automaton (pyahocorasick) in 主营产品, 经营范围 and the firm's name; overlapping hits keep
   the longest term (脑机接口芯片 wins over 脑机接口), ASCII terms (IVD, PCB) must stand alone, and an item
   that only sells (…销售/批发/零售) counts half. A term shared by n segments counts 1/√n for each. A
   firm's technology fields that a segment also names count a little.
3. **Compare the texts** with TF-IDF (scikit-learn over jieba tokens, the keywords added to jieba's
   dictionary): the firm against the segment's own vocabulary and against the centroid of the firms
   already confirmed in it (``IN_SEGMENT``) — the more links planners confirm, the more each segment
   knows. The most similar confirmed firms are part of the evidence.

score = 1 − (1 − term score) · (1 − similarity_weight · similarity). A segment is suggested only with
a matched term, or (for a firm whose text names none) with a confirmed-member similarity of at least
``member_min_similarity``; firms without strong evidence get no suggestion at all.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

METHOD = "keywords+tfidf/1"  # recorded with every suggestion; change it when the method changes

SCOPE, PRODUCTS, NAME, FIELDS = "经营范围", "主营产品", "企业名称", "技术领域"
FIELD_WEIGHTS = {PRODUCTS: 0.9, SCOPE: 0.7, NAME: 0.5}
FIELD_TERM_WEIGHT = 0.25  # a technology field the firm and the segment share

# Item prefixes of the same kind ("从事…领域内的技术开发" keeps its field; these carry nothing).
GENERIC_ITEM = re.compile(r"^(?:技术|信息|商务信息|企业|咨询)(?:服务|开发|咨询|交流|转让|推广)$")
LEGAL_NOTE = re.compile(
    r"[（(【][^（）()【】]*?(?:依法|许可|批准|营业执照|不含|除外|不得|须经|涉及)[^（）()【】]*?[）)】]"
)
SECTION_LABEL = re.compile(r"(?:一般项目|许可项目|经营范围|主营产品|主要产品|主营业务)\s*[:：]")
ITEM_SPLIT = re.compile(r"[、；;，,。:：\n\r\t]+")
SALES_ONLY = re.compile(r"(?:销售|批发|零售|经营|代理|租赁|维修|进出口)$")
ASCII_WORD = re.compile(r"[0-9A-Z]")
VOCABULARY_FILE = Path(__file__).resolve().parents[1] / "data" / "linking_vocabulary.yaml"


@lru_cache(maxsize=1)
def register_words() -> tuple[frozenset[str], frozenset[str]]:
    """The registry boilerplate items and the TF-IDF stop tokens (kg/data/linking_vocabulary.yaml)."""
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    return frozenset(data["generic_items"].split()), frozenset(data["stop_tokens"].split())


@dataclass(frozen=True)
class Term:
    """A term of a segment's vocabulary found in a firm's text, and where."""

    term: str
    where: str  # 经营范围 / 主营产品 / 企业名称 / 技术领域


@dataclass(frozen=True)
class Similar:
    """A firm already confirmed in the segment, and how alike the two texts are (cosine, 0–1)."""

    uid: str
    name: str
    similarity: float


@dataclass(frozen=True)
class Suggestion:
    """One likely segment of one firm: never a fact until accepted (shown as 待确认)."""

    uid: str
    credit_code: str | None
    name: str
    chain: str
    segment: str
    segment_uid: str
    score: float
    rank: int
    terms: tuple[Term, ...]
    similar: tuple[Similar, ...]
    similarity: float  # TF-IDF similarity used in the score (vocabulary or confirmed members)

    def evidence(self) -> dict[str, Any]:
        return {
            "terms": [{"term": t.term, "where": t.where} for t in self.terms],
            "similar_firms": [
                {"uid": s.uid, "name": s.name, "similarity": round(s.similarity, 3)} for s in self.similar
            ],
            "similarity": round(self.similarity, 3),
        }

    def evidence_text(self) -> str:
        """The evidence in one Chinese line (table and CSV output)."""
        by_where: dict[str, list[str]] = defaultdict(list)
        for t in self.terms:
            by_where[t.where].append(t.term)
        parts = [f"{where}：{'、'.join(terms)}" for where, terms in by_where.items()]
        if self.similar:
            near = "、".join(f"{s.name}（{s.similarity:.2f}）" for s in self.similar)
            parts.append(f"相似已挂链企业：{near}")
        return "；".join(parts) or f"文本相似度 {self.similarity:.2f}"

    def as_row(self) -> dict[str, Any]:
        return {
            "credit_code": self.credit_code or "",
            "uid": self.uid,
            "name": self.name,
            "chain": self.chain,
            "segment": self.segment,
            "segment_uid": self.segment_uid,
            "score": round(self.score, 3),
            "rank": self.rank,
            "evidence": self.evidence(),
            "status": "待确认",
        }


@dataclass(frozen=True)
class LinkResult:
    """Every suggestion (best first per firm), and how many firms had text and got any."""

    suggestions: list[Suggestion]
    firms_with_text: int
    firms_suggested: int
    method: str = METHOD
    settings: dict[str, float] = field(default_factory=dict)

    def by_firm(self) -> dict[str, list[Suggestion]]:
        out: dict[str, list[Suggestion]] = defaultdict(list)
        for s in self.suggestions:
            out[s.uid].append(s)
        return dict(out)


# --- text ---------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Full-width → half-width (NFKC), ASCII upper case: how terms and texts are compared."""
    return unicodedata.normalize("NFKC", text or "").upper()


def items(text: str) -> list[str]:
    """The meaningful items of a registered text: boilerplate, labels and legal notes removed."""
    text = SECTION_LABEL.sub("；", LEGAL_NOTE.sub("", fold(text)))
    generic = register_words()[0]
    out = []
    for item in ITEM_SPLIT.split(text):
        item = item.strip(" ()（）【】[]")
        if len(item) < 2 or item in generic or GENERIC_ITEM.match(item):
            continue
        out.append(item)
    return out


def name_core(name: str) -> str:
    """A firm's name without place and legal form (上海…科技有限公司), the part that may name a product."""
    text = fold(name)
    text = re.sub(r"[（(][^）)]*[）)]", "", text)
    text = re.sub(r"^(?:上海市?|松江区?)", "", text)
    return re.sub(r"(?:股份)?有限(?:责任)?公司$|集团$", "", text)


@dataclass(frozen=True)
class _Vocab:
    """The segments' vocabulary as one automaton: folded term → (display term, segment indexes)."""

    automaton: Any
    terms: dict[str, tuple[str, tuple[int, ...]]]


def _vocab(segments: list[Mapping[str, Any]]) -> _Vocab:
    import ahocorasick

    owners: dict[str, set[int]] = defaultdict(set)
    shown: dict[str, str] = {}
    for i, seg in enumerate(segments):
        # a segment's name is a term only when it has no keywords (a new chain imported without
        # them): names such as 元器件 or 系统集成 alone would match half the register
        for term in seg.get("keywords") or [seg.get("segment") or ""]:
            key = fold(term).strip()
            if len(key) >= 2:
                owners[key].add(i)
                shown.setdefault(key, term.strip())
    automaton = ahocorasick.Automaton()
    terms = {}
    for key, idx in owners.items():
        terms[key] = (shown[key], tuple(sorted(idx)))
        automaton.add_word(key, key)
    if terms:
        automaton.make_automaton()
    return _Vocab(automaton, terms)


def _matches(vocab: _Vocab, text: str) -> list[str]:
    """The vocabulary terms in ``text``: longest first, no two overlapping, ASCII terms standing alone."""
    if not vocab.terms or not text:
        return []
    found = []
    for end, key in vocab.automaton.iter(text):
        start = end - len(key) + 1
        if ASCII_WORD.match(key[0]) and start > 0 and ASCII_WORD.match(text[start - 1]):
            continue
        if ASCII_WORD.match(key[-1]) and end + 1 < len(text) and ASCII_WORD.match(text[end + 1]):
            continue
        found.append((start, end, key))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: list[tuple[int, int]] = []
    keys = []
    for start, end, key in found:
        if any(start <= b and a <= end for a, b in taken):
            continue
        taken.append((start, end))
        keys.append(key)
    return keys


# --- TF-IDF -------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _tokenizer(words: frozenset[str]) -> Any:
    """A jieba tokenizer of its own (the global one is left alone) that knows the vocabulary's terms."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()  # the dictionary ships in jieba's wheel: nothing is downloaded
    for word in sorted(words):
        tok.add_word(word, freq=2000)
    return tok


def _analyzer(words: frozenset[str]) -> Any:
    tok = _tokenizer(words)
    stop = register_words()[1]

    memo: dict[str, list[str]] = {}

    def item_tokens(item: str) -> list[str]:
        return [
            w
            for w in tok.lcut(item, HMM=False)
            if w not in stop and (len(w) >= 2 or w.isascii() and w.isalnum()) and not w.isdigit()
        ]

    def tokens(text: str) -> list[str]:
        # registers repeat their items (光模块的研发、生产 in hundreds of firms): each is cut once
        out: list[str] = []
        for item in text.split("；"):
            cut = memo.get(item)
            if cut is None:
                cut = memo[item] = item_tokens(item)
            out += cut
        return out

    return tokens


# --- the method ---------------------------------------------------------------------------------


def _text(firm: Mapping[str, Any]) -> tuple[list[str], list[str], str]:
    return (
        items(firm.get("business_scope") or ""),
        items(firm.get("main_products") or ""),
        name_core(firm.get("name") or ""),
    )


def has_text(firm: Mapping[str, Any]) -> bool:
    return bool((firm.get("business_scope") or "").strip() or (firm.get("main_products") or "").strip())


def suggest(
    firms: Iterable[Mapping[str, Any]],
    segments: Iterable[Mapping[str, Any]],
    *,
    chain: str | None = None,
    min_score: float = 0.4,
    top_k: int = 3,
    similarity_weight: float = 0.5,
    member_min_similarity: float = 0.45,
    sales_weight: float = 0.5,
    short_term_weight: float = 0.7,
    similar_firms: int = 3,
    rejected: frozenset[tuple[str, str]] = frozenset(),
) -> LinkResult:
    """Likely segments of every firm with text, best first, at most ``top_k`` each.

    ``firms``: rows with ``uid``, ``name``, ``credit_code``, ``business_scope``, ``main_products``,
    ``fields`` (technology fields) and ``segments`` (uids of its confirmed segments: examples of
    them, and never suggested again). ``segments``: rows with ``uid``, ``chain``, ``segment`` (name),
    ``keywords`` and ``fields``. ``chain`` limits the suggestions to one chain (all segments still
    compete, so a firm of another chain is not pushed into this one). ``rejected`` holds
    (firm uid, segment uid) pairs an editor turned down.
    """
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    segs = sorted(segments, key=lambda s: s["uid"])
    rows = [f for f in firms if has_text(f)]
    settings = {
        "min_score": min_score,
        "top_k": top_k,
        "similarity_weight": similarity_weight,
        "member_min_similarity": member_min_similarity,
        "sales_weight": sales_weight,
        "short_term_weight": short_term_weight,
    }
    if not segs or not rows:
        return LinkResult([], len(rows), 0, settings=settings)
    vocab = _vocab(segs)
    seg_index = {s["uid"]: i for i, s in enumerate(segs)}
    field_owners: dict[str, list[int]] = defaultdict(list)
    for i, seg in enumerate(segs):
        for f in seg.get("fields") or []:
            field_owners[f].append(i)

    texts = [_text(f) for f in rows]
    firm_docs = ["；".join([*products, *scope, name]) for scope, products, name in texts]
    seg_docs = ["；".join([s.get("segment") or "", *(s.get("keywords") or [])]) for s in segs]
    words = frozenset(shown for shown, _ in vocab.terms.values())
    vectorizer = TfidfVectorizer(analyzer=_analyzer(words), sublinear_tf=True)
    matrix = vectorizer.fit_transform(firm_docs + seg_docs)
    firm_vecs, seg_vecs = matrix[: len(rows)], matrix[len(rows) :]
    profile_sim = (firm_vecs @ seg_vecs.T).toarray()

    # confirmed members: the centroid of each segment's firms (with text)
    members: dict[int, list[int]] = defaultdict(list)
    for r, firm in enumerate(rows):
        for uid in firm.get("segments") or []:
            if uid in seg_index:
                members[seg_index[uid]].append(r)
    member_sim = np.zeros_like(profile_sim)
    for s, rs in members.items():
        centroid = normalize(np.asarray(firm_vecs[rs].mean(axis=0)))
        member_sim[:, s] = np.asarray(firm_vecs @ centroid.T).ravel()

    pending: list[tuple[int, int, int, float, float]] = []  # (firm row, segment, rank, score, sim)
    evidences: dict[tuple[int, int], dict[str, Term]] = {}
    suggested = 0
    for r, firm in enumerate(rows):
        scope, products, name = texts[r]
        confirmed = set(firm.get("segments") or [])
        strength: dict[int, float] = defaultdict(lambda: 1.0)  # Π(1 − s) per segment
        evidence: dict[int, dict[str, Term]] = defaultdict(dict)
        for where, parts in ((PRODUCTS, products), (SCOPE, scope), (NAME, [name] if name else [])):
            for item in parts:
                sells = bool(SALES_ONLY.search(item))
                for key in _matches(vocab, item):
                    shown, owners = vocab.terms[key]
                    weight = FIELD_WEIGHTS[where] / math.sqrt(len(owners))
                    if sells and not SALES_ONLY.search(key):
                        weight *= sales_weight
                    if len(key) <= 2:
                        weight *= short_term_weight
                    for s in owners:
                        if key not in evidence[s]:
                            strength[s] *= 1.0 - weight
                            evidence[s][key] = Term(shown, where)
        for f in firm.get("fields") or []:
            owners = field_owners.get(f, [])
            for s in owners:
                strength[s] *= 1.0 - FIELD_TERM_WEIGHT / math.sqrt(len(owners))
                evidence[s].setdefault("field:" + f, Term(f, FIELDS))
        scored = []
        # only segments with a term, a shared field or similar members can pass
        candidates = sorted(
            set(strength) | set(np.flatnonzero(member_sim[r] >= member_min_similarity).tolist())
        )
        for s in candidates:
            seg = segs[s]
            if seg["uid"] in confirmed or (firm["uid"], seg["uid"]) in rejected:
                continue
            term_score = 1.0 - strength[s] if s in strength else 0.0
            has_term = any(t.where != FIELDS for t in evidence.get(s, {}).values())
            m_sim = float(member_sim[r, s])
            if not has_term and m_sim < member_min_similarity:
                continue
            sim = max(float(profile_sim[r, s]), m_sim)
            score = 1.0 - (1.0 - term_score) * (1.0 - similarity_weight * sim)
            if score >= min_score:
                scored.append((score, s, sim))
        scored.sort(key=lambda x: (-x[0], segs[x[1]]["uid"]))
        picked = [x for x in scored[:top_k] if chain is None or segs[x[1]]["chain"] == chain]
        if picked:
            suggested += 1
        for _, s, _ in picked:
            evidences[(r, s)] = evidence.get(s, {})
        for rank, (score, s, sim) in enumerate(picked, start=1):
            pending.append((r, s, rank, score, sim))
    near = _nearest_members(firm_vecs, members, [(r, s) for r, s, *_ in pending], similar_firms)
    out: list[Suggestion] = []
    for r, s, rank, score, sim in pending:
        firm, seg = rows[r], segs[s]
        similar = tuple(
            Similar(rows[m]["uid"], rows[m].get("name") or rows[m]["uid"], value) for m, value in near[(r, s)]
        )
        out.append(
            Suggestion(
                uid=firm["uid"],
                credit_code=firm.get("credit_code"),
                name=firm.get("name") or firm["uid"],
                chain=seg["chain"],
                segment=seg["segment"],
                segment_uid=seg["uid"],
                score=min(1.0, score),
                rank=rank,
                terms=tuple(evidences[(r, s)].values()),
                similar=similar,
                similarity=sim,
            )
        )
    return LinkResult(out, len(rows), suggested, settings=settings)


def _nearest_members(
    firm_vecs: Any, members: dict[int, list[int]], pairs: list[tuple[int, int]], k: int
) -> dict[tuple[int, int], list[tuple[int, float]]]:
    """For each (firm, segment) pair, the ``k`` confirmed members of the segment most like the firm
    (cosine > 0, the firm itself excluded): one sparse product per segment, not per pair."""
    import numpy as np

    out: dict[tuple[int, int], list[tuple[int, float]]] = {pair: [] for pair in pairs}
    by_segment: dict[int, list[int]] = defaultdict(list)
    for r, s in pairs:
        if members.get(s):
            by_segment[s].append(r)
    for s, firm_rows in by_segment.items():
        ms = members[s]
        member_t = firm_vecs[ms].T.tocsc()
        for start in range(0, len(firm_rows), 2000):  # bounded dense blocks on a large graph
            chunk = firm_rows[start : start + 2000]
            sims = (firm_vecs[chunk] @ member_t).toarray()
            for i, r in enumerate(chunk):
                row = sims[i]
                order = np.argsort(-row, kind="stable")[: k + 1]
                out[(r, s)] = [(ms[j], float(row[j])) for j in order if ms[j] != r and row[j] > 0][:k]
    return out


def baseline(
    firms: Iterable[Mapping[str, Any]], segments: Iterable[Mapping[str, Any]], *, top_k: int = 3
) -> dict[str, list[str]]:
    """The benchmark's baseline: segments whose *name* is a substring of the text (longer names first)."""
    segs = sorted(segments, key=lambda s: (-len(s["segment"]), s["uid"]))
    out: dict[str, list[str]] = {}
    for firm in firms:
        text = fold(" ".join([firm.get("business_scope") or "", firm.get("main_products") or ""]))
        hits = [s["uid"] for s in segs if fold(s["segment"]) in text]
        if hits:
            out[firm["uid"]] = hits[:top_k]
    return out
