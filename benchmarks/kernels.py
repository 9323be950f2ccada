"""Collaboration kernels side by side: networkx vs igraph on one random network (same sources, same values).

``python -m benchmarks.kernels [--nodes 15000 --ties 60000 --k 100]`` prints the seconds of each and
their ratio; the ratio, not the seconds, is what survives a loaded machine.
"""

from __future__ import annotations

import argparse
import math
import time

import networkx as nx

from kg.analyses import kernels


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.kernels", description=__doc__)
    parser.add_argument("--nodes", type=int, default=15000)
    parser.add_argument("--ties", type=int, default=60000)
    parser.add_argument("--k", type=int, default=100)
    args = parser.parse_args()
    g = nx.gnm_random_graph(args.nodes, args.ties, seed=1)
    g = nx.relabel_nodes(g, {i: f"n{i:06d}" for i in g})
    for a, b in g.edges:
        g[a][b]["weight"] = 1
    t = time.perf_counter()
    ref = nx.betweenness_centrality(g, k=args.k, normalized=True, seed=42)
    nx_bc = time.perf_counter() - t
    t = time.perf_counter()
    h, _ = kernels.to_igraph(g)
    mine = kernels.betweenness(g, h, k=args.k, seed=42)
    ig_bc = time.perf_counter() - t
    same = all(math.isclose(ref[n], mine[n], rel_tol=1e-9, abs_tol=1e-12) for n in g)
    t = time.perf_counter()
    nx.community.louvain_communities(g, weight="weight", seed=42)
    nx_lv = time.perf_counter() - t
    t = time.perf_counter()
    kernels.louvain(g, h, seed=42)
    ig_lv = time.perf_counter() - t
    print(f"network: {args.nodes} nodes, {args.ties} ties; betweenness from k={args.k} seeded sources")
    print(f"betweenness_networkx_s: {nx_bc:.2f}")
    print(f"betweenness_igraph_s: {ig_bc:.2f}")
    print(f"betweenness_speedup: {nx_bc / ig_bc:.1f}x (same values: {same})")
    print(f"louvain_networkx_s: {nx_lv:.2f}")
    print(f"louvain_igraph_s: {ig_lv:.2f}")
    print(f"louvain_speedup: {nx_lv / ig_lv:.1f}x")


if __name__ == "__main__":
    main()
