"""Cell conversion: one text cell → a typed value, or a problem that says why not.

Text is cleaned first (invisible format characters removed, with a warning, so 东华\\u200b大学
matches 东华大学) and bounded (a cell, and tighter a name, has a maximum length: a 12,000-character
name fails here, not in the server's index).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg.graph.schema import ImportLimits, load_schema
from kg.ingest.problems import Problems, Where
from kg.ingest.resolve import closest
from kg.ingest.templates import FORMAT_CHARS, Column, fold, split_list
from kg.ingest.vocabularies import vocabulary
from kg.vocab import YEAR_FLOOR

TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "对"}
FALSE = {"否", "n", "no", "false", "0", "×", "✗", ""}
MEMO_TEXTS = 1 << 14  # distinct texts whose value one column remembers (see Cells.converter)
Convert = Callable[[Where, str, str], Any]  # (where, header, text) → value, or None when reported
YEAR_OF_DATE = re.compile(r"^(\d{4})[-/.年]\d{1,2}")  # a date in a year column: its year
# A date as lists write it: 2024-12-05, 2024/12/5, 2024.12.05, 2024年12月5日, 20241205, 2024-12, 2024年
# (an .xlsx date cell arrives as ISO text, perhaps with a time after it).
DATE = re.compile(
    r"^(?P<y>\d{4})(?:(?:[-/.年](?P<m>\d{1,2})(?:[-/.月](?P<d>\d{1,2})日?)?月?)|(?P<m8>\d{2})(?P<d8>\d{2}))?年?"
    r"(?:[T\s].*)?$"
)


def invisible_codes(text: str) -> str:
    """The format characters in ``text`` as ``U+200B、U+2060`` (for the warning)."""
    found = dict.fromkeys(FORMAT_CHARS.findall(text))
    return "、".join(f"U+{ord(ch):04X}" for ch in found)


@dataclass
class Cells:
    """Cleans and converts the cells of one import, reporting into ``problems``."""

    problems: Problems
    limits: ImportLimits = field(default_factory=lambda: load_schema().import_limits)
    year_floor: int = YEAR_FLOOR
    year_now: int = field(default_factory=lambda: dt.date.today().year)

    def clean(self, where: Where, header: str, text: str) -> str | None:
        """Trimmed text without invisible characters; None (and an error) when it is too long."""
        text = text.strip()
        if not text:
            return text
        if not text.isascii() and FORMAT_CHARS.search(text):
            plain = FORMAT_CHARS.sub("", text)
            self.problems.warn(
                where,
                header,
                plain,
                f"已删除不可见字符 {invisible_codes(text)}",
                "请在原文件中删除这些字符",
            )
            text = plain.strip()
        if len(text) > self.limits.cell_chars:
            self.problems.add(
                where,
                header,
                text,
                f"单元格过长：{len(text)} 字符（上限 {self.limits.cell_chars}）",
                "删除多余内容；长文本不属于导入模板",
            )
            return None
        return text

    def converter(self, col: Column) -> tuple[int, Convert]:
        """How the cells of ``col`` convert, chosen once per table: the longest text that is its own
        value (a text column without choices; -1 for any other) and how any other text converts.

        A text seen before in the column converts as it did (its value remembered, up to
        ``MEMO_TEXTS`` of them): a large import repeats the same years, choices and lists in
        row after row. Failures are not remembered, so each bad cell is reported.
        """
        convert = self.convert
        if col.type == "str" and not col.choices and not col.vocabulary:
            plain = self.limits.name_chars if col.name_like else self.limits.cell_chars
            return plain, lambda where, header, text: convert(where, col, header, text)
        memo: dict[str, Any] = {}

        def scalar(where: Where, header: str, text: str) -> Any:
            value = memo.get(text)
            if value is None:
                value = convert(where, col, header, text)
                if value is not None and len(memo) < MEMO_TEXTS:
                    memo[text] = value
            return value

        def items(where: Where, header: str, text: str) -> list[str] | None:
            known = memo.get(text)
            if known is not None:
                return list(known)  # each row its own list
            value = convert(where, col, header, text)
            if value is not None and len(memo) < MEMO_TEXTS:
                memo[text] = tuple(value)
            return value

        return -1, items if col.type == "list" else scalar

    def convert(self, where: Where, col: Column, header: str, text: str) -> Any:
        """The typed value of a non-empty, cleaned cell, or None after reporting the problem."""
        if col.type == "list":
            items = split_list(text)
            if col.name_like and not self._names_fit(where, header, items):
                return None
            return items
        if col.name_like and len(text) > self.limits.name_chars:
            self._names_fit(where, header, [text])
            return None
        if col.type in ("int", "year"):
            return self._integer(where, col, header, text)
        if col.type == "date":
            return self._date(where, header, text)
        if col.type == "float":
            try:
                return float(unicodedata.normalize("NFKC", text))
            except ValueError:
                self.problems.add(where, header, text, "应为数字")
                return None
        if col.type == "bool":
            folded = fold(text)
            if folded in TRUE:
                return True
            if folded in FALSE:
                return False
            self.problems.add(where, header, text, "应为 是 或 否")
            return None
        if col.choices:
            return self._choice(where, col, header, text)
        if col.vocabulary:
            return self._vocabulary(where, col, header, text)
        return text

    def year_in_range(self, year: int) -> bool:
        return self.year_floor <= year <= self.year_now

    def _names_fit(self, where: Where, header: str, items: list[str]) -> bool:
        limit = self.limits.name_chars
        if len(items) == 1 and len(items[0]) <= limit:
            return True
        long = [item for item in items if len(item) > limit]
        for item in long:
            self.problems.add(
                where,
                header,
                item,
                f"名称过长：{len(item)} 字符（上限 {limit}）",
                "名称、代码应简短；说明请写入“说明”列",
            )
        return not long

    def _integer(self, where: Where, col: Column, header: str, text: str) -> int | None:
        plain = unicodedata.normalize("NFKC", text)
        date = YEAR_OF_DATE.match(plain) if col.type == "year" else None
        try:
            number = int(date[1]) if date else int(float(plain.rstrip("年")))
        except (ValueError, OverflowError):
            self.problems.add(where, header, text, "应为整数")
            return None
        low, high = col.min, col.max
        if col.type == "year":
            low = self.year_floor if low is None else low
            high = self.year_now if high is None else high
        if (low is not None and number < low) or (high is not None and number > high):
            self.problems.add(where, header, text, f"超出范围 {low}–{high}")
            return None
        return number

    def _date(self, where: Where, header: str, text: str) -> str | None:
        """ISO text of a date, as precise as the cell: 2024-12-05, 2024-12 or 2024."""
        match = DATE.match(unicodedata.normalize("NFKC", text).strip())
        if match is None:
            self.problems.add(where, header, text, "应为日期", "如 2024-12-05 或 2024年12月5日")
            return None
        year, month, day = int(match["y"]), match["m"] or match["m8"], match["d"] or match["d8"]
        if not self.year_in_range(year):
            self.problems.add(where, header, text, f"年份超出范围 {self.year_floor}–{self.year_now}")
            return None
        try:
            dt.date(year, int(month or 1), int(day or 1))
        except ValueError:
            self.problems.add(where, header, text, "不是有效的日期")
            return None
        if day:
            return f"{year:04d}-{int(month):02d}-{int(day):02d}"
        return f"{year:04d}-{int(month):02d}" if month else f"{year:04d}"

    def _vocabulary(self, where: Where, col: Column, header: str, text: str) -> str | None:
        """The canonical value of a vocabulary; an unknown one kept (warning) or refused (error)."""
        vocab = vocabulary(col.vocabulary)
        found = vocab.check(text)
        if found.value is not None:
            return found.value
        self.problems.add(where, header, text, found.reason, found.suggestion, vocab.level)
        return text if vocab.level == "warning" else None

    def _choice(self, where: Where, col: Column, header: str, text: str) -> str | None:
        folded = fold(text)
        for choice in col.choices:
            if fold(choice) == folded:
                return choice
        for alias, choice in col.choice_aliases:
            if alias == folded:
                return choice
        self.problems.add(
            where, header, text, f"不在可选值中：{'、'.join(col.choices)}", closest(text, list(col.choices))
        )
        return None
