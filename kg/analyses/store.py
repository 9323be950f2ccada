"""Collaboration results computed once per data version and stored in the graph (issue #11).

``refresh`` (``kg analyse``; run after every import) computes the district's analysis and each
chain's, and stores each as one ``(:CollabAnalysis {uid: scope})`` node: the result lists, every
node's community, betweenness and degree, and the weighted ties, stamped with the data
version (:func:`data_version`), with the firms whose partners are 未掌握 and why an empty
answer is empty (so a page shows them without computing). Readers (``kg collab``, the explorer,
:mod:`kg.analyses.netview`) load them with one indexed read and compare the stamp with the
current version: a page never computes a whole-district analysis.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kg.analyses import collab, coverage, gaps, overview, pipeline, resultstore
from kg.analyses.collabnet import Network
from kg.graph.connection import summarised
from kg.querylib import fetch

DISTRICT = "*"
REFRESH_HINT = "运行 `kg analyse` 重新计算（每次导入后会自动计算）"

# one transaction: the network's arrays replace every property of the scope's node, then the rest;
# it stays open while the analysis computes (seconds; minutes at most on a slow server)
SAVE_TIMEOUT_S = 1800
SAVE_NETWORK = "MERGE (a:CollabAnalysis {uid: $scope}) SET a = $props, a.uid = $scope"
SAVE_RESULT = """
MATCH (a:CollabAnalysis {uid: $scope})
SET a += $props, a.uid = $scope, a.name = $name, a.search_text = $name,
    a.source = 'kg analyse', a.sources = ['kg analyse'], a.import_id = $props.version
"""

CHAINS = "MATCH (c:IndustryChain) RETURN c.uid AS uid ORDER BY uid"


@dataclass
class Stored:
    """A stored analysis as read back; ``stale`` when the data changed since it was computed."""

    scope: str
    version: str
    current: str
    at: str
    seconds: float
    method: str
    result: dict[str, list[dict[str, Any]]]
    raw: dict[str, Any]
    partners_unknown: list[dict[str, Any]] = field(default_factory=list)  # 未掌握, not isolates
    empty_reasons: dict[str, str] = field(default_factory=dict)  # why an empty answer is empty

    @property
    def stale(self) -> bool:
        return self.version != self.current


def data_version(graph: Any) -> str:
    """The data version: which import runs were applied (a digest of their ids) and the node and
    tie counts. Re-importing the same files keeps it (so nothing is recomputed); importing new
    files, or writing nodes or ties any other way, changes it."""
    row = fetch(graph, "data_version")[0]
    runs = hashlib.sha256(json.dumps(sorted(row["runs"] or [])).encode()).hexdigest()[:12]
    return f"{runs}|{row['nodes']}|{row['rels']}"


def scope_of(chain: str | None) -> str:
    return DISTRICT if chain is None else chain


def status_message(stored: Stored | None, chain: str | None = None) -> str:
    """What a page says about missing or stale results (empty when they are current)."""
    where = "全区" if chain is None else f"“{chain}”产业链"
    if stored is None:
        return f"{where}的合作网络分析结果尚未计算。{REFRESH_HINT}。"
    if stored.stale:
        return (
            f"{where}的合作网络分析结果计算于 {stored.at}，此后数据已变化，显示的是旧结果。{REFRESH_HINT}。"
        )
    return ""


def _network_props(g: Network) -> dict[str, Any]:
    """The stored arrays of the network itself (known once it is read)."""
    keys = g.keys  # flat lists already (kg.analyses.collabnet): each stored list is one pass
    data = [g.nodes[k] for k in keys]  # one lookup per node (100k nodes at scale), read by every list
    dumps = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(..., ensure_ascii=False) does
    # a few dozen distinct chain lists and kind lists among 100k nodes and 200k ties: encode each once
    chains_json: dict[tuple[str, ...], str] = {}
    kinds_text: dict[tuple[str, ...], str] = {}
    return {
        "keys": keys,
        "names": [d["name"] for d in data],
        "labels": [d["label"] for d in data],
        "tiers": [d.get("tier") or "" for d in data],
        "local": [bool(d["local"]) for d in data],
        "samples": [bool(d["sample"]) for d in data],
        "chains_json": [_once(chains_json, tuple(d["chains"]), dumps) for d in data],
        "degree": g.degrees,
        "edge_a": g.edge_a,
        "edge_b": g.edge_b,
        "edge_weight": [int(w) for w in g.weights],
        "edge_kinds": [_once(kinds_text, tuple(k), ",".join) for k in g.kinds],
    }


def _result_props(analysed: collab.Analysed, version: str, chain: str | None) -> dict[str, Any]:
    """The rest: what the analysis computed on the network."""
    g = analysed.network
    membership = {k: i for i, members in enumerate(analysed.groups, start=1) for k in members}
    return {
        "chain": chain,
        "version": version,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(analysed.seconds, 3),
        "method": analysed.method,
        "community": [membership.get(k, 0) for k in g.keys],
        "betweenness": [float(analysed.scores.get(k, 0.0)) for k in g.keys],
        "result_json": json.dumps(analysed.result, ensure_ascii=False),
        "partners_unknown_json": json.dumps(analysed.partners_unknown, ensure_ascii=False),
        "empty_reasons_json": json.dumps(analysed.empty_reasons, ensure_ascii=False),
        "sample": any(bool(g.nodes[k]["sample"]) for k in g.keys)
        or any(r.get("sample") for rows in analysed.result.values() for r in rows),
    }


def _once(memo: dict[tuple[str, ...], str], key: tuple[str, ...], encode: Callable[[Any], str]) -> str:
    found = memo.get(key)
    if found is None:
        found = memo[key] = encode(list(key))
    return found


class _Saving:
    """One scope's analysis stored in one write transaction (replacing the previous one), its
    network arrays sent as soon as the network is read: at 100k they are a dozen lists of 100k
    to 200k values, which the server takes a second or more to receive while igraph computes.

    Every step of the transaction runs on one worker thread, in order (a driver session belongs
    to one thread); a failure anywhere before the commit stores nothing."""

    def __init__(self, graph: Any, chain: str | None) -> None:
        self.scope, self.name = scope_of(chain), "全区" if chain is None else chain
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.graph = graph
        self.session: Any = None
        self.tx: Any = None
        self.sent: Future[dict[str, Any]] | None = None

    def _begin(self) -> None:
        self.session = self.graph.driver.session(database=self.graph.database)
        self.tx = self.session.begin_transaction(timeout=SAVE_TIMEOUT_S)

    def network_read(self, g: Network) -> None:
        # the arrays are built here, before igraph holds the interpreter lock for seconds: built
        # in the worker they waited for it, and so did the server that receives them (at 100k the
        # send then ended after the analysis, which waited for it before its commit); these 0.3 s
        # of Python also let the workers send their queries before igraph starts
        network = _network_props(g)
        self.sent = self.pool.submit(self._send, network)

    def _send(self, network: dict[str, Any]) -> dict[str, Any]:
        self._begin()
        self.tx.run(SAVE_NETWORK, scope=self.scope, props=summarised(network)).consume()
        return network

    def finish(self, analysed: collab.Analysed, version: str, chain: str | None) -> dict[str, Any]:
        """Send the rest and commit; returns everything stored."""
        assert self.sent is not None, "collab.analyse hands the network to network_read"
        network = self.sent.result()
        rest = _result_props(analysed, version, chain)
        self.pool.submit(self._commit, rest).result()
        return {**network, **rest}

    def _commit(self, rest: dict[str, Any]) -> None:
        self.tx.run(SAVE_RESULT, scope=self.scope, props=summarised(rest), name=self.name).consume()
        self.tx.commit()

    def close(self) -> None:
        """Roll back unless committed, and close the session (after the worker is done)."""
        try:
            self.pool.submit(self._close).result()
        finally:
            self.pool.shutdown(wait=True)

    def _close(self) -> None:
        with contextlib.ExitStack() as stack:
            if self.session is not None:
                stack.callback(self.session.close)
            if self.tx is not None:
                stack.callback(self.tx.close)  # rolls back unless committed


def load(graph: Any, chain: str | None = None) -> Stored | None:
    """The stored analysis of the district (or a chain), or None when none is stored."""
    rows = fetch(graph, "collab_stored", scope=scope_of(chain))
    if not rows:
        return None
    row = rows[0]
    return Stored(
        scope=scope_of(chain),
        version=row["version"] or "",
        current=data_version(graph),
        at=row["at"] or "",
        seconds=row["seconds"] or 0.0,
        method=row["method"] or "",
        result=json.loads(row["result_json"] or "{}"),
        raw=row,
        partners_unknown=json.loads(row["partners_unknown_json"] or "[]"),
        empty_reasons=json.loads(row["empty_reasons_json"] or "{}"),
    )


def refresh(
    graph: Any,
    chains: list[str] | None = None,
    *,
    district: bool = True,
    only_stale: bool = False,
    progress: Callable[[str, float], None] | None = None,
) -> dict[str, float]:
    """Compute and store the district's analysis and every chain's (or the given ``chains``').

    ``only_stale`` skips scopes whose stored result already belongs to the current version (the
    import hook: re-importing the same files recomputes nothing). Returns seconds per scope.
    The version stamp is read before computing, so data written
    meanwhile makes the result stale rather than silently current."""
    from kg.analyses import derive, netpieces

    started = time.perf_counter()
    derive_missing(graph, derive)
    version = data_version(graph)
    if chains is None:
        with graph.driver.session(database=graph.database) as session:
            chains = [r["uid"] for r in session.run(CHAINS)]
    scopes: list[str | None] = ([None] if district else []) + list(chains)
    seconds: dict[str, float] = {}
    for chain in scopes:
        done: dict[str, Any] = {}  # each answer's rows as computed, for the answers drawn from them
        answers = _answers(graph, chain, done)
        if only_stale and _current(graph, chain, version, [netpieces.START, netpieces.LISTS, *answers]):
            continue
        t = time.perf_counter()
        saving = _Saving(graph, chain)
        try:
            analysed = collab.analyse(graph, chain, network_read=saving.network_read)
            props = saving.finish(analysed, version, chain)
        finally:
            saving.close()
        seconds[scope_of(chain)] = time.perf_counter() - t
        # 协同网络 reads the same network cut in pieces (kg.analyses.netpieces), same version
        seconds[f"net_pieces:{scope_of(chain)}"] = netpieces.save(
            graph, props, analysed.result, version, chain
        )
        for analysis, compute in answers.items():
            t = time.perf_counter()
            # the district's segment statuses: the analysis just counted them, under the same
            # default rule, for the gaps its recommendations serve (not counted twice)
            rows = done[analysis] = analysed.gap_rows if analysis == "segment_statuses" else compute()
            resultstore.save(graph, analysis, chain, rows, version, time.perf_counter() - t)
            seconds[f"{analysis}:{scope_of(chain)}"] = time.perf_counter() - t
        if progress:
            progress(scope_of(chain), seconds[scope_of(chain)])
    seconds["total"] = time.perf_counter() - started
    return seconds


def _answers(graph: Any, chain: str | None, done: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    """The explorer's default answers stored for a scope, in the order they are computed
    (kg.analyses.resultstore); ``done`` holds the rows of those already computed."""
    answers: dict[str, Callable[[], Any]] = {"chain_gaps": lambda: gaps.compute_gaps(graph, chain)}
    if chain is not None:  # 产业链图谱's map, drawn from the chain's gap rows just computed
        answers["chain_map"] = lambda: overview.compute_chain_map(graph, chain, gaps=done["chain_gaps"])
    else:
        answers["key_figures"] = lambda: overview.compute_key_figures(graph)  # 总览's figures
        answers["segment_statuses"] = lambda: gaps.compute_statuses(graph)
        answers["tier_counts"] = lambda: pipeline.compute_tier_counts(graph)
        answers["policy_measures"] = lambda: coverage.compute_measures(graph)
        # 梯度培育's upgrade candidates under the page's default rule
        answers["tier_candidates"] = lambda: pipeline.compute_candidates(graph)
    # the gaps with the measures that answer them (政策对照, 断链补链), after both are stored
    answers["policy_gaps"] = lambda: coverage.compute_policy_gaps(graph, chain)
    return answers


def _current(graph: Any, chain: str | None, version: str, analyses: list[str]) -> bool:
    """Whether the scope's analysis and every answer stored with it belong to ``version`` (a
    database analysed by an older release lacks some answers: those scopes are recomputed)."""
    scope = scope_of(chain)
    uids = [resultstore.uid_of(a, scope) for a in analyses]
    rows = fetch(graph, "stored_versions", scope=scope, uids=uids)
    stored = {r["uid"]: r["version"] for r in rows}
    return all(stored.get(uid) == version for uid in [f"collab:{scope}", *uids])


MISSING_DERIVED = "MATCH (e:Enterprise) WHERE e.top_rank IS NULL RETURN count(e) AS n"


def derive_missing(graph: Any, derive: Any) -> None:
    """Enterprises written without derived facts (a database older than issue #11) get them."""
    with graph.driver.session(database=graph.database) as session:
        if session.run(MISSING_DERIVED).single(strict=True)["n"]:
            derive.refresh_all(graph)


AUTO = True  # benchmarks switch this off to time the import and the analysis separately


def after_import(graph: Any, report: Any) -> Any:
    """The importer's post-import step: refresh the stored analyses unless the import was a dry
    run. The import is already committed; a failure here leaves the results stale (and says so)
    rather than undoing it. Returns ``report`` unchanged so the hook is one line."""
    if AUTO and not getattr(report, "dry_run", False):
        try:
            refresh(graph, only_stale=True)
        except Exception as exc:  # noqa: BLE001 - the data is in; the analysis can be re-run
            import sys

            print(f"导入已完成，但合作网络分析未能计算：{exc}。{REFRESH_HINT}。", file=sys.stderr)
    return report
