"""Run one analyst query read-only. The same runner serves ``kg query``, ``kg run`` and the console.

Layers, strongest first (see NOTES-neo4j-and-security.md):

1. the **plan** decides: ``EXPLAIN`` the statement and walk every operator of ``summary.plan``;
   only operators a read query needs pass (``LoadCSV``, ``Show*``, ``Terminate*``, administration,
   writes and the ``system`` database are refused) and a ``ProcedureCall`` passes only when its
   procedure is on :data:`ALLOWED_PROCEDURES`. ``query_type`` alone is not enough: SHOW, TERMINATE,
   LOAD CSV and read-mode procedures all plan as ``'r'``;
2. a text check, done in one tokenising pass (:mod:`kg.graph.cypher_tokens`), only for what the
   plan does not show: more than one statement, namespaced functions (``apoc.*`` …) and values
   that can grow without bound (:mod:`kg.graph.cypher_growth`). Neo4j's memory limits do not
   count strings and the JVM exits on ``OutOfMemoryError``, so a string doubled thirty times ends
   the server. Every value the query computes is bounded in inputs (a stored value, a parameter,
   64 KB of query text), through ``WITH``/``RETURN``/``UNWIND``/subqueries, whatever the
   variable's spelling; more than 64 inputs, or a ``reduce`` step that makes its accumulator two
   of itself, is refused;
3. the statement runs in a READ-mode transaction, so the server rejects writes as well;
4. every run has a time limit, a row limit and a byte budget per result and per cell, checked
   while rows stream in (small fetches), so a huge result never sits whole in this process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from neo4j import READ_ACCESS, Query
from neo4j.exceptions import ClientError, DriverError, Neo4jError, TransientError

from kg.errors import GraphUnavailable, InvalidArgument, QueryRefused, QueryTimeout
from kg.graph.cypher_tokens import statement_problems

DEFAULT_LIMIT = 1000
DEFAULT_TIMEOUT = 30.0
MAX_LIMIT = 100_000
MAX_TIMEOUT = 3600.0
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_CELL_BYTES = 64 * 1024
# Rows are pulled in small batches so that a result over budget is noticed before it is all here.
FETCH_SIZE = 25
INT64 = (-(2**63), 2**63 - 1)
REFUSED = "只允许只读查询："

ALLOWED_PROCEDURES = frozenset(
    {
        "dbms.components",
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.index.fulltext.querynodes",
        "db.awaitindexes",
    }
)

# Operators of read plans (Neo4j 5.26), after "@db" and "(All)"-style suffixes are removed.
_READ_OPERATORS = frozenset(
    """
    ProduceResults Projection Filter Argument ArgumentTracker Apply SemiApply AntiSemiApply Anti
    LetSemiApply LetAntiSemiApply SelectOrSemiApply SelectOrAntiSemiApply LetSelectOrSemiApply
    LetSelectOrAntiSemiApply ConditionalApply AntiConditionalApply RollUpApply CartesianProduct
    NodeHashJoin ValueHashJoin NodeLeftOuterHashJoin NodeRightOuterHashJoin Optional Union OrderedUnion
    Unwind PartitionedUnwind Limit ExhaustiveLimit Skip Sort PartialSort Top PartialTop EagerAggregation
    OrderedAggregation Distinct OrderedDistinct NodeCountFromCountStore RelationshipCountFromCountStore
    Eager EmptyResult CacheProperties PreserveOrder Expand OptionalExpand VarLengthExpand
    BFSPruningVarExpand PruningVarExpand ProjectEndpoints ShortestPath StatefulShortestPath Repeat
    BidirectionalRepeat NullifyMetadata TriadicSelection TriadicBuild TriadicFilter AssertSameNode
    AssertSameRelationship ProcedureCall Input
    """.split()
)
_READ_SUFFIXES = ("Scan", "Seek", "SeekByRange")


@dataclass
class QueryResult:
    """Rows as plain dicts plus what a user needs to trust them: whether and why they were cut."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    limit: int
    records: list[Any] = field(default_factory=list, repr=False)
    max_bytes: int = DEFAULT_MAX_BYTES
    max_cell_bytes: int = DEFAULT_MAX_CELL_BYTES
    size_bytes: int = 0
    cut_by_rows: bool = False
    cut_by_bytes: bool = False
    cells_cut: int = 0

    @property
    def note(self) -> str | None:
        """One line for the user when the result is not complete, else None."""
        parts = []
        if self.cut_by_rows:
            shown = len(self.rows)
            parts.append(f"只显示前 {shown} 行（first {self.limit} rows shown; raise --limit for more）")
        if self.cut_by_bytes:
            parts.append(
                f"结果超过 {_mb(self.max_bytes)} 上限，只保留前 {len(self.rows)} 行；"
                "请缩小查询范围或只返回需要的属性"
            )
        if self.cells_cut:
            parts.append(f"{self.cells_cut} 个单元格超过 {_mb(self.max_cell_bytes)}，已截断（以 … 结尾）")
        return "；".join(parts) or None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


def check_text(query: str) -> None:
    """Refuse what the plan cannot show (one tokenising pass over strings, names and comments)."""
    problem = statement_problems(query, ALLOWED_PROCEDURES)
    if problem:
        raise QueryRefused(problem)


def _operator_name(operator: str) -> tuple[str, str]:
    base, _, database = operator.partition("@")
    return base.split("(", 1)[0].strip(), database


def check_plan(plan: dict[str, Any] | None) -> bool:
    """Walk every operator of an ``EXPLAIN`` plan; refuse any a read query does not need.

    Returns whether the plan calls an (allowlisted) procedure.
    """
    if not plan:
        raise QueryRefused(REFUSED + "无法取得执行计划")
    calls = False
    stack = [plan]
    while stack:
        node = stack.pop()
        stack.extend(node.get("children") or [])
        name, database = _operator_name(str(node.get("operatorType", "")))
        details = str((node.get("args") or {}).get("Details", ""))
        if database == "system":
            raise QueryRefused(REFUSED + "此语句访问 system 数据库")
        if name == "LoadCSV":
            raise QueryRefused(REFUSED + "此语句包含 LOAD CSV")
        if name.startswith("Show"):
            raise QueryRefused(REFUSED + f"此语句包含 SHOW 命令（{name}）")
        if name.startswith("Terminate"):
            raise QueryRefused(REFUSED + f"此语句包含 TERMINATE 命令（{name}）")
        if name == "AdministrationCommand":
            raise QueryRefused(REFUSED + f"此语句是管理命令（{name}）")
        if name == "ProcedureCall":
            procedure = details.split("(", 1)[0].strip().strip("`")
            if procedure.lower() not in ALLOWED_PROCEDURES:
                raise QueryRefused(REFUSED + f"过程 {procedure} 不在只读允许列表（allowlist）中")
            calls = True
            continue
        if name in _READ_OPERATORS or name.endswith(_READ_SUFFIXES):
            continue
        raise QueryRefused(REFUSED + f"此语句包含非只读操作 {name}")
    return calls


def check_limits(limit: int, timeout: float, max_bytes: int, max_cell_bytes: int) -> None:
    """Refuse limits that are not numbers a run can honour (NaN, infinity, 0, astronomically large)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidArgument(f"行数上限必须是 1 到 {MAX_LIMIT} 之间的整数（--limit），收到 {limit!r}")
    if not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or not 0 < timeout <= MAX_TIMEOUT:
        raise InvalidArgument(
            f"时间上限必须是 0 到 {MAX_TIMEOUT:g} 秒之间的数（--timeout），收到 {timeout!r}"
        )
    if max_bytes < 1 or max_cell_bytes < 1:
        raise InvalidArgument("字节上限必须为正数")


def check_params(params: dict[str, Any]) -> None:
    """Values Bolt cannot carry become one clear line instead of a driver traceback."""

    def walk(name: str, value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
            raise InvalidArgument(f"参数 {name} 超出 64 位整数范围：{str(value)[:40]}")
        if isinstance(value, list):
            for item in value:
                walk(name, item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise InvalidArgument(f"参数 {name} 的键必须是文本")
                walk(name, item)

    for key, value in params.items():
        walk(key, value)


def _plain(value: Any) -> Any:
    """Driver values → JSON-friendly Python (nodes keep labels and properties)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"_path": [_plain(n) for n in value.nodes]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def size_of(value: Any) -> int:
    """Approximate UTF-8 size of a plain value in bytes (strings dominate; scalars count 8)."""
    if isinstance(value, str):
        return len(value) if value.isascii() else len(value.encode("utf-8", "replace"))
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, list):
        return 2 + sum(size_of(v) + 1 for v in value)
    if isinstance(value, dict):
        return 2 + sum(len(str(k)) + size_of(v) + 2 for k, v in value.items())
    return 8


def cut_cell(value: Any, max_cell_bytes: int) -> tuple[Any, bool]:
    """A cell within ``max_cell_bytes``: long text keeps its start and ends with …; else unchanged."""
    size = size_of(value)
    if size <= max_cell_bytes:
        return value, False
    if isinstance(value, str):
        head = value[:max_cell_bytes].encode("utf-8")[: max_cell_bytes - 64].decode("utf-8", "ignore")
        return f"{head}…〔已截断，原长约 {size} 字节〕", True
    return f"…〔已截断：约 {size} 字节的值超过单元格上限 {max_cell_bytes} 字节〕", True


def run_read_only(
    graph: Any,
    query: str,
    params: dict[str, Any] | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_cell_bytes: int = DEFAULT_MAX_CELL_BYTES,
) -> QueryResult:
    """Run ``query`` read-only within a row ``limit``, a ``timeout`` (s) and byte budgets."""
    check_limits(limit, timeout, max_bytes, max_cell_bytes)
    params = dict(params or {})
    check_params(params)
    check_text(query)
    try:
        with graph.driver.session(
            database=graph.database, default_access_mode=READ_ACCESS, fetch_size=FETCH_SIZE
        ) as session:
            try:
                summary = session.run(Query("EXPLAIN " + query, timeout=timeout), params).consume()
            except ClientError as exc:
                raise QueryRefused(f"语句无法执行：{_one_line(exc)}") from exc
            calls_procedure = check_plan(summary.plan)
            # DBMS procedures such as dbms.components plan as 's'; only allowlisted ones got here.
            allowed = {"r", "s"} if calls_procedure else {"r"}
            if summary.query_type not in allowed:
                raise QueryRefused(REFUSED + f"此语句会写入或管理数据库（类型 {summary.query_type!r}）")
            return _fetch(session, query, params, limit, timeout, max_bytes, max_cell_bytes)
    except DriverError as exc:
        raise GraphUnavailable(
            f"查询中连接断开（{type(exc).__name__}）；本地服务器会自动重启，请稍后重试"
        ) from exc


def _fetch(
    session: Any,
    query: str,
    params: dict[str, Any],
    limit: int,
    timeout: float,
    max_bytes: int,
    max_cell_bytes: int,
) -> QueryResult:
    """Stream rows into budgets; stop pulling (and discard the rest) as soon as one is used up."""
    out = QueryResult(
        columns=[], rows=[], truncated=False, limit=limit, max_bytes=max_bytes, max_cell_bytes=max_cell_bytes
    )
    tx = session.begin_transaction(timeout=timeout)
    try:
        result = tx.run(query, params)
        out.columns = list(result.keys())
        for record in result:
            if len(out.rows) >= limit:
                out.cut_by_rows = True
                break
            row, row_size, cells_cut = {}, 0, 0
            for key in out.columns:
                value, was_cut = cut_cell(_plain(record[key]), max_cell_bytes)
                row[key] = value
                row_size += size_of(value)
                cells_cut += was_cut
            if out.size_bytes + row_size > max_bytes:
                out.cut_by_bytes = True
                break
            out.rows.append(row)
            out.size_bytes += row_size
            out.cells_cut += cells_cut
            if not cells_cut:
                out.records.append(record)
            del record
    except Neo4jError as exc:
        if _is_timeout(exc):
            raise QueryTimeout(f"查询超过 {timeout:g} 秒时间上限，已停止") from exc
        if "MemoryPoolOutOfMemoryError" in (exc.code or ""):
            raise QueryRefused(f"查询所需内存超过服务器上限，已停止：{_one_line(exc)}") from exc
        if isinstance(exc, TransientError):
            raise  # the server is starting, stopping or busy (DatabaseUnavailable …): not a refusal
        raise QueryRefused(f"语句无法执行：{_one_line(exc)}") from exc
    finally:
        if not tx.closed():
            try:
                tx.close()
            except Neo4jError:
                pass
    out.truncated = out.cut_by_rows or out.cut_by_bytes
    return out


def _is_timeout(exc: Neo4jError) -> bool:
    code = exc.code or ""
    return "TransactionTimedOut" in code or "Terminated" in code or "timed out" in str(exc.message)


def _one_line(exc: Neo4jError) -> str:
    message = " ".join((exc.message or str(exc)).strip().splitlines()[:1]).strip()
    return f"{message} ({exc.code})" if exc.code else message
