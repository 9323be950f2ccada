"""Why the console did not run a query, in one Chinese line.

The read-only runner (``kg.graph.readonly``) and the query library say why in English for the CLI;
an analyst in the explorer reads Chinese. Known reasons are translated; any other reason keeps its
text after a Chinese lead, so nothing is hidden.
"""

from __future__ import annotations

import re

from kg.errors import QueryRefused, QueryTimeout
from kg.querylib import QueryLibraryError

NOTHING_CHANGED = "控制台只运行只读查询，数据未做任何改动。"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_READ_ONLY_LEAD = "只允许只读查询："

_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"only read queries run here", re.I), "这是写入或管理语句"),
    (re.compile(r"procedure (\S+) is not on the .*allowlist", re.I), r"过程 \1 不在只读允许列表中"),
    (re.compile(r"function (\S+) is not allowed", re.I), r"函数 \1 不允许在控制台使用"),
    (re.compile(r"LOAD CSV", re.I), "不允许 LOAD CSV（读取外部文件）"),
    (re.compile(r"periodic commit|IN TRANSACTIONS", re.I), "不允许分批提交（那是写入）"),
    (re.compile(r"one statement at a time", re.I), "一次只能运行一条语句"),
    (re.compile(r"empty query", re.I), "查询为空"),
    (re.compile(r"\b(SHOW|TERMINATE)\b", re.I), "不允许 SHOW / TERMINATE 等管理命令"),
    (re.compile(r"SyntaxError|Invalid input", re.I), "Cypher 语法有误"),
]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def refusal_zh(exc: BaseException, *, timeout: float | None = None) -> str:
    """One Chinese line for a refused, timed-out or malformed console query."""
    detail = _one_line(str(exc))
    if isinstance(exc, QueryTimeout):
        limit = f"{timeout:g} 秒" if timeout else "时间上限"
        return f"查询超时：运行超过 {limit} 已停止。可缩小查询范围或提高时间上限后再运行。"
    if isinstance(exc, QueryLibraryError):
        return f"参数有误：{_params_zh(detail)}"
    if isinstance(exc, ValueError):
        return f"参数有误：{detail}"
    if _CJK.search(detail):  # the runner already said it in Chinese
        said = detail.removeprefix(_READ_ONLY_LEAD).rstrip("。")
        return f"已拒绝：{said}。{NOTHING_CHANGED}"
    for pattern, reason in _REASONS:
        found = pattern.search(detail)
        if found:
            said = found.expand(reason)
            if "语法" in said:
                return f"已拒绝：{said}（{detail}）。{NOTHING_CHANGED}"
            return f"已拒绝：{said}。{NOTHING_CHANGED}"
    if isinstance(exc, QueryRefused):
        return f"已拒绝：{detail}。{NOTHING_CHANGED}"
    return f"无法完成：{detail}"


def _params_zh(detail: str) -> str:
    found = re.search(r"parameter (\w+) must be (\w+), got (.+)$", detail)
    if found:
        kinds = {"int": "整数", "float": "数字", "bool": "是/否", "str": "文本", "list": "列表"}
        name, kind, got = found.groups()
        return f"{name} 应为{kinds.get(kind, kind)}，收到 {got}"
    found = re.search(r"needs --param (\w+)", detail)
    if found:
        return f"缺少必填参数 {found.group(1)}"
    return detail
