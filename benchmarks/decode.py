"""Driver decoding: the same large read with and without ``neo4j-rust-ext``, each in a fresh process.

The extension is hidden in the "without" run by making ``neo4j._rust`` unimportable before the
driver loads, which is exactly the fallback the driver takes when the extension is not installed.
"""

from __future__ import annotations

import json

from benchmarks.harness import run_python

_READ = r"""
import json, sys, time
{hide}
from neo4j import GraphDatabase
uri, password, rows = sys.argv[1:4] if len(sys.argv) > 3 else ({uri!r}, {password!r}, {rows})
rust = True
try:
    import neo4j._rust  # noqa: F401
except ImportError:
    rust = False
with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
    q = ("UNWIND range(1, $n) AS i RETURN i, 'enterprise-' + toString(i) AS name, "
         "[i, i * 2, i * 3] AS xs, {{a: i, b: toString(i)}} AS m, i * 1.5 AS f")
    driver.execute_query(q, n=1000)
    best = None
    for _ in range(3):
        t = time.perf_counter()
        records = driver.execute_query(q, n=int(rows)).records
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    print(json.dumps({{"rust": rust, "seconds": best, "rows": len(records)}}))
"""


def measure(uri: str, password: str, rows: int = 300_000) -> dict[str, float]:
    """Seconds for reading ``rows`` records with and without the Rust extension, and their ratio."""
    results = {}
    for label, hide in (("with", ""), ("without", "sys.modules['neo4j._rust'] = None")):
        out = run_python(_READ.format(hide=hide, uri=uri, password=password, rows=rows))
        data = json.loads(out.strip().splitlines()[-1])
        if data["rust"] != (label == "with"):
            raise RuntimeError(f"rust extension state wrong in the {label!r} run: {data}")
        results[label] = data["seconds"]
    return {
        "decode_rows": rows,
        "decode_with_rust_s": results["with"],
        "decode_without_rust_s": results["without"],
        "rust_ext_speedup": results["without"] / results["with"],
    }
