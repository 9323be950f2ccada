"""``python -m benchmarks.linking``: 挂链 suggestion quality on the labelled set, method vs baseline.

Reads ``benchmarks/linking_eval.yaml`` (fictional firms, register-style 经营范围/主营产品, labelled by
hand) and the default chains' segments with their keywords (``kg/data/default/产业链环节.csv``), runs
:func:`kg.analyses.linking.suggest` with its default thresholds, and prints, for the dev part, the
held-out part (every third firm) and the whole set:

- **p@1**: of the chain firms that got a suggestion, the share whose first one is a labelled segment;
- **coverage**: the share of chain firms that got any suggestion;
- **r@3**: of all labelled (firm, segment) pairs, the share found in the firm's first three;
- **unrelated**: the share of firms of no chain that got any suggestion (lower is better).

The baseline suggests the segments whose name is a substring of the text. A third run, "with
examples", gives the method the dev firms as confirmed members of their segments (as planners'
accepted links) and scores the held-out firms only. Needs no server.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import yaml

from kg.analyses.linking import baseline, suggest
from kg.dataset.chains import read_segments

EVAL_FILE = Path(__file__).resolve().parent / "linking_eval.yaml"
TARGETS = {"p@1": ">= 0.90", "r@3": ">= 0.85", "unrelated": "<= 0.10"}


def load_eval(path: Path = EVAL_FILE) -> list[dict[str, Any]]:
    firms = yaml.safe_load(path.read_text(encoding="utf-8"))["firms"]
    return [
        {
            "uid": f"eval:{i}",
            "name": f["name"],
            "credit_code": None,
            "business_scope": f.get("scope") or "",
            "main_products": f.get("products") or "",
            "fields": [],
            "segments": [],
            "gold": list(f.get("gold") or []),
            "split": "holdout" if i % 3 == 2 else "dev",
        }
        for i, f in enumerate(firms)
    ]


def segment_rows() -> list[dict[str, Any]]:
    return [
        {
            "uid": f"{s.chain}/{s.name}",
            "chain": s.chain,
            "segment": s.name,
            "keywords": list(s.keywords),
            "fields": list(s.fields),
        }
        for s in read_segments()
    ]


def score(firms: list[dict[str, Any]], ranked: dict[str, list[str]]) -> dict[str, float]:
    """p@1, coverage, r@3 and the unrelated share of ``ranked`` (firm uid → segment uids, best first)."""
    chain = [f for f in firms if f["gold"]]
    other = [f for f in firms if not f["gold"]]
    got = [f for f in chain if ranked.get(f["uid"])]
    hits1 = sum(ranked[f["uid"]][0] in f["gold"] for f in got)
    pairs = sum(len(f["gold"]) for f in chain)
    found = sum(len(set(f["gold"]) & set(ranked.get(f["uid"], [])[:3])) for f in chain)
    return {
        "firms": len(firms),
        "chain firms": len(chain),
        "unrelated firms": len(other),
        "p@1": hits1 / len(got) if got else 0.0,
        "coverage": len(got) / len(chain) if chain else 0.0,
        "r@3": found / pairs if pairs else 0.0,
        "unrelated": sum(bool(ranked.get(f["uid"])) for f in other) / len(other) if other else 0.0,
    }


def method_ranking(firms: list[dict[str, Any]], segments: list[dict[str, Any]]) -> dict[str, list[str]]:
    result = suggest(firms, segments)
    ranked: dict[str, list[str]] = {}
    for s in result.suggestions:
        ranked.setdefault(s.uid, []).append(s.segment_uid)
    return ranked


def misses(firms: list[dict[str, Any]], ranked: dict[str, list[str]]) -> list[str]:
    out = []
    for f in firms:
        top = ranked.get(f["uid"], [])
        if (f["gold"] and (not top or top[0] not in f["gold"])) or (not f["gold"] and top):
            out.append(f"  [{f['split']}] {f['name']}: gold {f['gold'] or '—'} → {top or '—'}")
    return out


def run(show_misses: bool = False) -> list[dict[str, Any]]:
    firms = load_eval()
    segments = segment_rows()
    started = time.perf_counter()
    ours = method_ranking(firms, segments)
    seconds = time.perf_counter() - started
    base = baseline(firms, segments)
    rows = []
    for name, ranked in (("method", ours), ("baseline", base)):
        for part in ("dev", "holdout", "all"):
            subset = [f for f in firms if part == "all" or f["split"] == part]
            rows.append({"run": name, "part": part, **score(subset, ranked)})
    # with examples: the dev firms confirmed in their segments, the held-out firms scored
    taught = [{**f, "segments": f["gold"]} if f["split"] == "dev" else f for f in firms]
    held = [f for f in firms if f["split"] == "holdout"]
    taught_scores = score(held, method_ranking(taught, segments))
    rows.append({"run": "method+examples", "part": "holdout", **taught_scores})
    print(f"{len(firms)} firms, {len(segments)} segments; method took {seconds:.1f} s (jieba load included)")
    cols = ["run", "part", "firms", "chain firms", "unrelated firms", "p@1", "coverage", "r@3", "unrelated"]
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) else str(r[c]) for c in cols))
    print("targets: " + ", ".join(f"{k} {v}" for k, v in TARGETS.items()))
    if show_misses:
        print("method misses (first suggestion not labelled, or an unrelated firm suggested):")
        print("\n".join(misses(firms, ours)) or "  none")
    return rows


def scale(n: int, seed: int = 7) -> float:
    """Seconds :func:`suggest` takes for ``n`` synthetic firms (``kg synth`` text; every fifth one
    confirmed in its segments, the others to be suggested), graph reads not included."""
    from kg.dataset.sample import generate

    firms = []
    for i, r in enumerate(generate(n, seed)["企业名单"]):
        segs = [f"{r['产业链']}/{x}" for x in r["环节"].split("；") if x]
        firms.append(
            {
                "uid": r["统一社会信用代码"],
                "name": r["企业名称"],
                "credit_code": r["统一社会信用代码"],
                "business_scope": r["经营范围"],
                "main_products": r["主营产品"],
                "fields": [f for f in r["技术领域"].split("；") if f],
                "segments": segs if i % 5 == 0 else [],
            }
        )
    started = time.perf_counter()
    result = suggest(firms, segment_rows())
    seconds = time.perf_counter() - started
    print(
        f"{n} firms: {len(result.suggestions)} suggestions for {result.firms_suggested} firms "
        f"in {seconds:.1f} s"
    )
    print(f"link_suggest_s_at_{n}: {seconds:.1f}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.linking", description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list the firms the method gets wrong")
    parser.add_argument("--scale", type=int, default=0, help="also time suggest() on N synthetic firms")
    args = parser.parse_args()
    run(args.misses)
    if args.scale:
        scale(args.scale)


if __name__ == "__main__":
    main()
