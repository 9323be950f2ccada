"""Question shapes: the ``// asks:`` lines of the named queries, parsed.

A shape reads like an example question with its variable parts marked::

    // asks: {chain}有哪些{status}环节
    // asks: 跟{organisation:university|institute|firm}合作的[企业|单位|谁]

- ``{param}`` is a slot: an entity of kind ``param`` recognised in the question fills the query's
  parameter of that name; ``{param:kind|kind}`` names the kinds that may fill it;
- ``[词|词]`` is a group of words, one of which must appear in the question (outside the names);
- everything else is the example's own wording: it is shown in the examples a declined question
  gets, and does not have to appear in a question.

So a question matches a shape when every slot is filled by a name it mentions, every group has a
word in it and no name it mentions is left over. Adding a ``.cypher`` file with ``asks`` lines
teaches ``kg ask`` a new question with no Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg import querylib

# Kinds of entity the vocabulary recognises (kg.ask.vocab), with their Chinese names.
KINDS: dict[str, str] = {
    "chain": "产业链",
    "segment": "环节",
    "tier": "梯度",
    "park": "园区",
    "town": "街镇",
    "university": "高校",
    "institute": "科研院所",
    "firm": "企业",
    "field": "技术领域",
    "measure": "政策措施",
    "workstation": "工作站",
    "consortium": "创新联合体",
    "year": "年份",
    "status": "环节状态",
    "position": "位置",
}

_TOKEN = re.compile(r"\{([A-Za-z_]\w*)(?::([a-z_|]+))?\}|\[([^\]]+)\]")


class ShapeError(ValueError):
    """An ``asks`` line that cannot be read."""


@dataclass(frozen=True)
class Slot:
    param: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Shape:
    query: str
    text: str
    slots: tuple[Slot, ...]
    groups: tuple[tuple[str, ...], ...]

    def example(self, fill: dict[str, str]) -> str:
        """The shape as a question: slots filled from ``fill`` (by param), each group's first word."""

        def sub(match: re.Match[str]) -> str:
            if match.group(1):
                return fill.get(match.group(1), match.group(1))
            return match.group(3).split("|")[0]

        return _TOKEN.sub(sub, self.text)


def parse_shape(query: str, text: str) -> Shape:
    slots: list[Slot] = []
    groups: list[tuple[str, ...]] = []
    for match in _TOKEN.finditer(text):
        if match.group(1):
            param = match.group(1)
            kinds = tuple(match.group(2).split("|")) if match.group(2) else (param,)
            unknown = [k for k in kinds if k not in KINDS]
            if unknown:
                raise ShapeError(
                    f"query {query}: asks {text!r}: unknown kind {unknown[0]} (known: {', '.join(KINDS)})"
                )
            if any(s.param == param for s in slots):
                raise ShapeError(f"query {query}: asks {text!r}: slot {param} twice")
            slots.append(Slot(param, kinds))
        else:
            words = tuple(w.strip() for w in match.group(3).split("|") if w.strip())
            if not words:
                raise ShapeError(f"query {query}: asks {text!r}: empty word group")
            groups.append(words)
    if not slots and not groups:
        raise ShapeError(f"query {query}: asks {text!r} has neither a slot nor a word group")
    return Shape(query, text, tuple(slots), tuple(groups))


def check(query: querylib.NamedQuery) -> list[str]:
    """Problems of a query's shapes: a slot that is not a parameter, a required parameter no slot fills."""
    problems: list[str] = []
    declared = {p.name: p for p in query.params}
    for text in query.asks:
        try:
            shape = parse_shape(query.name, text)
        except ShapeError as exc:
            problems.append(str(exc))
            continue
        filled = {s.param for s in shape.slots}
        problems += [
            f"{query.name}: asks {text!r}: slot {p} is not a parameter" for p in filled - set(declared)
        ]
        problems += [
            f"{query.name}: asks {text!r}: required parameter {p.name} has no slot"
            for p in query.params
            if p.required and p.name not in filled and p.name != "chain"
        ]
        # a required chain may come from a segment (each segment belongs to one chain)
        if (
            "chain" in declared
            and declared["chain"].required
            and "chain" not in filled
            and not any("segment" in s.kinds for s in shape.slots)
        ):
            problems.append(f"{query.name}: asks {text!r}: required parameter chain has no slot")
    return problems


@cache
def shapes() -> tuple[Shape, ...]:
    """Every shape of the library, in library order."""
    return tuple(parse_shape(q.name, text) for q in querylib.library().values() for text in q.asks)
