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
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.analyses import derive
from kg.config import Settings, load_settings
from kg.errors import KgError
from kg.graph import schema, server
from kg.graph.connection import Graph
from kg.graph.schema import cypher
from kg.ingest.history import Journal
from kg.ingest.model import ImportReport
from kg.ingest.plan import Plan
from kg.ingest.runs import run_properties

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
    if _has_delimiter(plan, nodes):
        return None
    return settings


def _has_delimiter(plan: Plan, nodes: dict[str, list[Any]]) -> bool:
    """Whether some text holds the array delimiter (then the transactional path is used)."""

    def texts(values: Iterable[Any]) -> Iterable[str]:
        for v in values:
            if isinstance(v, str):
                yield v
            elif isinstance(v, list):
                yield from (x for x in v if isinstance(x, str))

    for rows in nodes.values():
        for r in rows:
            if any(ARRAY_DELIMITER in t for t in texts([r.name, r.source, *r.aliases, *r.props.values()])):
                return True
    for by_key in plan.rels.values():
        for r in by_key.values():
            if any(ARRAY_DELIMITER in t for t in texts([r.source, r.key, *r.props.values()])):
                return True
    return False


# --- CSV in the offline importer's format -----------------------------------------------------

_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


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


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(header) + "\n")
        for row in rows:
            out.write(",".join(_cell(v) for v in row) + "\n")


def _node_file(directory: Path, label: str, maps: list[dict[str, Any]]) -> Path:
    keys = sorted({k for m in maps for k in m if k != "uid"})
    header = [f"uid:ID({label})"] + [f"{k}:{_type(m.get(k) for m in maps)}" for k in keys]
    path = directory / f"nodes-{label}.csv"
    _write_csv(path, header, ([m["uid"], *(m.get(k) for k in keys)] for m in maps))
    return path


def _rel_file(directory: Path, group: tuple[str, str, str], rows: list[dict[str, Any]]) -> Path:
    rtype, a, b = group
    keys = sorted({k for r in rows for k in r["props"]})
    header = [f":START_ID({a})", f":END_ID({b})"] + [
        f"{k}:{_type(r['props'].get(k) for r in rows)}" for k in keys
    ]
    path = directory / f"rels-{rtype}-{a}-{b}.csv"
    _write_csv(path, header, ([r["a"], r["b"], *(r["props"].get(k) for k in keys)] for r in rows))
    return path


def _multiline(paths: list[Path]) -> bool:
    """Whether any quoted text spans lines (the importer then parses more slowly, one thread)."""
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                if line.count('"') % 2:
                    return True
    return False


# --- the load --------------------------------------------------------------------------------


def write_bulk(
    graph: Graph,
    settings: Settings,
    plan: Plan,
    nodes: dict[str, list[Any]],
    journal: Journal,
    new_node: Any,
    new_rel: Any,
) -> ImportReport:
    """Load ``plan`` (validated, into the empty local database) offline; return what it created.

    ``new_node``/``new_rel`` are the loader's property maps of a created node and relationship,
    so both paths store exactly the same values.
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
    try:
        maps = {label: [new_node(r, plan.import_id) for r in rows] for label, rows in nodes.items()}
        rels = {g: [new_rel(r, plan.import_id) for r in by_key.values()] for g, by_key in plan.rels.items()}
        facts = derive.initial_facts(maps, rels)
        for m in maps.get("Enterprise", []):
            m.update({k: v for k, v in facts[m["uid"]].items() if v is not None})
        journal.assume_empty(nodes, plan.rels)
        counts = {
            "rows": plan.rows,
            "nodes_created": sum(map(len, maps.values())),
            "nodes_matched": 0,
            "relationships_created": sum(map(len, rels.values())),
            "relationships_matched": 0,
        }
        rid = journal.prepare_offline(plan.import_id, counts)
        run = run_properties(plan.import_id, plan.files, records=[rid])
        args: list[str] = []
        for label, label_maps in [*maps.items(), ("ImportRun", [run])]:
            args.append(f"--nodes={label}={_node_file(staging / 'csv', label, label_maps)}")
        for group, rows in rels.items():
            args.append(f"--relationships={group[0]}={_rel_file(staging / 'csv', group, rows)}")
        admin_import(settings, staging, args)
        _swap(settings, staging, graph)
        _empty_lists(graph, maps)
    except BaseException:
        journal.settle(committed=False)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    journal.settle(committed=True)
    report.nodes_created = counts["nodes_created"]
    report.relationships_created = counts["relationships_created"]
    report.properties_set = sum(len(m) for ms in maps.values() for m in ms) + sum(
        len(r["props"]) for rs in rels.values() for r in rs
    )
    report.by_label = {label: len(rows) for label, rows in nodes.items()}
    report.by_type = {}
    for (rtype, _, _), rows in rels.items():
        report.by_type[rtype] = report.by_type.get(rtype, 0) + len(rows)
    report.seconds = time.perf_counter() - started
    return report


def admin_import(settings: Settings, staging: Path, args: list[str]) -> None:
    """Run the offline importer into the store under ``staging`` (the live server keeps serving);
    the benchmark's offline baseline runs the very same command."""
    lib = server.ensure_jars(settings)
    conf = staging / "conf"
    conf.mkdir()
    (conf / "neo4j.conf").write_text(
        f"server.directories.data={staging / 'data'}\nserver.directories.logs={staging / 'logs'}\n",
        encoding="utf-8",
    )
    files = [Path(a.split("=", 2)[2]) for a in args]
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
        f"--multiline-fields={'true' if _multiline(files) else 'false'}",
        "--threads=2",
        f"--report-file={staging / 'import.report'}",
        *args,
    ]
    env = dict(os.environ, NEO4J_HOME=str(staging), NEO4J_CONF=str(conf))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        detail = (proc.stdout + proc.stderr).strip()[-1500:]
        raise BulkFailed(f"离线导入工具未能导入（图谱未改变）：{detail}")


def _store_dirs(data: Path, database: str) -> list[Path]:
    return [data / "databases" / database, data / "transactions" / database]


def _swap(settings: Settings, staging: Path, graph: Graph) -> None:
    """Stop the server, put the new store in place of the empty one, start it, apply the schema.
    If the new store does not start, the old one goes back and the server starts on it."""
    database = settings.database or "neo4j"
    live = _store_dirs(settings.home / "data", database)
    new = _store_dirs(staging / "data", database)
    old = [p.with_name(p.name + ".before-bulk") for p in live]
    server.stop(settings)
    for src, dst in zip(live, old, strict=True):
        if src.exists():
            shutil.rmtree(dst, ignore_errors=True)
            src.rename(dst)
    for src, dst in zip(new, live, strict=True):
        if src.exists():
            shutil.move(str(src), dst)
    try:
        server.start(settings)
        _reconnect(graph)
        schema.apply(graph)
    except BaseException as exc:
        server.stop(settings)
        for dst, back in zip(live, old, strict=True):
            shutil.rmtree(dst, ignore_errors=True)
            if back.exists():
                back.rename(dst)
        server.start(settings)
        _reconnect(graph)
        raise BulkFailed(f"新数据库未能启动，已恢复原数据库（图谱未改变）：{exc}") from exc
    for back in old:
        shutil.rmtree(back, ignore_errors=True)


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
