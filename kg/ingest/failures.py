"""What to tell the user when the server refuses or loses an import transaction.

Before the commit is sent, a failure means the transaction was rolled back: nothing changed.
When the connection dies *during* the commit, nobody can know whether the server committed: the
message says so and how to check, never "nothing changed".
"""

from __future__ import annotations

import re

from neo4j.exceptions import DriverError, Neo4jError

from kg.config import load_settings
from kg.ingest.model import ImportFailed

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)b?\s*$", re.I)


class ImportOutcomeUnknown(ImportFailed):
    """The connection was lost while committing: the import may or may not have been written."""


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _heap_in_use() -> str | None:
    """The heap the local server was started with (its config), or None for an external server."""
    settings = load_settings()
    if settings.external:
        return None
    conf = settings.home / "conf" / "neo4j.conf"
    try:
        for line in conf.read_text(encoding="utf-8").splitlines():
            if line.startswith("server.memory.heap.max_size="):
                return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return settings.heap


def _bigger(size: str) -> str:
    match = _SIZE.match(size)
    if not match:
        return "更大的值"
    number, unit = float(match[1]), (match[2] or "").lower()
    doubled = number * 2
    return f"{int(doubled) if doubled.is_integer() else doubled}{unit}"


def heap_hint() -> str:
    """Advice for a transaction that did not fit in the server's memory."""
    heap = _heap_in_use()
    if heap is None:
        return "整个导入是一个事务：请在数据库服务器上调大 server.memory.heap.max_size，或分批导入"
    return (
        f"整个导入是一个事务，当前堆内存 {heap} 不够：设 KG_HEAP={_bigger(heap)} 后运行 `kg server stop`"
        "（下一条命令会以新设置重启服务器），或分批导入"
    )


def import_failure(exc: Neo4jError | DriverError, import_id: str, committing: bool) -> ImportFailed:
    """The one-line error for a failed write; ``committing`` is True once the commit was sent."""
    message = _first_line(exc)
    if committing and isinstance(exc, DriverError):
        return ImportOutcomeUnknown(
            f"导入结果未知：提交时与数据库的连接中断（{message}），无法确定是否已写入。"
            f'请检查：kg query "MATCH (r:ImportRun {{uid: $id}}) RETURN r.at, r.runs" --param id={import_id}'
            "（有结果且时间为本次 = 已写入）；重新运行同一导入是安全的，相同文件不会重复写入"
        )
    if "OutOfMemory" in str(getattr(exc, "code", "")) or "OutOfMemory" in message:
        message += " — " + heap_hint()
    return ImportFailed(f"导入失败，事务已回滚，图谱没有任何改动：{message}")
