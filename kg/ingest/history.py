"""Import history and undo: what each import changed, kept so it can be listed and taken back.

Every import (CLI, page, default dataset) writes one record under ``$KG_HOME/imports/`` — outside
the graph, so the read-only console never reads who imported what. The record holds the nodes and
relationships the import created and, for what already existed, every property's value before and
after (read inside the import's own transaction, so the derived enterprise facts are included).

The record is written as ``pending`` before the import commits, marked ``committed`` after; the
transaction also adds the record id to its ``ImportRun`` node so a record whose process died
between the two can be settled against the graph. Undo is one transaction and idempotent.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import getpass
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from neo4j import Transaction
from neo4j.time import Date, DateTime

from kg.config import load_settings
from kg.errors import KgError
from kg.graph import storeswap, writelock
from kg.graph.connection import Graph
from kg.graph.schema import cypher

BATCH = 5000
NodeKey = tuple[str, str]  # (label, uid)
RelKey = tuple[str, str, str, str, str, str]  # (type, start label, start uid, end label, end uid, key)

NODE_PROPS = "UNWIND $uids AS u MATCH (n:{label} {{uid: u}}) RETURN u AS uid, properties(n) AS p"
# Both ends looked up by uid first, so the planner expands from the end with fewer ties (a chain
# segment has thousands of firms; reading from its side made an import's journal take minutes).
REL_PROPS = (
    "UNWIND $rows AS row MATCH (x:{a} {{uid: row.a}}) MATCH (y:{b} {{uid: row.b}}) "
    "MATCH (x)-[r:{t}]->(y) WHERE row.key IS NULL OR r.key = row.key "
    "RETURN row.a AS a, row.b AS b, elementId(r) AS id, properties(r) AS p"
)
REL_PROPS_BY_ID = "UNWIND $ids AS id MATCH ()-[r]->() WHERE elementId(r) = id RETURN id, properties(r) AS p"
STAMP = """
MATCH (r:ImportRun {uid: $import_id})
SET r.records = coalesce(r.records, []) + [$rid]
RETURN r.runs AS runs
"""
STAMPED = "MATCH (r:ImportRun {uid: $import_id}) RETURN $rid IN coalesce(r.records, []) AS ok"


class UndoRefused(KgError):
    """The import cannot be taken back (a later import depends on it, or it is not committed)."""


# --- values as JSON (temporal values keep their type) ------------------------------------------


def _enc(value: Any) -> Any:
    if isinstance(value, DateTime):
        return {"$datetime": value.iso_format()}
    if isinstance(value, Date):
        return {"$date": value.iso_format()}
    if isinstance(value, (dt.datetime, dt.date)):
        return {"$datetime" if isinstance(value, dt.datetime) else "$date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_enc(v) for v in value]
    return value


def _dec(value: Any) -> Any:
    if isinstance(value, dict) and "$date" in value:
        return Date.from_iso_format(value["$date"])
    if isinstance(value, dict) and "$datetime" in value:
        return DateTime.from_iso_format(value["$datetime"])
    if isinstance(value, list):
        return [_dec(v) for v in value]
    return value


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{property: [old, new]} for every property whose value changed (None = absent)."""
    keys = set(before) | set(after)
    return {
        k: [_enc(before.get(k)), _enc(after.get(k))] for k in sorted(keys) if before.get(k) != after.get(k)
    }


# --- the record -------------------------------------------------------------------------------


@dataclass
class Record:
    """One import: who, when, which files, what it created and what it changed."""

    id: str
    import_id: str
    who: str
    at: str
    files: list[dict[str, str]]
    counts: dict[str, int]
    created_nodes: list[list[str]] = field(default_factory=list)  # [label, uid]
    created_rels: list[list[str]] = field(default_factory=list)  # RelKey as a list
    changed_nodes: list[list[Any]] = field(default_factory=list)  # [label, uid, {prop: [old, new]}]
    changed_rels: list[list[Any]] = field(default_factory=list)  # [*RelKey, {prop: [old, new]}]
    touched_nodes: list[list[str]] = field(default_factory=list)  # every node it wrote or read back
    touched_rels: list[list[str]] = field(default_factory=list)
    run_created: bool = False  # its ImportRun node was new
    status: str = "pending"  # pending → committed → undone
    undone_at: str = ""
    undone_by: str = ""
    # list sizes of a record read from its summary file (``records(light=True)``: the lists stay empty)
    sizes: dict[str, int] = field(default_factory=dict)

    def _size(self, name: str) -> int:
        return self.sizes.get(name, len(getattr(self, name)))

    @property
    def seq(self) -> int:
        return int(self.id)

    def summary(self) -> dict[str, Any]:
        """The row ``kg imports list`` and the page show (no property values)."""
        return {
            "id": self.id,
            "status": self.status,
            "who": self.who,
            "at": self.at,
            "files": "；".join(f"{f['name']} (sha256 {f['sha256'][:12]}…)" for f in self.files),
            "nodes_created": self._size("created_nodes"),
            "relationships_created": self._size("created_rels"),
            "nodes_changed": self._size("changed_nodes"),
            "relationships_changed": self._size("changed_rels"),
            "rows": self.counts.get("rows", 0),
            "import_id": self.import_id,
            "undone_at": self.undone_at,
            "undone_by": self.undone_by,
        }


def history_dir(home: Path | None = None) -> Path:
    path = (home or load_settings().home) / "imports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One writer of the history at a time (the CLI and the page may run side by side)."""
    with open(directory / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _path(directory: Path, rid: str) -> Path:
    return directory / f"{int(rid):06d}.json"


def _save(directory: Path, rec: Record) -> None:
    tmp = directory / f".{rec.id}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        # a shallow dict: dataclasses.asdict deep-copies every key list (seconds on a 100k import);
        # json.dumps, not json.dump: only the one-shot encoder is C, json.dump to a stream runs the
        # pure-Python one (about 5x slower on a million keys)
        data = {f.name: getattr(rec, f.name) for f in fields(rec)}
        # an initial load touched exactly what it created: a million relationship keys once, not
        # twice (TOUCHED_IS_CREATED on file, the lists restored by _load)
        if rec.touched_nodes == rec.created_nodes and rec.touched_rels == rec.created_rels:
            data.update({TOUCHED_IS_CREATED: True, "touched_nodes": [], "touched_rels": []})
        out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, _path(directory, rec.id))
    head = {f.name: getattr(rec, f.name) for f in fields(rec) if f.name not in LISTS and f.name != "sizes"}
    head["sizes"] = {name: len(getattr(rec, name)) for name in LISTS}
    tmp = directory / f".{rec.id}.head.tmp"
    tmp.write_text(json.dumps(head, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, _head_path(directory, rec.id))


STATE_FIELDS = ("status", "undone_at", "undone_by")


def _state_path(directory: Path, rid: str) -> Path:
    return directory / f"{int(rid):06d}.state"


def _save_state(directory: Path, rec: Record) -> None:
    """Write only the record's status (committed, undone by whom): the record itself, written
    once before the commit, can hold a million keys and is not rewritten for one word."""
    tmp = directory / f".{rec.id}.state.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({k: getattr(rec, k) for k in STATE_FIELDS}, out, ensure_ascii=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, _state_path(directory, rec.id))


def _head_path(directory: Path, rid: str) -> Path:
    return directory / f"{int(rid):06d}.head"


# The key lists of a record: a 100k-firm import has a million; listing the history reads none of them.
TOUCHED_IS_CREATED = "touched_is_created"  # in a record file: its touched lists are the created ones
LISTS = ("created_nodes", "created_rels", "changed_nodes", "changed_rels", "touched_nodes", "touched_rels")


def _load(path: Path, light: bool = False) -> Record:
    head = _head_path(path.parent, path.stem)
    if light and head.exists():
        rec = Record(**json.loads(head.read_text(encoding="utf-8")))
    else:
        raw = json.loads(path.read_text(encoding="utf-8"))
        same = raw.pop(TOUCHED_IS_CREATED, False)
        rec = Record(**raw)
        if same:
            rec.touched_nodes, rec.touched_rels = rec.created_nodes, rec.created_rels
    state = _state_path(path.parent, rec.id)
    if state.exists():
        for key, value in json.loads(state.read_text(encoding="utf-8")).items():
            if key in STATE_FIELDS:
                setattr(rec, key, value)
    return rec


def records(home: Path | None = None, graph: Graph | None = None, *, light: bool = False) -> list[Record]:
    """Every record, oldest first; with ``graph``, pending ones are settled against it.
    ``light``: read only each record's summary (for listing: who, when, files, how many)."""
    directory = history_dir(home)
    out = [_load(p, light) for p in sorted(directory.glob("[0-9]*.json"))]
    if graph is not None and any(rec.status == "pending" for rec in out):
        out = [rec for rec in out if not _settle_pending(graph, directory, rec, home)]
    return out


def _settle_pending(graph: Graph, directory: Path, rec: Record, home: Path | None) -> bool:
    """Settle a record its process left pending; True when it is dropped (never committed).

    Stamped on its ImportRun node: it committed. Not stamped, and no import or undo running
    (the writer lock is free) nor an offline load waiting to be finished or undone by the next
    server start: its process died before the commit, and nothing of it is in the graph."""
    if rec.status != "pending":
        return False
    settings = load_settings()
    if home is not None:
        settings = dataclasses.replace(settings, home=home)
    if storeswap.read(settings) is not None:
        return False  # the next `kg server start` decides (kg.graph.storeswap)
    if _stamped(graph, rec):
        rec.status = "committed"
        _save_state(directory, rec)
        return False
    if not writelock.is_free(home):
        return False  # its import may still commit
    for path in (_path, _state_path, _head_path):
        path(directory, rec.id).unlink(missing_ok=True)
    return True


def _stamped(graph: Graph, rec: Record) -> bool:
    rows = graph.driver.execute_query(
        STAMPED, import_id=rec.import_id, rid=rec.id, database_=graph.database, bookmark_manager_=None
    ).records
    return bool(rows and rows[0]["ok"])


def get(rid: str, home: Path | None = None, graph: Graph | None = None) -> Record:
    for rec in records(home, graph):
        if rec.id == str(rid).lstrip("0") or rec.id == str(rid):
            return rec
    raise UndoRefused(f"没有编号为 {rid} 的导入记录（kg imports list 列出全部记录）")


# --- recording an import ----------------------------------------------------------------------


def _next_id(directory: Path) -> str:
    taken = [int(p.stem) for p in directory.glob("[0-9]*.json")]
    return str(max(taken, default=0) + 1)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


BASE_DATASET_PREFIX = "default:"  # who of a `kg load-default` import: the base every other list builds on


def base_dataset_who() -> str:
    """Who a `kg load-default` import is recorded as (the OS user, marked as the base dataset)."""
    return BASE_DATASET_PREFIX + os_user().removeprefix("os:")


def is_base_dataset(rec: Record) -> bool:
    """The default dataset's import: undone only from the CLI (it removes the whole base layer)."""
    return rec.who.startswith(BASE_DATASET_PREFIX)


def os_user() -> str:
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):
        return "os:未知用户"


class Journal:
    """The loader's companion: reads what the import will touch before and after writing it.

    A dry run uses the same journal for the page's preview (what would be created and changed).
    """

    def __init__(
        self, who: str | None = None, files: list[dict[str, str]] | None = None, home: Path | None = None
    ) -> None:
        self.who = who or os_user()
        self.files = files or []
        self.home = home
        self.before_nodes: dict[NodeKey, dict[str, Any]] = {}
        self.before_rels: dict[str, tuple[RelKey, dict[str, Any]]] = {}
        self.node_keys: list[NodeKey] = []
        self.planned_code: dict[NodeKey, str | None] = {}  # credit code in the list (preview)
        self.rel_rows: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        self.created_nodes: list[NodeKey] = []
        self.created_rels: list[RelKey] = []
        self.changed_nodes: list[tuple[str, str, dict[str, list[Any]]]] = []
        self.changed_rels: list[tuple[RelKey, dict[str, list[Any]]]] = []
        self.record: Record | None = None

    def _read_nodes(self, tx: Transaction, keys: list[NodeKey]) -> dict[NodeKey, dict[str, Any]]:
        by_label: dict[str, list[str]] = {}
        for label, uid in keys:
            by_label.setdefault(label, []).append(uid)
        found: dict[NodeKey, dict[str, Any]] = {}
        for label, uids in by_label.items():
            text = cypher(NODE_PROPS, label=label)
            for start in range(0, len(uids), BATCH):
                for r in tx.run(text, uids=uids[start : start + BATCH]):
                    found[(label, r["uid"])] = dict(r["p"])
        return found

    def _read_rels(self, tx: Transaction) -> dict[str, tuple[RelKey, dict[str, Any]]]:
        """The planned relationships that exist now; only pairs whose both ends existed before
        are looked up (a relationship to a node this import creates cannot exist yet)."""
        found: dict[str, tuple[RelKey, dict[str, Any]]] = {}
        for (t, a, b), rows in self.rel_rows.items():
            rows = [r for r in rows if (a, r["a"]) in self.before_nodes and (b, r["b"]) in self.before_nodes]
            text = cypher(REL_PROPS, a=a, b=b, t=t)
            for start in range(0, len(rows), BATCH):
                for r in tx.run(text, rows=rows[start : start + BATCH]):
                    props = dict(r["p"])
                    key: RelKey = (t, a, r["a"], b, r["b"], str(props.get("key") or ""))
                    found[r["id"]] = (key, props)
        return found

    def _reread_rels(self, tx: Transaction) -> dict[str, dict[str, Any]]:
        """The properties, now, of the relationships that existed before (by element id)."""
        ids = list(self.before_rels)
        now: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), BATCH):
            for r in tx.run(REL_PROPS_BY_ID, ids=ids[start : start + BATCH]):
                now[r["id"]] = dict(r["p"])
        return now

    def before(self, tx: Transaction, nodes: dict[str, list[Any]], rels: dict[Any, dict[Any, Any]]) -> None:
        """Read every node and relationship the import may touch, as it is now."""
        keys: dict[NodeKey, None] = {}
        for label, rows in nodes.items():
            for row in rows:
                keys[(label, row.uid)] = None
                if label == "Enterprise":
                    self.planned_code[(label, row.uid)] = row.props.get("credit_code")
        for (t, a, b), by_key in rels.items():
            rows = self.rel_rows.setdefault((t, a, b), [])
            for row in by_key.values():
                keys[(a, row.a)] = None
                keys[(b, row.b)] = None
                rows.append({"a": row.a, "b": row.b, "key": row.key or None})
        self.node_keys = list(keys)
        self.before_nodes = self._read_nodes(tx, self.node_keys)
        self.before_rels = self._read_rels(tx)

    def after(self, tx: Transaction) -> None:
        """Read them again (derived facts included) and keep what was created or changed."""
        existed = [k for k in self.node_keys if k in self.before_nodes]
        now = self._read_nodes(tx, existed)
        self.created_nodes = [k for k in self.node_keys if k not in self.before_nodes]
        self.changed_nodes = []
        for k in existed:
            change = _diff(self.before_nodes[k], now.get(k, {}))
            if change:
                self.changed_nodes.append((k[0], k[1], change))
        # every planned relationship exists after the write: those not there before were created
        existed_rels = {key for key, _ in self.before_rels.values()}
        planned = {
            (t, a, r["a"], b, r["b"], str(r["key"] or ""))
            for (t, a, b), rows in self.rel_rows.items()
            for r in rows
        }
        self.created_rels = sorted(planned - existed_rels)
        self.changed_rels = []
        for rid, props in self._reread_rels(tx).items():
            key, old = self.before_rels[rid]
            change = _diff(old, props)
            if change:
                self.changed_rels.append((key, change))

    def assume_empty(self, nodes: dict[str, list[Any]], rels: dict[Any, dict[Any, Any]]) -> None:
        """The offline initial load (kg.ingest.bulk): the graph is empty, so everything planned is
        created and nothing is read."""
        self.before_nodes, self.before_rels = {}, {}
        self.node_keys = [(label, row.uid) for label, rows in nodes.items() for row in rows]
        self.created_nodes = list(self.node_keys)
        # in the plan's order, which the same files always give (the plan holds each key once);
        # sorting a million keys cost seconds
        self.created_rels = [
            (t, a, row.a, b, row.b, str(row.key or ""))
            for (t, a, b), by_key in rels.items()
            for row in by_key.values()
        ]
        self.changed_nodes, self.changed_rels = [], []

    def reserve_offline(self, import_id: str, counts: dict[str, int]) -> str:
        """The offline load's first step: take a record id and write the record as pending, its
        key lists still empty (the load puts the id on its ImportRun node itself, as ``prepare``
        stamps it in a transaction). ``complete_offline`` fills the lists before the new store
        goes live."""
        directory = history_dir(self.home)
        with _locked(directory):
            rid = _next_id(directory)
            self.record = self._record(rid, import_id, counts, run_created=True)
            _save(directory, self.record)
        return rid

    def complete_offline(self, nodes: dict[str, list[Any]], rels: dict[Any, dict[Any, Any]]) -> None:
        """Everything planned was created (``assume_empty``): rewrite the reserved record with its
        key lists. Runs while neo4j-admin builds the store, so its seconds cost nothing."""
        assert self.record is not None, "reserve_offline first"
        pending = self.record
        self.assume_empty(nodes, rels)
        self.record = self._record(pending.id, pending.import_id, pending.counts, run_created=True)
        self.record.at = pending.at
        directory = history_dir(self.home)
        with _locked(directory):
            _save(directory, self.record)

    def prepare(self, tx: Transaction, import_id: str, counts: dict[str, int]) -> None:
        """Before the commit: stamp the ImportRun node and write the record as pending."""
        directory = history_dir(self.home)
        with _locked(directory):
            rid = _next_id(directory)
            runs = tx.run(STAMP, import_id=import_id, rid=rid).single(strict=True)["runs"]
            self.record = self._record(rid, import_id, counts, run_created=runs == 1)
            _save(directory, self.record)

    def _record(self, rid: str, import_id: str, counts: dict[str, int], run_created: bool) -> Record:
        return Record(
            id=rid,
            import_id=import_id,
            who=self.who,
            at=_now(),
            files=self.files,
            counts=counts,
            # the keys stay tuples in memory: JSON writes them as the lists they are read back as
            # (a million relationship keys made into lists cost seconds)
            created_nodes=list(self.created_nodes),
            created_rels=list(self.created_rels),
            changed_nodes=[[label, uid, ch] for label, uid, ch in self.changed_nodes],
            changed_rels=[[*key, ch] for key, ch in self.changed_rels],
            touched_nodes=list(self.node_keys),
            touched_rels=[key for key, _ in self.before_rels.values()] + self.created_rels,
            run_created=run_created,
        )

    def settle(self, committed: bool) -> None:
        """After the commit (or its failure): mark the record committed, or drop it."""
        if self.record is None:
            return
        directory = history_dir(self.home)
        if committed:
            self.record.status = "committed"
            _save_state(directory, self.record)
        else:
            for path in (_path, _state_path, _head_path):
                path(directory, self.record.id).unlink(missing_ok=True)


# --- undo -------------------------------------------------------------------------------------


def _conflict(later: Record, rec: Record) -> str:
    """Why ``later`` depends on ``rec`` ('' when it does not)."""
    created = {tuple(k) for k in rec.created_nodes}
    if created & {tuple(k) for k in later.touched_nodes}:
        return "它写入或引用了本次导入新建的节点"
    rels = {tuple(k[:5]) for k in rec.created_rels}
    if rels & {tuple(k[:5]) for k in later.touched_rels}:
        return "它写入了本次导入新建的关系"
    mine = {(c[0], c[1], p) for c in rec.changed_nodes for p in c[2]}
    if mine & {(c[0], c[1], p) for c in later.changed_nodes for p in c[2]}:
        return "它又修改了本次导入修改过的属性"
    mine_r = {(*c[:5], p) for c in rec.changed_rels for p in c[6]}
    if mine_r & {(*c[:5], p) for c in later.changed_rels for p in c[6]}:
        return "它又修改了本次导入修改过的关系属性"
    return ""


def _undo_tx(tx: Transaction, rec: Record) -> None:
    made: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for t, a, ua, b, ub, key in rec.created_rels:
        made.setdefault((t, a, b), []).append({"a": ua, "b": ub, "key": key})
    for (t, a, b), rows in made.items():
        text = cypher(
            "UNWIND $rows AS row MATCH (x:{a} {{uid: row.a}})-[r:{t}]->(y:{b} {{uid: row.b}}) "
            "WHERE coalesce(r.key, '') = row.key AND r.import_id = $import_id DELETE r",
            a=a,
            b=b,
            t=t,
        )
        tx.run(text, rows=rows, import_id=rec.import_id).consume()
    by_rel: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for t, a, ua, b, ub, key, change in rec.changed_rels:
        old = {p: _dec(v[0]) for p, v in change.items()}
        by_rel.setdefault((t, a, b), []).append({"a": ua, "b": ub, "key": key, "old": old})
    for (t, a, b), rows in by_rel.items():
        text = cypher(
            "UNWIND $rows AS row MATCH (x:{a} {{uid: row.a}})-[r:{t}]->(y:{b} {{uid: row.b}}) "
            "WHERE coalesce(r.key, '') = row.key SET r += row.old",
            a=a,
            b=b,
            t=t,
        )
        tx.run(text, rows=rows).consume()
    by_label: dict[str, list[dict[str, Any]]] = {}
    for label, uid, change in rec.changed_nodes:
        by_label.setdefault(label, []).append({"uid": uid, "old": {p: _dec(v[0]) for p, v in change.items()}})
    for label, rows in by_label.items():
        text = cypher("UNWIND $rows AS row MATCH (n:{label} {{uid: row.uid}}) SET n += row.old", label=label)
        tx.run(text, rows=rows).consume()
    created: dict[str, list[str]] = {}
    for label, uid in rec.created_nodes:
        created.setdefault(label, []).append(uid)
    for label, uids in created.items():
        text = cypher("UNWIND $uids AS u MATCH (n:{label} {{uid: u}}) DETACH DELETE n", label=label)
        for start in range(0, len(uids), BATCH):
            tx.run(text, uids=uids[start : start + BATCH]).consume()
    tx.run(
        "MATCH (r:ImportRun {uid: $import_id}) "
        "SET r.records = [x IN coalesce(r.records, []) WHERE x <> $rid]",
        import_id=rec.import_id,
        rid=rec.id,
    ).consume()
    if rec.run_created:
        tx.run(
            "MATCH (r:ImportRun {uid: $import_id}) WHERE size(coalesce(r.records, [])) = 0 DETACH DELETE r",
            import_id=rec.import_id,
        ).consume()


def undo(graph: Graph, rid: str, who: str | None = None, home: Path | None = None) -> Record:
    """Take back exactly what import ``rid`` did, in one transaction; refuse when a later
    committed import depends on it (naming that import), and at once when another import or
    undo is running (:class:`kg.graph.writelock.WriterBusy`)."""
    from kg.graph.writelock import UNDO_WAIT_SECONDS, writer

    directory = history_dir(home)
    with writer("撤销", who or os_user(), wait=UNDO_WAIT_SECONDS, home=home), _locked(directory):
        all_recs = records(home, graph)
        rec = get(rid, home)
        rec = next(r for r in all_recs if r.id == rec.id)
        if rec.status == "undone":
            raise UndoRefused(f"导入记录 {rec.id} 已于 {rec.undone_at} 撤销")
        if rec.status != "committed":
            raise UndoRefused(f"导入记录 {rec.id} 未写入图谱（状态 {rec.status}），无需撤销")
        for later in all_recs:
            if later.seq > rec.seq and later.status == "committed":
                why = _conflict(later, rec)
                if why:
                    raise UndoRefused(
                        f"不能撤销导入 {rec.id}：之后的导入 {later.id}（{later.who}，{later.at}）"
                        f"依赖它——{why}；请先撤销导入 {later.id}"
                    )
        with graph.driver.session(database=graph.database) as session:
            session.execute_write(_undo_tx, rec)
        rec.status = "undone"
        rec.undone_at = _now()
        rec.undone_by = who or os_user()
        _save_state(directory, rec)
    from kg.analyses.store import after_import

    after_import(graph, rec)  # the stored collaboration analysis follows the data back
    return rec


def file_list(tables: list[Any] | Any) -> list[dict[str, str]]:
    """The distinct files of these tables with their sha256 (a workbook's sheets are one file)."""
    seen: dict[tuple[str, str], None] = {}
    for t in tables:
        seen[(t.file, t.sha256)] = None
    return [{"name": name, "sha256": digest} for name, digest in seen]
