"""Answer a question in Chinese with a named query, or say why not.

1. the names in the question are found in the graph's own vocabulary (:mod:`kg.ask.vocab`);
   a name written like a firm's (…公司) that the graph does not hold is looked up with rapidfuzz
   among the firms' cores: one close firm is taken (marked near), several ask which one, none
   declines — the graph 未掌握 that firm;
2. every shape of the library (:mod:`kg.ask.shapes`) is tried: all its slots filled by mentions of
   the right kind, all its word groups present, no mention left over; the most specific wins, and
   a tie between two queries declines rather than guesses;
3. the named query runs through the read-only runner with the filled parameters. No Cypher is ever
   written from the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rapidfuzz import fuzz, process

from kg import querylib
from kg.ask import shapes as shapes_mod
from kg.ask.shapes import KINDS, Shape
from kg.ask.vocab import Entity, Mention, Vocabulary, norm
from kg.graph.readonly import run_read_only
from kg.ingest.similar import core

NEAR_SCORE = 85.0
# words a question may open with that say nothing about what is asked (longest first)
FILLERS = tuple(
    sorted(
        (
            "请问",
            "帮我",
            "我想知道",
            "想知道",
            "查一下",
            "查查",
            "看看",
            "给我",
            "列出",
            "一下",
            "松江区",
            "松江",
            "全区",
            "区里",
            "我们",
            "图谱里",
            "图谱中",
            "图谱",
            "有哪些",
            "有多少家",
            "有多少",
            "哪些",
            "哪个",
            "多少",
            "几家",
            "全部",
            "所有",
            "目前",
            "现在",
            "做",
            "跟",
            "和",
            "与",
            "同",
            "的",
            "是",
            "有",
            "在",
            "请",
            "问",
            "本地",
            "区内",
        ),
        key=len,
        reverse=True,
    )
)
# the queries whose questions a declined question is shown first
PREFERRED = (
    "segments_by_status",
    "org_collaborations",
    "tier_enterprises",
    "segment_enterprises",
    "measures_for_tier",
    "park_enterprises",
)
MAX_NAMES = 8
CAN_ANSWER = "图谱能回答产业链、环节、断链弱链、企业梯度、园区、高校院所合作、技术领域和政策措施的问题"

# a request to change data: the question box only reads
_WRITE = re.compile(
    r"删除|删掉|删了|清空|修改|改成|改为|改一下|更新一下|添加一家|加一家|加一个|录入|写入|插入|合并|导入"
)
# a name written like a firm's that the vocabulary did not find
_FIRM_LIKE = re.compile(
    r"([^\0的跟与同和是在哪些吗呢么谁\s]{2,24}?(?:股份有限公司|有限责任公司|有限公司|公司|集团))"
)
_STOP_LEAD = "多少家几个这那些有全部所有各请问帮我查一下看给列出问"


class Declined(Exception):
    """The question is not answered; ``reason`` says why in Chinese, ``examples`` what can be asked."""

    def __init__(self, reason: str, examples: list[str], choices: list[str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.examples = examples
        self.choices = choices or []

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"declined": self.reason, "examples": self.examples}
        if self.choices:
            out["choices"] = self.choices
        return out


@dataclass
class Plan:
    shape: Shape
    fills: dict[str, tuple[Mention, list[Entity]]]  # param → mention and its candidates
    score: tuple[int, int, float]


@dataclass
class Answer:
    answer: str
    entities: list[dict[str, Any]]
    query: str
    title: str
    params: dict[str, Any]
    cypher: str
    columns: list[str]
    rows: list[dict[str, Any]]
    sample: bool = False
    note: str | None = None
    labels: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "entities": self.entities,
            "query": self.query,
            "params": self.params,
            "cypher": self.cypher,
            "columns": self.columns,
            "rows": self.rows,
        }


def understand(vocab: Vocabulary, question: str) -> tuple[Plan, list[Mention], str]:
    """The plan that answers ``question`` (raises :class:`Declined`)."""
    if not question.strip():
        raise Declined("问题是空的。" + CAN_ANSWER + "，例如：", examples(vocab, []))
    if _WRITE.search(question):
        raise Declined(
            "问答只查询图谱，不修改数据（修改数据请导入名单：kg import 或“数据导入”页）。"
            + CAN_ANSWER
            + "，例如：",
            examples(vocab, []),
        )
    text, mentions = vocab.mentions(question)
    mentions = _near_firms(vocab, text, mentions)
    plans = [p for shape in shapes_mod.shapes() if (p := _fit(shape, text, mentions))]
    if not plans:
        raise Declined(_why_not(mentions, text) + CAN_ANSWER + "，例如：", examples(vocab, mentions))
    plans.sort(key=lambda p: p.score, reverse=True)
    best = plans[0]
    rivals = {p.shape.query for p in plans if p.score == best.score}
    if len(rivals) > 1:
        titles = "、".join(f"「{querylib.get(q).title.split(' / ')[0]}」" for q in sorted(rivals))
        raise Declined(
            f"这个问题可以理解为{titles}，请说得更具体些，例如：",
            [_example_of(vocab, p.shape, mentions) for p in plans if p.score == best.score][:3],
        )
    for param, (mention, candidates) in best.fills.items():
        if len({(e.kind, e.key, e.chain) for e in candidates}) > 1:
            choices = sorted({_choice(e) for e in candidates})
            raise Declined(
                f"「{mention.text}」在图谱中有{len(choices)}个：{'、'.join(choices)}，请问指哪一个？",
                [
                    question.replace(mention.text, _plain_name(e))
                    if mention.text in question
                    else _example_of(vocab, best.shape, mentions, {param: e})
                    for e in candidates
                ][:3],
                choices,
            )
    return best, mentions, text


def _choice(e: Entity) -> str:
    return f"{e.chain}·{e.name}" if e.kind == "segment" and e.chain else e.name


def _plain_name(e: Entity) -> str:
    return f"{e.chain}{e.name}" if e.kind == "segment" and e.chain else e.name


def _why_not(mentions: list[Mention], text: str = "") -> str:
    unknown = [m for m in mentions if not m.entities]
    if unknown:
        return f"图谱中未掌握「{unknown[0].text}」（没有这个名称的企业或机构）。"
    opening = text[: min([m.start for m in mentions] or [len(text)])]
    for filler in FILLERS:
        opening = opening.replace(filler, "")
    if mentions and len(re.sub(r"[^\u4e00-\u9fff]", "", opening)) >= 3:
        return f"图谱中未掌握「{opening}」。"
    if mentions:
        names = "、".join(f"{m.entities[0].name}（{KINDS[m.entities[0].kind]}）" for m in mentions)
        return f"识别出{names}，但图谱里没有回答这个问题的查询。"
    return "这个问题超出了图谱掌握的范围（图谱未掌握天气、经济指标等数据）。"


def _near_firms(vocab: Vocabulary, text: str, mentions: list[Mention]) -> list[Mention]:
    """Names written like a firm's (…有限公司): the firm whose core it is, else rapidfuzz among the
    firms' cores; a name no firm is close to stays a mention with no entity (the graph 未掌握 it)."""
    out = list(mentions)
    for match in _FIRM_LIKE.finditer(text):
        start, end = match.span(1)
        moved = True
        while moved:  # a chain or a park in front is not part of the name (6G有多少家公司)
            moved = False
            while start < end and text[start] in _STOP_LEAD:
                start += 1
            for m in out:
                if m.start == start and m.end < end and not any(e.kind == "firm" for e in m.entities):
                    start, moved = m.end, True
        name = text[start:end]
        wanted = core(name)
        if len(wanted) < 2 or wanted == name and name.endswith(("公司", "集团")):
            continue
        inside = [m for m in out if m.start >= start and m.end <= end]
        if any(m.start < end and start < m.end for m in out if m not in inside):
            continue
        firms = list(vocab.firms.get(wanted, []))
        near = not firms
        if near:
            hits = process.extract(
                wanted, list(vocab.firms), scorer=fuzz.ratio, limit=5, score_cutoff=NEAR_SCORE
            )
            firms = [f for hit, _score, _ in hits for f in vocab.firms[hit]]
            if not firms and len(wanted) >= 3:  # a name written shorter (美昕医疗 for 美昕医疗器械)
                firms = [f for c, fs in vocab.firms.items() if c.startswith(wanted) for f in fs]
        out = [m for m in out if m not in inside]
        out.append(Mention(start, end, name, firms, near=near and bool(firms)))
    out.sort(key=lambda m: m.start)
    return out


def _fit(shape: Shape, text: str, mentions: list[Mention]) -> Plan | None:
    if any(not m.entities for m in mentions):
        return None
    used: set[int] = set()
    fills: dict[str, tuple[Mention, list[Entity]]] = {}
    for slot in shape.slots:
        for i, m in enumerate(mentions):
            cands = [e for e in m.entities if e.kind in slot.kinds]
            if i not in used and cands:
                used.add(i)
                fills[slot.param] = (m, cands)
                break
        else:
            return None
    # a chain mentioned alongside a segment: the segment must be of that chain
    if "chain" in fills:
        chain_keys = {e.key for e in fills["chain"][1]}
        for param, (m, cands) in list(fills.items()):
            if any(e.kind == "segment" for e in cands):
                kept = [e for e in cands if e.chain in chain_keys]
                if not kept:
                    return None
                fills[param] = (m, kept)
    leftover = [m for i, m in enumerate(mentions) if i not in used]
    if leftover:
        return None
    masked = list(text)
    for m in mentions:
        masked[m.start : m.end] = ["\0"] * (m.end - m.start)
    residue = "".join(masked)
    matched = 0.0
    weights = _word_weights()
    first_word = len(residue)
    for group in shape.groups:
        words = [w for w in group if norm(w) in residue]
        if not words:
            return None
        matched += max(weights[w] for w in words)
        first_word = min(first_word, *(residue.index(norm(w)) for w in words))
    # what the question opens with, before its first name or word, must be explained: an unknown
    # name there (低空经济有哪些断链环节) is not silently dropped
    opening = residue[: min([first_word, *(m.start for m in mentions)])]
    for filler in FILLERS:
        opening = opening.replace(filler, "")
    if len(re.sub(r"[^\u4e00-\u9fff]", "", opening)) >= 3:
        return None
    return Plan(shape, fills, (len(shape.slots), len(shape.groups), round(matched, 6)))


@cache
def _word_weights() -> dict[str, float]:
    """A group word's weight: its length over the number of queries that use it (哪些 says little)."""
    users: dict[str, set[str]] = {}
    for shape in shapes_mod.shapes():
        for group in shape.groups:
            for word in group:
                users.setdefault(word, set()).add(shape.query)
    return {word: len(word) / len(queries) for word, queries in users.items()}


def params_of(plan: Plan) -> tuple[dict[str, Any], dict[str, str]]:
    """The query's parameters from the plan's entities (a segment gives its chain), and their names."""
    query = querylib.get(plan.shape.query)
    declared = {p.name for p in query.params}
    params: dict[str, Any] = {}
    shown: dict[str, str] = {}
    for param, (_m, cands) in plan.fills.items():
        entity = cands[0]
        params[param] = entity.key
        shown[param] = entity.name
        if entity.kind == "segment" and "chain" in declared and "chain" not in plan.fills:
            params["chain"] = entity.chain
            shown["chain"] = entity.chain or ""
    return querylib.bind(query, params), shown


def ask(graph: Any, vocab: Vocabulary, question: str, *, limit: int = 1000) -> Answer:
    plan, mentions, _text = understand(vocab, question)
    query = querylib.get(plan.shape.query)
    params, shown = params_of(plan)
    result = run_read_only(graph, query.text, params, limit=limit)
    rows = result.rows
    entities = [
        {
            "text": m.text,
            "kind": e.kind,
            "kind_zh": KINDS[e.kind],
            "value": e.key,
            "name": e.name,
            **({"near": True} if m.near else {}),
        }
        for m, cands in plan.fills.values()
        for e in cands[:1]
    ]
    return Answer(
        sentence(query, params, shown, rows),
        entities,
        query.name,
        query.title,
        params,
        query.text,
        list(result.columns),
        rows,
        sample=any(bool(r.get("sample")) for r in rows)
        or any(e.sample for _m, c in plan.fills.values() for e in c[:1]),
        note=result.note,
        labels=dict(query.labels),
    )


_TEMPLATE = re.compile(r"\{(names:)?([A-Za-z_]\w*)(?:\|([^}]*))?\}")


def sentence(
    query: querylib.NamedQuery, params: dict[str, Any], shown: dict[str, str], rows: list[dict[str, Any]]
) -> str:
    """The one-line answer: the query's ``answer`` (or ``empty``) line with the values filled in."""
    template = query.answer if rows or not query.empty else query.empty
    if not template:
        template = f"{query.title.split(' / ')[0]}：共{{n}}行"

    def sub(match: re.Match[str]) -> str:
        names, key, fallback = match.groups()
        if names:
            values: list[str] = []
            for row in rows:
                value = row.get(key)
                text = "" if value is None else str(value)
                if text and text not in values:
                    values.append(text)
            more = "等" if len(values) > MAX_NAMES else ""
            return "、".join(values[:MAX_NAMES]) + more
        if key == "n":
            return str(len(rows))
        if key in shown:
            return shown[key]
        value = params.get(key)
        return fallback or "" if value is None else str(value)

    return _TEMPLATE.sub(sub, template).rstrip("：:")


def _example_of(
    vocab: Vocabulary, shape: Shape, mentions: list[Mention], prefer: dict[str, Entity] | None = None
) -> str:
    fill: dict[str, str] = {}
    for slot in shape.slots:
        entity = (prefer or {}).get(slot.param)
        if entity is None:
            entity = next((e for m in mentions for e in m.entities if e.kind in slot.kinds), None)
        if entity is None:
            entity = next((e for kind in slot.kinds for e in _typical(vocab, kind)), None)
        fill[slot.param] = _plain_name(entity) if entity else KINDS[slot.kinds[0]]
    return shape.example(fill)


def _typical(vocab: Vocabulary, kind: str) -> list[Entity]:
    if kind == "year":
        return [Entity("year", 2024, "2024")]
    if kind == "status":
        return [Entity("status", "断链", "断链")]
    if kind == "position":
        return [Entity("position", "上游", "上游")]
    found = vocab.by_kind.get(kind, [])
    public = [e for e in found if not e.sample]
    return (public or found)[:1]


def examples(vocab: Vocabulary, mentions: list[Mention], n: int = 3) -> list[str]:
    """Three questions the graph answers, close to what was asked: shapes using the kinds it mentioned."""
    kinds = {e.kind for m in mentions for e in m.entities}
    order = {q: i for i, q in enumerate(PREFERRED)}
    ranked = sorted(
        shapes_mod.shapes(),
        key=lambda s: (-len(kinds & {k for sl in s.slots for k in sl.kinds}), order.get(s.query, len(order))),
    )
    out: list[str] = []
    seen_queries: set[str] = set()
    for shape in ranked:
        if shape.query in seen_queries:
            continue
        text = _example_of(vocab, shape, mentions)
        if text not in out:
            out.append(text)
            seen_queries.add(shape.query)
        if len(out) == n:
            break
    return out
