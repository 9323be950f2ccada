"""``python -m benchmarks [--quick] [--sizes 1000,10000,100000]``: ratios measured side by side in one run.

Runs on its own KG_HOME and port (never the user's data), on ``kg synth`` data. Prints a table,
then one ``NAME: VALUE`` line per headline figure, and writes benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import decode, explorer, naive, offline
from benchmarks.harness import BENCH_DIR, bench_env, bench_server, timed, wipe
from kg.analyses import store
from kg.analyses.collab import collaboration
from kg.analyses.gaps import chain_gaps, compute_gaps
from kg.dataset.default import REFERENCE_FILES
from kg.dataset.policy import load_policy
from kg.dataset.sample import synth_tables, write_tables
from kg.graph.server import read_password
from kg.ingest import import_files

TARGETS = {
    "import_vs_naive": ">= 100x",
    "import_vs_offline": ">= 0.5",
    "gaps_growth": "<= 1.0",
    "collab_growth": "<= 1.2",
    "gaps_all_chains_s_at_largest": "<= 0.5 s",
    "gaps_compute_s_at_largest": "(no target: non-default thresholds)",
    "collab_district_s_at_largest": "<= 10 s",
    "chain_page_vs_blank": "<= 3x",
    "network_page_vs_blank": "<= 5x",
    "max_page_vs_blank": "<= 5x",
    "streamlit_peak_mb": "< 600 MB",
    "rust_ext_speedup": "(no target)",
}


LOAD_AT_START = 0.0


def synth(n: int, seed: int, out: Path) -> list[Path]:
    """The same files `kg synth --enterprises n --seed seed --out out` writes."""
    import shutil

    paths = write_tables(synth_tables(n, seed), out)
    for ref in REFERENCE_FILES:
        shutil.copyfile(ref, out / ref.name)
        paths.append(out / ref.name)
    return paths


def growth(sizes: list[int], seconds: list[float]) -> float:
    """Exponent of time vs size between the two largest sizes (1.0 = linear)."""
    (n1, t1), (n2, t2) = sorted(zip(sizes, seconds, strict=True))[-2:]
    return math.log(t2 / t1) / math.log(n2 / n1)


def run(sizes: list[int], quick: bool, seed: int) -> tuple[list[dict[str, Any]], dict[str, float]]:
    rows: list[dict[str, Any]] = []
    headline: dict[str, float] = {}
    largest = max(sizes)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    # KG_BENCH_HEAP: a shared machine may not have 8 GB to spare (the OOM killer ends the server)
    env = bench_env(work / "home", heap=os.environ.get("KG_BENCH_HEAP", "8g"), pagecache="2g")
    with bench_server(env) as (settings, graph):
        for n in sorted(sizes):
            files = synth(n, seed, work / f"synth-{n}")
            ent_csv = next(p for p in files if p.name.endswith("企业名单.csv"))
            row: dict[str, Any] = {"enterprises": n}
            if n == largest:
                wipe(graph)
                import_files(
                    graph, [p for p in files if p in [work / f"synth-{n}" / r.name for r in REFERENCE_FILES]]
                )
                naive_rate = naive.rows_per_second(graph, ent_csv, sample_rows=100 if quick else 300)
                row["naive_rows_per_s"] = round(naive_rate, 1)
            wipe(graph)
            store.AUTO = False  # the import alone; its post-import analysis is timed below
            seconds, report = timed(lambda files=files: import_files(graph, files))
            store.AUTO = True
            load_policy(graph)  # the 2025 policy's measures, as `kg load-default` adds (政策对照 needs them)
            records = report.nodes_created + report.relationships_created
            row.update(
                # an emptied local database: from 50,000 records on, kg.ingest.bulk's offline load
                import_path="offline" if report.offline else "transaction",
                import_s=round(seconds, 2),
                rows=report.rows,
                rows_per_s=round(report.rows / seconds),
                records=records,
                records_per_s=round(records / seconds),
            )
            compute_gaps(graph)  # warm caches and plans
            # all chains' gaps computed from the graph (what any non-default threshold costs)
            row["gaps_compute_s"] = round(timed(lambda: compute_gaps(graph), repeat=3)[0], 3)
            # what `kg analyse` (run after every import) does: district and every chain, stored
            analysed_s, per_scope = timed(lambda: store.refresh(graph))
            row["analyse_s"] = round(analysed_s, 2)
            # what `kg gaps` and the pages wait for after an import: the stored rows, current
            row["gaps_s"] = round(timed(lambda: chain_gaps(graph), repeat=3)[0], 3)
            row["collab_s"] = round(per_scope[store.DISTRICT], 3)  # whole district: compute + store
            row["collab_read_s"] = round(timed(lambda: collaboration(graph), repeat=3)[0], 3)
            if n == largest:
                args, n_nodes, n_rels = offline.dump(graph, work / "bulk-csv")
                bulk_s = offline.bulk_import(settings, work / "bulk-home", args)
                row["offline_s"] = round(bulk_s, 2)
                row["offline_records_per_s"] = round((n_nodes + n_rels) / bulk_s)
                headline["import_rows_per_s"] = row["rows_per_s"]
                headline["import_vs_naive"] = row["rows_per_s"] / row["naive_rows_per_s"]
                headline["import_vs_offline"] = row["records_per_s"] / row["offline_records_per_s"]
                headline["gaps_all_chains_s_at_largest"] = row["gaps_s"]
                headline["gaps_compute_s_at_largest"] = row["gaps_compute_s"]
                headline["collab_district_s_at_largest"] = row["collab_s"]
                pages = explorer.measure(env, repeat=1 if n >= 100_000 else 3)
                row.update(pages)
                for key in (
                    "chain_page_vs_blank",
                    "network_page_vs_blank",
                    "max_page_vs_blank",
                    "streamlit_peak_mb",
                ):
                    headline[key] = pages[key]
            rows.append(row)
            print(row, flush=True)
        if len(sizes) >= 2:
            # growth of the computation (the stored read hardly grows)
            headline["gaps_growth"] = growth(
                [r["enterprises"] for r in rows], [r["gaps_compute_s"] for r in rows]
            )
            headline["collab_growth"] = growth(
                [r["enterprises"] for r in rows], [r["collab_s"] for r in rows]
            )
        decoded = decode.measure(
            settings.bolt_uri, read_password(settings), rows=100_000 if quick else 300_000
        )
        headline["rust_ext_speedup"] = decoded["rust_ext_speedup"]
    return rows, headline


def _table(rows: list[dict[str, Any]]) -> str:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        lines.append("| " + " | ".join(str(r.get(c, "")) for c in columns) + " |")
    return "\n".join(lines)


def _fmt(name: str, value: float) -> str:
    if name.endswith(("_vs_naive", "_vs_blank", "speedup")):
        return f"{value:.1f}x" if name.endswith(("_vs_naive", "speedup")) else f"{value:.2f}x"
    if name.endswith("_mb"):
        return f"{value:.0f} MB"
    if name.endswith("_per_s"):
        return f"{value:.0f}"
    return f"{value:.3f}"


def write_results(
    path: Path, command: str, rows: list[dict[str, Any]], headline: dict[str, float], seconds: float
) -> None:
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{command}` (took {seconds / 60:.1f} min)",
        "",
        f"Machine: {platform.platform()}, {cpu} cores, {mem:.0f} GiB RAM, "
        f"Python {platform.python_version()}. Shared with other work during the run: load average "
        f"{LOAD_AT_START:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (1-minute).",
        f"Measured: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Ratios compare things measured "
        "side by side in this one run; absolute seconds vary with machine load.",
        "",
        "## Headline figures",
        "",
        "| figure | measured | target |",
        "|---|---|---|",
    ]
    for name, value in headline.items():
        lines.append(f"| `{name}` | {_fmt(name, value)} | {TARGETS.get(name, '')} |")
    lines += ["", "## Per size", "", _table(rows), ""]
    notes = BENCH_DIR / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8")]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (1000, 5000); under 5 minutes")
    parser.add_argument("--sizes", default=None, help="comma-separated enterprise counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="default: benchmarks/RESULTS.md (RESULTS-quick.md with --quick)",
    )
    args = parser.parse_args()
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([1000, 5000] if args.quick else [1000, 10000, 100000])
    )
    global LOAD_AT_START
    LOAD_AT_START = os.getloadavg()[0]
    started = time.perf_counter()
    rows, headline = run(sizes, args.quick, args.seed)
    print()
    print(_table(rows))
    print()
    for name, value in headline.items():
        print(f"{name}: {_fmt(name, value)}")
    command = "python -m benchmarks " + " ".join(sys.argv[1:])
    out = args.out or BENCH_DIR / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    write_results(out, command.strip(), rows, headline, time.perf_counter() - started)


if __name__ == "__main__":
    main()
