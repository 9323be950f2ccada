"""Explorer pages: render time of every page (its default view) relative to a trivial page, in one process.

Each page runs in Streamlit's AppTest (the real script runner, no browser) against the benchmark
server, with Streamlit's caches cleared before every run so that each run does the page's full
work. Every ``kg/explorer/pages/*.py`` is measured; ``max_page_vs_blank`` is the slowest. The
subprocess's peak resident memory is what a Streamlit process needs for all of them; the peak
after each page's first run says which page raised it (pages run in name order).
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.harness import BENCH_DIR, run_python

PAGES_DIR = Path("kg/explorer/pages")

_CODE = r"""
import json, statistics, time
import streamlit as st
from streamlit.testing.v1 import AppTest

def peak():
    # VmHWM: this process's own high-water mark. ru_maxrss is not: Linux carries the parent's
    # peak across fork/exec, so it reported the benchmark's own 2 GB (the 100k plan) as the page's.
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024

def once(path):
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(path, default_timeout=900)
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"{path}: {at.exception[0].value}")
    return seconds

pages = %(pages)r
peaks = {}
for name, path in pages.items():
    once(path)  # imports and first-run costs out of the way
    peaks[name] = peak()
out = {name: statistics.median(once(path) for _ in range(%(repeat)d)) for name, path in pages.items()}
out["peak_mb"] = peak()
out["peaks"] = peaks
print(json.dumps(out))
"""


def page_files() -> dict[str, str]:
    """The blank page first, then every explorer page by name."""
    pages = {"blank": str(BENCH_DIR / "blank_page.py")}
    for path in sorted(PAGES_DIR.glob("*.py")):
        if path.name != "__init__.py":
            pages[path.stem] = str(path)
    return pages


def measure(env: dict[str, str], repeat: int = 3) -> dict[str, float]:
    """Seconds per page, ratios to the blank page, the slowest ratio, and peak MB of the process."""
    out = run_python(_CODE % {"pages": page_files(), "repeat": repeat}, env=env)
    data = json.loads(out.strip().splitlines()[-1])
    blank = data["blank"]
    ratios = {f"page_{name}_vs_blank": data[name] / blank for name in page_files() if name != "blank"}
    return {
        "blank_s": round(blank, 3),
        "chain_page_vs_blank": data["chain_map"] / blank,
        "network_page_vs_blank": data["network"] / blank,
        "max_page_vs_blank": max(ratios.values()),
        "streamlit_peak_mb": data["peak_mb"],
        **{k: round(v, 2) for k, v in ratios.items()},
        **{f"peak_mb_after_{name}": round(v) for name, v in data["peaks"].items()},
    }
