"""Explorer pages: render time of 产业链图谱 and 协同网络 relative to a trivial page, in one process.

Each page runs in Streamlit's AppTest (the real script runner, no browser) against the benchmark
server, with Streamlit's caches cleared before every run so that each run does the page's full
work. The subprocess's peak resident memory is the memory a Streamlit process needs for them.
"""

from __future__ import annotations

import json

from benchmarks.harness import BENCH_DIR, run_python

_CODE = r"""
import json, resource, statistics, time
import streamlit as st
from streamlit.testing.v1 import AppTest

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

pages = {"blank": %(blank)r, "chain": "kg/explorer/pages/chain_map.py", "network": "kg/explorer/pages/network.py"}
for path in pages.values():
    once(path)  # imports and first-run costs out of the way
out = {name: statistics.median(once(path) for _ in range(%(repeat)d)) for name, path in pages.items()}
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def measure(env: dict[str, str], repeat: int = 3) -> dict[str, float]:
    """Seconds per page, ratios to the blank page, and peak MB of the rendering process."""
    blank = BENCH_DIR / "blank_page.py"
    out = run_python(_CODE % {"blank": str(blank), "repeat": repeat}, env=env)
    data = json.loads(out.strip().splitlines()[-1])
    return {
        "blank_s": round(data["blank"], 3),
        "chain_page_vs_blank": data["chain"] / data["blank"],
        "network_page_vs_blank": data["network"] / data["blank"],
        "streamlit_peak_mb": data["peak_mb"],
    }
