"""Names a reader understands: a community is called after what it is — its dominant chain, its
dominant technology field and its best-connected member — e.g. "6G·射频与微波器件（锐康等）"."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from kg.vocab import NO_DATA

SAMPLE_MARK = "示例·"
# Where a firm is registered, as it opens the name (the generator and real lists alike).
REGIONS = ("上海市", "上海", "苏州市", "苏州", "杭州市", "杭州", "北京", "深圳", "江苏", "浙江", "中国")
SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")
TRADE_WORDS = ("科技", "技术", "信息", "电子", "智能", "实业")
BRACKETS = re.compile(r"[（(][^）)]*[）)]")


def short_name(name: str, label: str = "Enterprise") -> str:
    """The part of a name people say: 示例·上海瑞凌医学影像科技有限公司 → 瑞凌; 东华大学 stays."""
    text = name.removeprefix(SAMPLE_MARK)
    if label != "Enterprise":
        return text
    text = BRACKETS.sub("", text)
    for region in REGIONS:
        if text.startswith(region) and len(text) > len(region) + 1:
            text = text[len(region) :]
            break
    for suffix in SUFFIXES:
        text = text.removesuffix(suffix)
    changed = True
    while changed:
        changed = False
        for word in TRADE_WORDS:
            if text.endswith(word) and len(text) > len(word) + 1:
                text, changed = text[: -len(word)], True
    return text if len(text) <= 4 else text[:2]


def dominant(values: Iterable[str]) -> str | None:
    """The most frequent value, ties broken by name (deterministic)."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def community_name(chain: str | None, field: str | None, hub: str | None) -> str:
    """ "链·领域（核心成员等）"; a part the graph does not know is left out (research-only groups
    have no chain), and a community with nothing known is 未掌握领域."""
    head = "·".join(part for part in (chain, field) if part) or f"领域{NO_DATA}"
    return f"{head}（{hub}等）" if hub else head
