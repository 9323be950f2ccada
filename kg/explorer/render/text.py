"""Escaping and text measuring shared by the SVG renderers."""

from __future__ import annotations

import html
import unicodedata

FONT_STACK = (
    "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Zen Hei','Microsoft YaHei','PingFang SC',sans-serif"
)


def esc(value: object) -> str:
    """Escape any value for SVG/HTML text and double- or single-quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def text_width(text: str, size: float) -> float:
    """Approximate rendered width: CJK/full-width glyphs are square, Latin about half."""
    # Ambiguous-width marks (· — “”) are drawn full width by CJK fonts.
    return sum(size if unicodedata.east_asian_width(ch) in "WFA" else size * 0.56 for ch in text)


def fit(text: str, size: float, width: float) -> str:
    """Cut ``text`` with an ellipsis so that it fits ``width`` pixels."""
    if text_width(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > width:
            break
        out += ch
    return out + "…"


SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")


def short_label(name: str) -> str:
    """Drop the legal-form suffix on a drawing (the tooltip and the tables keep the full name)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
