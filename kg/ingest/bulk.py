"""An initial load into an empty local database with Neo4j's own offline importer (issue #11).

A district's first import of its whole attraction-target list (100k firms, a million records) spends
most of its time in one huge transaction. When the local server this project manages holds nothing
yet, the validated plan is written instead as ``neo4j-admin database import full`` CSV files —
the very nodes, relationships and properties the transactional loader would create, derived
enterprise facts and the ``ImportRun`` included — imported into a staging store while the server
keeps running, then swapped in with one restart. Validation, provenance and the import history
are the same as for any import, and it is still all or nothing: until the swap the live store is
untouched; if the new store does not start, the old one is put back.

Used only when every condition holds (``plan_for_bulk``): no ``NEO4J_URI`` (a server we manage),
the database is empty, not a dry run, and the plan has at least ``KG_BULK_MIN_RECORDS`` records
(default 50,000: below that the restart costs more than the transaction). Increments always go
through the transactional loader.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from kg.analyses import derive
from kg.config import Settings, load_settings
from kg.errors import KgError
from kg.faults import crash_point
from kg.forked import forked
from kg.graph import schema, server, storeswap
from kg.graph.connection import Graph
from kg.graph.schema import cypher
from kg.ingest.history import Journal
from kg.ingest.model import ImportReport
from kg.ingest.plan import Plan, RelGroup, RelRow
from kg.ingest.runs import run_properties
from kg.memory import without_cycle_collection

MIN_RECORDS = 50_000
ARRAY_DELIMITER = "\x1f"  # the unit separator: never in cleaned text (cells drop control characters)
EMPTY = "MATCH (n) RETURN count(n) > 0 AS any"


class BulkFailed(KgError):
    """The offline importer refused the files, or the new store did not start (nothing changed)."""


def min_records() -> int:
    raw = os.environ.get("KG_BULK_MIN_RECORDS", "")
    return int(raw) if raw.strip().isdigit() else MIN_RECORDS


def plan_for_bulk(graph: Graph, plan: Plan, nodes: dict[str, list[Any]], dry_run: bool) -> Settings | None:
    """The local server's settings when this plan may be loaded offline, else None."""
    if dry_run:
        return None
    records = sum(map(len, nodes.values())) + sum(map(len, plan.rels.values()))
    if records < min_records():
        return None
    settings = load_settings()
    if settings.external:
        return None
    address = graph.driver.get_server_info().address
    if address.port != settings.bolt_port or str(address.host) not in ("127.0.0.1", "localhost", "::1"):
        return None  # a Graph opened on some other server
    with graph.driver.session(database=graph.database) as session:
        if session.run(EMPTY).single(strict=True)["any"]:
            return None
    return settings


# --- CSV in the offline importer's format -----------------------------------------------------
#
# Written column by column: one converter per column, chosen from the types it holds, turns a
# chunk of values into cell texts in a list comprehension; the same pass tells whether any text
# spans lines (the importer must then parse more slowly) or holds the array delimiter (then the
# load goes through the transaction instead).

_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
CHUNK = 50_000


class DelimiterInText(KgError):
    """Some text holds the array delimiter: the offline format cannot carry it (nothing changed)."""


@dataclass
class Written:
    """One importer input file, whether any of its texts spans lines, how many properties it sets."""

    arg: str
    multiline: bool
    properties: int


def _type(values: Iterable[Any]) -> str:
    """The importer's column type for one property (lists of strings become ``string[]``)."""
    for v in values:
        if v is None:
            continue
        if isinstance(v, list):
            inner = next((x for x in v if x is not None), "")
            return _TYPES[type(inner)] + "[]"
        return _TYPES[type(v)]
    return "string"


def _cell(value: Any) -> str:
    """One field: absent → nothing (no property); text always quoted, so "" stays an empty text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _quote(
            ARRAY_DELIMITER.join("true" if x is True else "false" if x is False else str(x) for x in value)
        )
    if isinstance(value, str):
        return _quote(value)
    return repr(value) if isinstance(value, float) else str(value)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cells(values: list[Any]) -> tuple[list[str], bool]:
    """The cell texts of one column chunk (as ``_cell`` writes them) and whether one spans lines.
    Raises DelimiterInText when a text holds the array delimiter."""
    kinds = set(map(type, values)) - {type(None)}
    if kinds == {str}:
        cells = ['"' + v.replace('"', '""') + '"' if v is not None else "" for v in values]
        text = "".join(cells)
        if ARRAY_DELIMITER in text:
            raise DelimiterInText(ARRAY_DELIMITER)
    elif kinds == {list} and set(map(type, chain.from_iterable(v for v in values if v))) <= {str}:
        lists = [v for v in values if v is not None]
        cells = [
            '"' + ARRAY_DELIMITER.join(v).replace('"', '""') + '"' if v is not None else "" for v in values
        ]
        text = "".join(cells)
        # each list of n texts adds n - 1 delimiters; any more were inside a text
        if text.count(ARRAY_DELIMITER) != sum(map(len, lists)) - sum(map(bool, lists)):
            raise DelimiterInText(ARRAY_DELIMITER)
    elif kinds == {bool}:
        cells = ["" if v is None else "true" if v else "false" for v in values]
        return cells, False
    elif kinds == {int}:
        return ["" if v is None else str(v) for v in values], False
    else:
        cells = [_cell(v) for v in values]
        text = "".join(cells)
        if kinds & {str, list} and any(_holds_delimiter(v) for v in values):
            raise DelimiterInText(ARRAY_DELIMITER)
    return cells, "\n" in text or "\r" in text


def _holds_delimiter(value: Any) -> bool:
    if isinstance(value, str):
        return ARRAY_DELIMITER in value
    return isinstance(value, list) and any(isinstance(x, str) and ARRAY_DELIMITER in x for x in value)


def _write_columns(path: Path, header: list[str], columns: list[list[Any]]) -> bool:
    """Write one importer file from its columns (all of one length); True when a text spans lines."""
    size = len(columns[0]) if columns else 0
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(header) + "\n")
        for start in range(0, size, CHUNK):
            chunk = [_cells(column[start : start + CHUNK]) for column in columns]
            multiline = multiline or any(spans for _, spans in chunk)
            out.write("\n".join(map(",".join, zip(*(cells for cells, _ in chunk), strict=True))) + "\n")
    return multiline


def node_file(directory: Path, label: str, maps: list[dict[str, Any]]) -> Written:
    """The node file of one label from the nodes' complete property maps."""
    keys = sorted({k for m in maps for k in m if k != "uid"})
    columns = [[m["uid"] for m in maps], *([m.get(k) for m in maps] for k in keys)]
    header = [f"uid:ID({label})"] + [f"{k}:{_type(c)}" for k, c in zip(keys, columns[1:], strict=True)]
    path = directory / f"nodes-{label}.csv"
    multiline = _write_columns(path, header, columns)
    return Written(f"--nodes={label}={path}", multiline, _set(columns))


def rel_file(
    directory: Path,
    group: tuple[str, str, str],
    ends: tuple[list[str], list[str]],
    props: dict[str, list[Any]],
) -> Written:
    """The relationship file of one (type, start label, end label) group: its start and end uids
    and one list per property (None = no property on that relationship)."""
    rtype, a, b = group
    keys = sorted(props)
    header = [f":START_ID({a})", f":END_ID({b})"] + [f"{k}:{_type(props[k])}" for k in keys]
    path = directory / f"rels-{rtype}-{a}-{b}.csv"
    multiline = _write_columns(path, header, [*ends, *(props[k] for k in keys)])
    return Written(f"--relationships={rtype}={path}", multiline, _set(props.values()))


def _set(columns: Iterable[list[Any]]) -> int:
    """How many properties these columns set (a None sets none)."""
    return sum(len(c) - c.count(None) for c in columns)


def _plan_rel_file(
    directory: Path, group: tuple[str, str, str], rows: list[RelRow], import_id: str
) -> Written:
    """``rel_file`` of planned relationships, with the very properties the loader's ``_new_rel``
    gives a created relationship (provenance over the row's own; ``key`` when it has one)."""
    own = sorted({k for r in rows for k in r.props} - {"source", "sources", "sample", "import_id"})
    props: dict[str, list[Any]] = {k: [r.props.get(k) for r in rows] for k in own}
    if "key" in props or any(r.key for r in rows):
        props["key"] = [r.key or r.props.get("key") for r in rows]
    props["source"] = [r.source for r in rows]
    props["sources"] = [r.sources for r in rows]
    props["sample"] = [r.sample for r in rows]
    props["import_id"] = [import_id] * len(rows)
    return rel_file(directory, group, ([r.a for r in rows], [r.b for r in rows]), props)


# --- the load --------------------------------------------------------------------------------


@without_cycle_collection()  # millions of small lists and texts, none of them cyclic
def write_bulk(
    graph: Graph,
    settings: Settings,
    plan: Plan,
    nodes: dict[str, list[Any]],
    journal: Journal,
    new_node: Any,
) -> ImportReport:
    """Load ``plan`` (validated, into the empty local database) offline; return what it created.

    ``new_node`` is the loader's property map of a created node (relationships get the properties
    of the loader's ``_new_rel``), so both paths store exactly the same values. Raises
    DelimiterInText when the offline format cannot carry some text; the graph is then unchanged
    and its server up again.

    The files are written on both cores: a forked child (``kg.forked``) writes the larger
    relationship files from the plan it shares with this process, while this process builds the
    node maps and derived facts and writes the rest. The old server shuts down meanwhile, and
    the import-history record is written while neo4j-admin builds the new store (a subprocess),
    each in a thread: they used to run one after another. The record is complete before the new
    store goes live, as the transactional path writes it before its commit.
    """
    started = time.perf_counter()
    report = ImportReport(
        import_id=plan.import_id,
        files=plan.files,
        rows=plan.rows,
        warnings=[p for p in plan.problems if p.level != "error"],
        offline=True,
    )
    staging = settings.home / "run" / f"bulk-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "csv").mkdir(parents=True)
    stopping: _Background | None = None
    recording: _Background | None = None
    swap = storeswap.begin(settings, staging)  # before the server stops: a crash is recoverable
    try:
        rels = {g: list(by_key.values()) for g, by_key in plan.rels.items()}
        theirs, ours = share_rel_files(nodes, rels)

        def write_rels(groups: list[RelGroup]) -> list[Written]:
            return [_plan_rel_file(staging / "csv", g, rels[g], plan.import_id) for g in groups]

        # two cores: a forked child writes most relationship files while this process builds
        # the node maps and derived facts and writes the rest (forked before any thread starts)
        with forked(lambda: write_rels(theirs)) as child:
            # the live database is empty and not needed any more: it shuts down meanwhile (a
            # few seconds of waiting that overlap the work below)
            stopping = _Background(lambda: server.stop(settings))
            maps = {label: [new_node(r, plan.import_id) for r in rows] for label, rows in nodes.items()}
            facts = derive.initial_facts(maps, rels)
            for m in maps.get("Enterprise", []):
                m.update({k: v for k, v in facts[m["uid"]].items() if v is not None})
            written = [node_file(staging / "csv", label, label_maps) for label, label_maps in maps.items()]
            by_group = dict(zip(ours, write_rels(ours), strict=True))
            by_group.update(zip(theirs, child.result(), strict=True))
        written += [by_group[g] for g in rels]  # in the plan's order, whoever wrote them
        counts = {
            "rows": plan.rows,
            "nodes_created": sum(map(len, maps.values())),
            "nodes_matched": 0,
            "relationships_created": sum(map(len, rels.values())),
            "relationships_matched": 0,
        }
        rid = journal.reserve_offline(plan.import_id, counts)
        run = node_file(staging / "csv", "ImportRun", [run_properties(plan.import_id, plan.files, [rid])])
        recording = _Background(lambda: journal.complete_offline(nodes, plan.rels))
        admin_import(settings, staging, [*(w.arg for w in [*written, run]), multiline_arg([*written, run])])
        recording.result()
        stopping.result()
        crash_point("bulk-stopped")  # the server down, the new store built, the live one untouched
        stopping = None  # from here on _swap puts the old store back itself if it must
        _swap(settings, swap, graph, maps)
    except BaseException:
        if recording is not None:  # the record is dropped only once it is no longer being written
            recording.result(raising=False)
        journal.settle(committed=False)
        if stopping is not None:  # the old store is still in place: serve it again
            stopping.result(raising=False)
            storeswap.discard(settings, swap)
            server.start(settings)
            _reconnect(graph)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    journal.settle(committed=True)
    storeswap.finish(settings, swap)
    report.nodes_created = counts["nodes_created"]
    report.relationships_created = counts["relationships_created"]
    report.properties_set = sum(w.properties for w in written)
    report.by_label = {label: len(rows) for label, rows in nodes.items()}
    report.by_type = {}
    for (rtype, _, _), rows in rels.items():
        report.by_type[rtype] = report.by_type.get(rtype, 0) + len(rows)
    report.seconds = time.perf_counter() - started
    return report


class _Background:
    """One call run in a thread (shutting a server down, writing a file) while the caller waits
    on something else; ``result`` joins it and re-raises what it raised."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self._error: BaseException | None = None

        def run() -> None:
            try:
                call()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller in result()
                self._error = exc

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self, raising: bool = True) -> None:
        self._thread.join()
        if self._error is not None and raising:
            raise self._error


def share_rel_files(
    nodes: dict[str, list[Any]], rels: dict[RelGroup, list[RelRow]]
) -> tuple[list[RelGroup], list[RelGroup]]:
    """The relationship files a forked child writes, and those this process writes besides the
    node maps, facts and files: about equal work, counted in cells (a cell costs about the same
    written either way; building a node's map and facts costs about as much again as its cells).
    The largest files are shared out first, each to the side with less work so far."""
    our_cells = 2 * sum(len(rows) * (len(rows[0].props) + 3) for rows in nodes.values() if rows)
    their_cells = 0
    ours: list[RelGroup] = []
    theirs: list[RelGroup] = []
    for group in sorted(rels, key=lambda g: -len(rels[g])):
        rows = rels[group]
        cells = len(rows) * (len(rows[0].props) + 6) if rows else 0
        if their_cells <= our_cells:
            theirs.append(group)
            their_cells += cells
        else:
            ours.append(group)
            our_cells += cells
    return theirs, ours


def multiline_arg(written: list[Written]) -> str:
    """Whether any text spans lines (the importer then parses more slowly, on one thread)."""
    return f"--multiline-fields={'true' if any(w.multiline for w in written) else 'false'}"


def admin_import(settings: Settings, staging: Path, args: list[str]) -> None:
    """Run the offline importer into the store under ``staging``; ``args`` name the input files
    (``Written.arg``) and say whether texts span lines (``multiline_arg``). The benchmark's
    offline baseline runs the very same command."""
    lib = server.ensure_jars(settings)
    conf = staging / "conf"
    conf.mkdir()
    (conf / "neo4j.conf").write_text(
        f"server.directories.data={staging / 'data'}\nserver.directories.logs={staging / 'logs'}\n",
        encoding="utf-8",
    )
    cmd = [
        "java",
        "-Xmx1g",
        "-cp",
        f"{lib}/*",
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        settings.database or "neo4j",
        "--overwrite-destination=true",
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        "--threads=2",
        f"--report-file={staging / 'import.report'}",
        *args,
    ]
    env = dict(os.environ, NEO4J_HOME=str(staging), NEO4J_CONF=str(conf))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        detail = (proc.stdout + proc.stderr).strip()[-1500:]
        raise BulkFailed(f"离线导入工具未能导入（图谱未改变）：{detail}")


def _swap(
    settings: Settings, swap: storeswap.Swap, graph: Graph, maps: dict[str, list[dict[str, Any]]]
) -> None:
    """With the server stopped: put the new store in place of the empty one, start the server,
    apply the schema and check it is all online; that check is the commit point. If any step
    fails, the old store goes back and the server starts on it. A crash anywhere in between is
    finished or undone by the next ``kg server start`` (kg.graph.storeswap)."""
    storeswap.swap_in(settings, swap)
    try:
        server.start(settings)
        crash_point("bulk-started")  # the new store serves, without its schema yet
        _reconnect(graph)
        schema.apply(graph)
        _empty_lists(graph, maps)
        absent = schema.missing(graph)
        if absent:
            raise BulkFailed(f"新数据库缺少约束或索引：{'、'.join(absent)}")
        crash_point("bulk-checked")  # complete, but not yet marked so
        storeswap.mark_verified(settings, swap)
    except BaseException as exc:
        server.stop(settings)
        storeswap.roll_back(settings, swap)
        server.start(settings)
        _reconnect(graph)
        if isinstance(exc, BulkFailed):
            raise
        raise BulkFailed(f"新数据库未能启动，已恢复原数据库（图谱未改变）：{exc}") from exc
    crash_point("bulk-verified")  # committed; the record and the old store not yet settled


EMPTY_LIST_BY_UID = "UNWIND $uids AS u MATCH (n:{label} {{uid: u}}) SET n += $empty"
EMPTY_LIST_ALL = "MATCH (n:{label}) WHERE n[$key] IS NULL SET n += $empty"


def _empty_lists(graph: Graph, maps: dict[str, list[dict[str, Any]]]) -> None:
    """Give back the empty lists (e.g. no aliases) the offline importer stores as no property,
    so the graph is the very one the transactional import builds. A key every node of a label
    has (``aliases``) is set with one label scan; others by uid."""
    with graph.driver.session(database=graph.database) as session:
        tx = session.begin_transaction()
        for label, label_maps in maps.items():
            keys = {k for m in label_maps for k, v in m.items() if v == []}
            for key in sorted(keys):
                empty = {key: []}
                if all(key in m for m in label_maps):
                    tx.run(cypher(EMPTY_LIST_ALL, label=label), key=key, empty=empty).consume()
                    continue
                uids = [m["uid"] for m in label_maps if m.get(key) == []]
                text = cypher(EMPTY_LIST_BY_UID, label=label)
                for start in range(0, len(uids), 10_000):
                    tx.run(text, uids=uids[start : start + 10_000], empty=empty).consume()
        tx.commit()


def _reconnect(graph: Graph, timeout: float = 60.0) -> None:
    """Let the driver drop the connections the restart closed (the first use after a restart
    fails and empties its pool). Its bookmarks are not used: the project's reads pass none."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with graph.driver.session(database=graph.database) as session:
                session.run("RETURN 1").consume()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
