"""Small formatting helpers shared by the explorer's tables, views and exports: values → one readable line."""

from __future__ import annotations

from datetime import date
from typing import Any


def name_of(value: Any) -> str:
    """A display name for an analysis value that is a name, a row dict or a list of either."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("uid") or "")
    if isinstance(value, (list, tuple, set)):
        return "、".join(name_of(v) for v in value if v not in (None, ""))
    return str(value)


def text_of(value: Any) -> str:
    """Evidence, lists and mappings as one readable line (booleans as 是/否)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "；".join(f"{k}：{text_of(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, (list, tuple)):
        return "；".join(text_of(v) for v in value if v not in (None, ""))
    return "" if value is None else str(value)


def is_sample(*values: Any) -> bool:
    """True when any row or node in view is flagged ``sample`` (the 示例数据 badge)."""
    for value in values:
        if isinstance(value, dict):
            if value.get("sample") is True or any(is_sample(v) for v in value.values()):
                return True
        elif isinstance(value, (list, tuple)):
            if any(is_sample(v) for v in value):
                return True
    return False


def today() -> str:
    """Today's date as a briefing prints it (2026年11月27日)."""
    d = date.today()
    return f"{d.year}年{d.month}月{d.day}日"
