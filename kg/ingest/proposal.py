"""A list whose required columns are missing after aliases: propose which of its columns they are.

Evidence comes from the headers (rapidfuzz similarity to a column's header and aliases) and from
the cells (a column of valid credit codes is 统一社会信用代码, of organisation names 企业名称, of tier
names 资质, of dates 认定日期). Nothing is applied: the proposal stops the read with one message
that lists the file's headers and the proposal as a ready ``--columns`` argument, which the user
checks and passes back (``kg import FILE --columns '单位名称=企业名称'``).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from kg.graph.schema import load_schema
from kg.ingest.cells import DATE
from kg.ingest.model import IngestError
from kg.ingest.templates import Column, Template, fold, header_key, ignored_header, templates
from kg.ingest.uscc import problem as uscc_problem

SAMPLE_ROWS = 200  # cells looked at per column
CELLS_MIN = 0.8  # share of a column's cells that must fit a column's kind of value
HEADER_MIN = 75.0  # rapidfuzz ratio (0–100) of a header to a column's header or alias
ORG_NAME = re.compile(
    r"(公司|厂|集团|研究院|研究所|中心|事务所|合作社|商行|门市部|工作室|协会|大学|学院|医院)$|有限"
)


@dataclass(frozen=True)
class Guess:
    header: str  # the file's header
    column: Column  # the template column it is proposed to be
    why: str  # the evidence, in Chinese


class ColumnsProposal(IngestError):
    """A file lacks required columns; ``mapping`` (file header → template header) is the proposal,
    ``command`` the ready ``kg import`` line that applies it."""

    def __init__(
        self, reason: str, command: str, template: Template, headers: list[str], mapping: dict[str, str]
    ) -> None:
        super().__init__(f"{reason}核对无误后运行：{command}")
        self.reason = reason
        self.command = command
        self.template = template
        self.headers = headers
        self.mapping = mapping


def parse_columns(text: str | None) -> dict[str, str]:
    """``'单位名称=企业名称,信用代码=统一社会信用代码'`` → {file header: template header}.

    Each template header (or alias) must be a column of some template: a typo is refused here,
    not silently kept as an unknown column.
    """
    if not text or not text.strip():
        return {}
    known = {
        header_key(h): c.header
        for t in templates().values()
        for c in t.all_columns
        for h in (c.header, *c.aliases)
    }
    mapping: dict[str, str] = {}
    for part in re.split(r"[,，;；\n]+", text):
        if not part.strip():
            continue
        source, sep, target = part.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise IngestError(f"--columns：无法理解“{part.strip()}”，应写成 文件中的列=模板的列")
        column = known.get(header_key(target))
        if column is None:
            raise IngestError(f"--columns：“{target.strip()}”不是任何模板的列")
        mapping[header_key(source)] = column
    return mapping


def rename(grid: list[list[str]], mapping: Mapping[str, str], rows: int) -> None:
    """Rename the header cells the mapping names, in the top ``rows`` rows (where headers are)."""
    if not mapping:
        return
    for row in grid[:rows]:
        for i, cell in enumerate(row):
            if cell and (target := mapping.get(header_key(cell))) is not None:
                row[i] = target


def _share(cells: list[str], fits: Callable[[str], bool]) -> float:
    return sum(1 for c in cells if fits(c)) / len(cells) if cells else 0.0


def _tier_names() -> set[str]:
    return {fold(name) for name in load_schema().tier_by_name()}


def _cell_kind(tpl: Template, col: Column) -> tuple[str, Callable[[str], bool]] | None:
    """What a column's values look like, when that can be told from the cells alone."""
    if col.key == "credit_code":
        return "是有效的统一社会信用代码", lambda c: len(c.strip()) == 18 and uscc_problem(c) is None
    if col.key == "name" and tpl.identity in ("enterprise", "institution"):
        return "像单位名称", lambda c: ORG_NAME.search(c.strip()) is not None
    if any(t.resolve == "tier" for t in col.targets):
        tiers = _tier_names()
        return "是资质（梯度）名称", lambda c: fold(re.sub(r"[(（].*$", "", c)) in tiers
    if col.type == "date":
        return "是日期", lambda c: (m := DATE.match(c.strip())) is not None and bool(m["m"] or m["m8"])
    return None


def _header_score(header: str, col: Column) -> float:
    key = header_key(header)
    return max(fuzz.ratio(key, header_key(alias)) for alias in (col.header, *col.aliases))


def _guesses(tpl: Template, headers: list[str], rows: list[list[str]]) -> list[Guess]:
    """The best unmapped header for each column the headers lack (each header used once)."""
    matched = {c.key for h in headers if h and (c := tpl.match_header(h))}
    free = [i for i, h in enumerate(headers) if h and not tpl.match_header(h) and not ignored_header(h)]
    scored: list[tuple[float, int, Column, str]] = []
    for col in tpl.columns:
        if col.key in matched:
            continue
        kind = _cell_kind(tpl, col)
        for i in free:
            cells = [r[i] for r in rows[:SAMPLE_ROWS] if i < len(r) and r[i]]
            by_header = _header_score(headers[i], col)
            if kind is not None and (share := _share(cells, kind[1])) >= CELLS_MIN:
                scored.append((100 + share, i, col, f"该列 {share:.0%} 的值{kind[0]}"))
            elif by_header >= HEADER_MIN and (col.required or kind is None or cells):
                scored.append((by_header, i, col, f"表头与“{col.header}”相近"))
    out: list[Guess] = []
    used_headers: set[int] = set()
    used_columns: set[str] = set()
    for _, i, col, why in sorted(scored, key=lambda s: -s[0]):
        if i in used_headers or col.key in used_columns:
            continue
        used_headers.add(i)
        used_columns.add(col.key)
        out.append(Guess(headers[i], col, why))
    return out


def propose(
    headers: list[str], rows: list[list[str]], hinted: list[Template], where: str, arg: str
) -> ColumnsProposal | None:
    """The proposal for a file whose headers fit no template, or None when nothing can be said."""
    best: tuple[tuple[int, int, int], Template, list[Guess], list[Column]] | None = None
    for tpl in templates().values():
        guesses = _guesses(tpl, headers, rows)
        found = {c.key for h in headers if h and (c := tpl.match_header(h))} | {g.column.key for g in guesses}
        missing = [c for c in tpl.required if c.key not in found]
        known = sum(1 for h in headers if h and tpl.match_header(h))
        rank = (-len(missing), int(tpl in hinted), known + len(guesses))
        if best is None or rank > best[0]:
            best = (rank, tpl, guesses, missing)
    if best is None or not best[2]:
        return None
    _, tpl, guesses, missing = best
    required = [c.header for c in tpl.required if not any(tpl.match_header(h) is c for h in headers if h)]
    mapping = {g.header: g.column.header for g in guesses}
    argument = ",".join(f"{h}={c}" for h, c in mapping.items())
    lines = [
        f"{where}：缺少必填列 {'、'.join(required)}（{tpl.zh}）。",
        f"文件的表头：{'、'.join(h for h in headers if h)}。",
        "建议的列对应：" + "；".join(f"{g.header} → {g.column.header}（{g.why}）" for g in guesses) + "。",
    ]
    if missing:
        lines.append(f"仍无法确定：{'、'.join(c.header for c in missing)}，请在 --columns 中补上。")
    command = f"kg import {shlex.quote(arg)} --columns {shlex.quote(argument)}"
    return ColumnsProposal("".join(lines), command, tpl, [h for h in headers if h], mapping)
