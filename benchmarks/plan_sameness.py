"""Same plan before and after a change to the import validation: a corpus of inputs, a digest per plan.

Why: making ``build_plan`` faster must not change a single node, relationship or problem (nor
their order). Three steps, each its own command:

``collect DIR``   the synth 1k and 10k files and the default dataset, as pickled (tables, state);
``dump DIR OUT``  every case's plan, built by the ``kg`` on ``PYTHONPATH``, as one repr digest each
                  (run once with the old code, once with the new);
``compare A B``   the cases whose plans differ (exit status 1 if any).

The tests' own inputs (many with errors) join the corpus through this module as a pytest plugin:
``KG_PLAN_CORPUS=DIR pytest -p benchmarks.plan_sameness tests/test_ingest_validate.py …`` records
the (tables, graph state) of every plan the tests build.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import random
import sys
import tempfile
from itertools import count
from pathlib import Path
from typing import Any

_seq = count()


def _save(directory: Path, name: str, tables: Any, state: Any) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / f"{name}.pkl").open("wb") as out:
        pickle.dump((tables, state), out, protocol=pickle.HIGHEST_PROTOCOL)


def pytest_configure(config: Any) -> None:
    """Record each plan's input (a deep copy, before the mapper changes the state)."""
    target = os.environ.get("KG_PLAN_CORPUS")
    if not target:
        return
    from kg.ingest import mapping

    original = mapping.Mapper.__init__

    def recording(self: Any, tables: Any, state: Any) -> None:
        name = f"test-{os.getpid()}-{next(_seq):05d}"
        _save(Path(target), name, copy.deepcopy(list(tables)), copy.deepcopy(state))
        original(self, tables, state)

    mapping.Mapper.__init__ = recording  # type: ignore[method-assign]


def collect(directory: Path) -> None:
    from benchmarks.__main__ import synth
    from kg.dataset.default import read_default
    from kg.ingest.api import read_files
    from kg.ingest.resolve import load_state

    work = Path(tempfile.mkdtemp(prefix="kg-same-"))
    for n in (1000, 10000):
        tables, problems = read_files(synth(n, 7, work / str(n)))
        assert not problems, problems
        _save(directory, f"synth-{n}", tables, load_state(None))
    _save(directory, "default", read_default(), load_state(None))
    for n in (1000, 10000):
        tables, _ = read_files(synth(n, 7, work / str(n)))
        _save(directory, f"damaged-{n}", damaged(tables, random.Random(n)), load_state(None))


# What a damaged cell becomes: every kind of problem the validation reports, and values that are
# fine only after cleaning (invisible characters, full-width digits, spaces).
DAMAGE = (
    lambda t: t[:-1] + ("0" if t[-1:] != "0" else "1"),  # a wrong last character (check character)
    lambda t: t + "I",  # a character outside the code alphabet / an unknown name
    lambda t: t[:5],  # too short
    lambda t: "",  # empty
    lambda t: " " + t + "\u200b",  # spaces and an invisible character
    lambda t: "x" * 5000,  # too long for a name (and a cell)
    lambda t: "１９９９年",  # a full-width year
    lambda t: "3000",  # out of range
    lambda t: "否",
    lambda t: t + "；" + t,  # a repeated list item
    lambda t: "示例·不存在的单位",
)


def damaged(tables: list[Any], rnd: random.Random) -> list[Any]:
    """The tables with about one cell in twenty damaged, one row in fifty repeated and an unknown column."""
    for table in tables:
        rows: list[dict[str, str]] = []
        for row in table.rows:
            new = {h: (rnd.choice(DAMAGE)(v) if rnd.random() < 0.05 else v) for h, v in row.items()}
            if rnd.random() < 0.01:
                new["备注（未知列）"] = "多余"
            rows.append(new)
            if rnd.random() < 0.02:
                rows.append(dict(row))
        table.rows, table.row_numbers = rows, list(range(2, len(rows) + 2))
    return tables


def dump(directory: Path, out: Path) -> None:
    from kg.ingest.mapping import Mapper
    from kg.memory import without_cycle_collection

    digests: dict[str, str] = {}
    for path in sorted(directory.glob("*.pkl")):
        for capped in (True, False):  # uncapped: every problem compared, not only those listed
            with path.open("rb") as src:
                tables, state = pickle.load(src)
            with without_cycle_collection():
                mapper = Mapper(tables, state)
                if not capped:
                    mapper.problems.cap = sys.maxsize
                plan = mapper.build()
            name = path.stem + ("" if capped else "-uncapped")
            digests[name] = hashlib.sha256(repr(plan).encode()).hexdigest()
            print(name, len(plan.problems), "problems", digests[name][:12], flush=True)
    out.write_text(json.dumps(digests, indent=1))


def compare(a: Path, b: Path) -> int:
    old, new = json.loads(a.read_text()), json.loads(b.read_text())
    differ = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    print(f"{len(old)} cases; {len(differ)} differ", *differ, sep="\n")
    return 1 if differ else 0


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "collect":
        collect(Path(args[0]))
    elif command == "dump":
        dump(Path(args[0]), Path(args[1]))
    else:
        sys.exit(compare(Path(args[0]), Path(args[1])))
