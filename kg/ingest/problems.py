"""Problem collection: every problem of an import, each with file, row, column, value and reason.

Listing is capped per level (``import_limits.listed_problems``): a file with hundreds of thousands
of bad rows gets the first ones listed and one line saying how many more there are, instead of a
listing nobody can read (and that takes minutes to print).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.graph.schema import load_schema
from kg.ingest.model import Problem

PREVIEW_CHARS = 80  # a value longer than this is shown shortened in a problem


def preview(value: Any) -> str:
    """A problem's value as text, shortened so one huge cell cannot flood the listing."""
    text = "" if value is None else str(value)
    if len(text) > PREVIEW_CHARS:
        return f"{text[:PREVIEW_CHARS]}…（共 {len(text)} 字符）"
    return text


@dataclass(slots=True)
class Where:
    """The file and row a problem belongs to."""

    file: str
    row: int | None = None

    def text(self) -> str:
        return f"{self.file} 第{self.row}行" if self.row is not None else self.file


@dataclass
class Problems:
    """Collects problems; keeps the first ``cap`` of each level and counts the rest."""

    cap: int = field(default_factory=lambda: load_schema().import_limits.listed_problems)
    listed: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0})

    def add(
        self,
        where: Where,
        column: str,
        value: Any,
        reason: str,
        suggestion: str = "",
        level: str = "error",
    ) -> None:
        self.counts[level] = self.counts.get(level, 0) + 1
        if self.counts[level] > self.cap:
            return
        self.listed.append(Problem(where.file, where.row, column, preview(value), reason, suggestion, level))

    def warn(self, where: Where, column: str, value: Any, reason: str, suggestion: str = "") -> None:
        self.add(where, column, value, reason, suggestion, level="warning")

    def extend(self, problems: list[Problem]) -> None:
        for p in problems:
            self.add(Where(p.file, p.row), p.column, p.value, p.reason, p.suggestion, p.level)

    def take(self) -> tuple[list[Problem], dict[str, int]]:
        """What was found so far (listed problems, counts), handed over; collecting starts again."""
        found = self.listed, self.counts
        self.listed, self.counts = [], {"error": 0, "warning": 0}
        return found

    def interleave(
        self,
        at: int,
        inserted: tuple[list[Problem], dict[str, int]],
        appended: tuple[list[Problem], dict[str, int]],
    ) -> None:
        """Take in problems found elsewhere (a forked child's: its listed ones and its counts) as
        if they had been found here: ``inserted`` right after the first ``at`` listed, ``appended``
        after the last. Each part listed its own first ``cap`` of each level, so the first
        ``cap`` of the whole sequence are among them: the listing is the one found in one go."""
        totals = dict(self.counts)
        for _, counts in (inserted, appended):
            for level, n in counts.items():
                totals[level] = totals.get(level, 0) + n
        sequence = [*self.listed[:at], *inserted[0], *self.listed[at:], *appended[0]]
        seen: dict[str, int] = {}
        self.listed = []
        for problem in sequence:
            seen[problem.level] = seen.get(problem.level, 0) + 1
            if seen[problem.level] <= self.cap:
                self.listed.append(problem)
        self.counts = totals

    @property
    def errors(self) -> int:
        return self.counts.get("error", 0)

    def result(self) -> list[Problem]:
        """Errors first, then by file and row; one closing line per level whose listing was cut."""
        ordered = sorted(self.listed, key=lambda p: (p.level != "error", p.file, p.row or 0))
        out: list[Problem] = []
        for level, zh in (("error", "错误"), ("warning", "警告")):
            out += [p for p in ordered if p.level == level]
            hidden = self.counts.get(level, 0) - self.cap
            if hidden > 0:
                out.append(
                    Problem(
                        "",
                        None,
                        "",
                        "",
                        f"另有 {hidden} 个{zh}未列出（共 {self.counts[level]} 个，只列出前 {self.cap} 个）",
                        "先改正已列出的问题再校验",
                        level,
                        more=hidden,
                    )
                )
        return out
