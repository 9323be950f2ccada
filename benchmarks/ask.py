"""``python -m benchmarks.ask``: the kg ask evaluation set (benchmarks/ask_eval.yaml), measured.

Runs against the configured server (KG_HOME / KG_BOLT_PORT or NEO4J_URI), which must hold the
default dataset (``kg load-default``). Each question is answered as ``kg ask`` answers it; an item is
right when the expected named query ran with the expected parameters, declined correctly when a
question that must be declined was, wrong when another query or other parameters ran (or a
question that must be declined was answered), missed when an answerable question was declined.
Prints the figures for all items and for those not used while tuning, and the median answer time
(vocabulary already read; its read is timed separately).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from kg.ask import Declined, ask, load
from kg.graph.connection import connect

EVAL = Path(__file__).with_name("ask_eval.yaml")


def judge(item: dict[str, Any], got: Any) -> str:
    if isinstance(got, Declined):
        return "declined_ok" if item.get("declined") else "missed"
    if item.get("declined"):
        return "wrong"
    if got.query != item["query"]:
        return "wrong"
    for key, value in (item.get("params") or {}).items():
        if got.params.get(key) != value:
            return "wrong"
    return "right"


def figures(results: list[tuple[dict[str, Any], str]]) -> dict[str, int]:
    out = {
        "items": len(results),
        "answerable": sum(1 for i, _ in results if not i.get("declined")),
        "must_decline": sum(1 for i, _ in results if i.get("declined")),
    }
    for verdict in ("right", "declined_ok", "wrong", "missed"):
        out[verdict] = sum(1 for _, v in results if v == verdict)
    return out


def line(name: str, f: dict[str, int]) -> str:
    share = 100.0 * f["right"] / f["answerable"] if f["answerable"] else 0.0
    return (
        f"{name}: {f['items']} questions — right {f['right']}/{f['answerable']} answerable ({share:.1f}%), "
        f"declined correctly {f['declined_ok']}/{f['must_decline']}, wrong {f['wrong']}, "
        f"missed (declined but answerable) {f['missed']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every item that is not right")
    args = parser.parse_args(argv)
    items = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["items"]
    results: list[tuple[dict[str, Any], str]] = []
    times: list[float] = []
    with connect() as graph:
        start = time.perf_counter()
        vocab = load(graph)
        vocab_seconds = time.perf_counter() - start
        for item in items:
            start = time.perf_counter()
            try:
                got: Any = ask(graph, vocab, item["q"])
            except Declined as declined:
                got = declined
            times.append(time.perf_counter() - start)
            verdict = judge(item, got)
            results.append((item, verdict))
            if args.show and verdict not in ("right", "declined_ok"):
                shown = got.reason if isinstance(got, Declined) else f"{got.query} {got.params}"
                print(f"  {verdict:6} {item['q']} → {shown}")
    print(line("all", figures(results)))
    print(line("held out (not used while tuning)", figures([r for r in results if not r[0].get("tuned")])))
    print(
        f"median answer time: {1000 * statistics.median(times):.1f} ms "
        f"(max {1000 * max(times):.1f} ms); vocabulary read once: {1000 * vocab_seconds:.0f} ms "
        f"({len(vocab.forms)} forms)"
    )
    return 0 if figures(results)["wrong"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
