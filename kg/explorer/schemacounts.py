"""Relationship counts per (type, start label, end label) for the 图谱结构 page, from the count store.

Neo4j's count store answers in O(1) how many relationships of a type there are in all, from nodes
of one label, and to nodes of one label, but not between two labels; counting a pair by
expanding it walks every relationship (seconds at 100k enterprises). The pair counts follow from
the store's figures because every node carries one label and the importer writes only the pairs
the schema declares: a label with a single uncounted pair on its side gives that pair its count
(its total minus the pairs already known). Where that leaves pairs open (several labels that
collaborate with several others), the start label with the fewest such relationships is read
exactly (``schema_rel_from``) and the deduction continues.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Pair = tuple[str, str, str]  # (type, source label, target label)


def pair_counts(
    pairs: list[Pair], store: list[dict[str, Any]], expand: Callable[[str, str], dict[str, int]]
) -> dict[Pair, int]:
    """Every declared pair's count. ``store``: rows {type, source, target, n} of the count store
    (one of source/target null, or both for the type's total); ``expand(type, label)``: the
    exact counts by end label of one start label's relationships of that type."""
    out: dict[Pair, int] = {}
    for rtype in dict.fromkeys(t for t, _, _ in pairs):
        mine = [p for p in pairs if p[0] == rtype]
        out.update(_one_type(rtype, mine, store, expand))
    return out


def _one_type(
    rtype: str, pairs: list[Pair], store: list[dict[str, Any]], expand: Callable[[str, str], dict[str, int]]
) -> dict[Pair, int]:
    starts = {r["source"]: r["n"] for r in store if r["type"] == rtype and r["source"] and not r["target"]}
    ends = {r["target"]: r["n"] for r in store if r["type"] == rtype and r["target"] and not r["source"]}
    known: dict[Pair, int] = {}
    while len(known) < len(pairs):
        if _deduce(pairs, known, starts, 1) or _deduce(pairs, known, ends, 2):
            continue
        # stuck: read the open start label with the fewest relationships exactly
        label = min({p[1] for p in pairs if p not in known}, key=lambda a: (starts.get(a, 0), a))
        exact = expand(rtype, label)
        for p in pairs:
            if p[1] == label:
                known[p] = exact.get(p[2], 0)
    return known


def _deduce(pairs: list[Pair], known: dict[Pair, int], totals: dict[str, int], side: int) -> bool:
    """Give the only open pair of a label on ``side`` (1 start, 2 end) its count; True if one was."""
    for label, total in totals.items():
        mine = [p for p in pairs if p[side] == label]
        open_ = [p for p in mine if p not in known]
        if len(open_) == 1:
            known[open_[0]] = total - sum(known[p] for p in mine if p in known)
            return True
    for label in {p[side] for p in pairs} - set(totals):  # no count-store entry: none at all
        for p in pairs:
            if p[side] == label and p not in known:
                known[p] = 0
                return True
    return False
