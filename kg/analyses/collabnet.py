"""The collaboration network as flat lists plus an igraph graph — no networkx graph in the hot path.

At 100k organisations building a networkx graph took ~3 s and every per-node pass over it
another few; here the server's id/weight lists become index lists once, igraph gets them
directly, and the few places that walk neighbourhoods (the listed brokers' structural holes) read
a sorted adjacency built with numpy. :class:`Network` offers the small part of networkx's
interface the analysis uses (``nodes[key]``, ``g[key]``, ``degree``, iteration in key order), so
the networkx-checked functions of :mod:`kg.analyses.collab` run on both; networkx stays the
oracle in the tests. Node and tie order are exactly those of the networkx graph this replaces
(nodes sorted by key, ties by their (smaller, larger) key pair), so seeded results are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np


@dataclass
class Network:
    """Organisations keyed "Label:uid" in sorted order (``keys``), their attributes (``nodes``),
    and the merged ties as parallel lists of node positions (``edge_a`` < ``edge_b``), summed
    weights and sorted kinds."""

    keys: list[str]
    nodes: dict[str, dict[str, Any]]
    edge_a: list[int]
    edge_b: list[int]
    weights: list[int]
    kinds: list[list[str]]
    h: ig.Graph = field(init=False, repr=False)
    degrees: list[int] = field(init=False, repr=False)
    index: dict[str, int] = field(init=False, repr=False)  # position of each key
    _adjacency: tuple[list[int], list[int], list[int]] | None = field(default=None, init=False, repr=False)
    _neighbours: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.h = ig.Graph(n=len(self.keys), edges=list(zip(self.edge_a, self.edge_b, strict=True)))
        self.h.es["weight"] = self.weights
        self.degrees = self.h.degree()
        self.index = {key: i for i, key in enumerate(self.keys)}

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def number_of_nodes(self) -> int:
        return len(self.keys)

    def number_of_edges(self) -> int:
        return len(self.edge_a)

    def degree(self, key: str) -> int:
        return self.degrees[self.index[key]]

    def __getitem__(self, key: str) -> dict[str, dict[str, int]]:
        """``key``'s neighbours as networkx gives them: {neighbour: {"weight": w}}, in key order
        (networkx's order for a graph built from sorted nodes and sorted ties)."""
        found = self._neighbours.get(key)
        if found is None:
            ptr, dst, w = self._csr()
            i = self.index[key]
            start, end = ptr[i], ptr[i + 1]
            found = {self.keys[d]: {"weight": wt} for d, wt in zip(dst[start:end], w[start:end], strict=True)}
            self._neighbours[key] = found
        return found

    def _csr(self) -> tuple[list[int], list[int], list[int]]:
        """Every tie from both ends, sorted by (node, neighbour): offsets, neighbours, weights."""
        if self._adjacency is None:
            a, b = np.asarray(self.edge_a, dtype=np.int64), np.asarray(self.edge_b, dtype=np.int64)
            w = np.asarray(self.weights, dtype=np.int64)
            src, dst, ww = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([w, w])
            order = np.lexsort((dst, src))
            ptr = np.searchsorted(src[order], np.arange(len(self.keys) + 1))
            self._adjacency = (ptr.tolist(), dst[order].tolist(), ww[order].tolist())
        return self._adjacency


def build(found: list[list[Any]], ties: list[list[Any]]) -> tuple[Network, dict[str, list[str]]]:
    """The network from the server's rows — nodes ``[id, label, uid, name, local, sample, chains,
    tier, fields]`` and ties ``[id a, id b, kind, weight]`` — and each node's technology fields.

    Parallel ties between the same two organisations merge (weights summed, kinds collected); a
    tie of an organisation with itself is dropped (the organisation stays, with degree 0)."""
    by_id: dict[str, str] = {}
    nodes: dict[str, dict[str, Any]] = {}
    fields: dict[str, list[str]] = {}
    for eid, label, uid, name, local, sample, chains, tier, own in found:
        key = f"{label}:{uid}"
        by_id[eid] = key
        nodes[key] = {
            "label": label,
            "uid": uid,
            "name": name or key,
            "local": local,
            "sample": sample,
            "chains": sorted(set(chains)),
            "tier": tier,
        }
        fields[key] = own
    keys = sorted(nodes)
    index = {key: i for i, key in enumerate(keys)}
    position = {eid: index[key] for eid, key in by_id.items()}
    merged: dict[tuple[int, int], list[Any]] = {}  # (a, b) → [weight, kinds]
    for ea, eb, kind, weight in ties:
        a, b = position[ea], position[eb]
        if a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        entry = merged.get(pair)
        if entry is None:
            merged[pair] = [weight, {kind}]
        else:
            entry[0] += weight
            entry[1].add(kind)
    pairs = sorted(merged)
    return Network(
        keys=keys,
        nodes={key: nodes[key] for key in keys},
        edge_a=[a for a, _ in pairs],
        edge_b=[b for _, b in pairs],
        weights=[merged[p][0] for p in pairs],
        kinds=[sorted(merged[p][1]) for p in pairs],
    ), fields
