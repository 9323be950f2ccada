"""Files to tables: decode CSV (UTF-8, UTF-8 BOM, GB18030), read .xlsx (merged headers), find the
header row and the template.

Cell values are always read as text (openpyxl ``data_only``: a formula is never evaluated by us, only
its cached value is read; nothing here is ever executed). Inputs are bounded (``import_limits`` in
the schema): file size, an .xlsx's declared unpacked size (checked before parsing: a small file can
unpack to gigabytes) and rows per file. A CSV cell that spans lines is reported: one stray ``"``
otherwise swallows every row after it into a single cell.

A CSV is read as RFC 4180 throughout (what Excel and Python's ``csv`` module write: ``""`` inside a
quoted cell is one ``"``); only the delimiter is detected, from the header line. ``csv.Sniffer``
guessed the whole dialect from the first 4 KB, and a doubled quote after them was then split
silently. A row with more fields than the header is an error: its cells no longer sit under their
headers.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

import defusedxml  # noqa: F401  (openpyxl uses it, when installed, against XML bombs)
from charset_normalizer import from_bytes

from kg.graph.schema import ImportLimits, load_schema
from kg.ingest.model import IngestError, Problem, Table
from kg.ingest.problems import preview
from kg.ingest.proposal import ColumnsProposal, propose, rename
from kg.ingest.templates import Template, fold, templates

HEADER_SCAN_ROWS = 10
DELIMITERS = ",\t;"  # in order of preference when a header line has as many of two
SKIPPED_SHEETS = {"readme", "说明", "填写说明", "使用说明"}


def decode(data: bytes, name: str) -> str:
    """Strict UTF-8 (with or without BOM) first, then GB18030, then a detector as a last resort.

    UTF-8 bytes also decode as GB18030 without error (into nonsense), so the order matters.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise IngestError(f"{name}: cannot tell the text encoding (save it as UTF-8 or GB18030 CSV)")
    return str(best)


def cell_text(value: object) -> str:
    """A cell as trimmed text: 2023.0 → "2023", dates as ISO, None → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def _score(tpl: Template, headers: list[str]) -> int:
    return sum(1 for h in headers if h and any(tpl.match_header(h) is c for c in tpl.columns))


def _required_ok(tpl: Template, headers: list[str]) -> bool:
    found = {c.key for h in headers if h and (c := tpl.match_header(h))}
    return all(c.key in found for c in tpl.columns if c.required)


def _hinted(names: list[str]) -> list[Template]:
    """Templates whose key, Chinese name or listed names appear in the sheet or file name."""
    hits = []
    for tpl in templates().values():
        words = [tpl.key, tpl.zh, *tpl.names]
        for name in names:
            stem = fold(name)
            if any(fold(w) and fold(w) in stem for w in words):
                hits.append(tpl)
                break
    return hits


def choose_template(headers: list[str], names: list[str], where: str) -> Template:
    """The template these headers belong to; the sheet/file name decides a tie."""
    candidates = [t for t in templates().values() if _required_ok(t, headers)]
    if not candidates:
        best = max(templates().values(), key=lambda t: _score(t, headers))
        missing = [
            c.header
            for c in best.columns
            if c.required and not any(best.match_header(h) is c for h in headers if h)
        ]
        raise IngestError(
            f"{where}: headers match no template (closest {best.zh}, missing {'、'.join(missing)})"
        )
    if len(candidates) == 1:
        return candidates[0]
    hinted = [t for t in _hinted(names) if t in candidates]
    # The most specific name wins: "产业链环节" also contains "产业链".
    hinted.sort(
        key=lambda t: -max(len(w) for w in (t.zh, *t.names) if any(fold(w) in fold(n) for n in names))
    )
    if hinted:
        return hinted[0]
    scores = sorted(((_score(t, headers), t.key) for t in candidates), reverse=True)
    if scores[0][0] > scores[1][0]:
        return templates()[scores[0][1]]
    options = "、".join(t.zh for t in candidates)
    raise IngestError(f"{where}: headers fit several templates ({options}); name the sheet or file after one")


def _header_row(grid: list[list[str]]) -> int:
    """Index of the header row: the first of the top rows that best matches some template."""
    best, best_idx = 0, -1
    for idx, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        score = max(_score(t, row) for t in templates().values())
        if score > best:
            best, best_idx = score, idx
    return best_idx


def _headers(grid: list[list[str]], idx: int, tpl: Template | None = None) -> list[str]:
    """Column headers from a one- or multi-row header ending at row ``idx``.

    In a two-row header a group title sits above (merged across the group) and the real name is
    below; a column merged down both rows has its name in the top row only. Per column, prefer the
    cell that names a template column, else the lowest non-empty one.
    """
    width = max(len(r) for r in grid[: idx + 1])
    out = []
    top = 0
    # the header block: rows above idx up to the first all-empty row
    for r in range(idx - 1, -1, -1):
        if not any(grid[r]):
            top = r + 1
            break
    for col in range(width):
        cells = [grid[r][col] if col < len(grid[r]) else "" for r in range(top, idx + 1)]
        chosen = ""
        if tpl is not None:
            for cell in reversed(cells):
                if cell and tpl.match_header(cell):
                    chosen = cell
                    break
        if not chosen:
            chosen = next((c for c in reversed(cells) if c), "")
        out.append(chosen)
    return out


def _example_headers() -> str:
    """The first header of each template, to show what a header row looks like."""
    return ", ".join(dict.fromkeys(t.columns[0].header for t in templates().values()))


def grid_to_table(
    grid: list[list[str]],
    file: str,
    sha: str,
    names: list[str],
    row_offset: int = 1,
    line_numbers: list[int] | None = None,
    columns: Mapping[str, str] | None = None,
    arg: str = "",
) -> Table:
    """A rectangular list of text cells → one Table (header row and template detected).

    ``line_numbers`` (CSV) gives each grid row's first line in the file, so problems name the line
    a planner sees in an editor even after a cell that spans lines. ``columns`` renames headers
    (folded file header → template header, ``--columns``) before anything is detected; when
    required columns are still missing, :class:`ColumnsProposal` says which columns they could be
    (``arg``: the file as the user named it, for the ready command).
    """
    where = file
    rename(grid, columns or {}, HEADER_SCAN_ROWS)
    idx = _header_row(grid)
    if idx < 0:
        first = next((i for i, row in enumerate(grid[:HEADER_SCAN_ROWS]) if any(row)), -1)
        found = _proposal(grid, first, names, where, arg or file) if first >= 0 else None
        if found is not None:
            raise found
        raise IngestError(
            f"{where}: no header row with template columns ({_example_headers()}…) "
            f"in the first {HEADER_SCAN_ROWS} rows"
        )
    plain = _headers(grid, idx)
    if not any(_required_ok(t, plain) for t in templates().values()):
        found = _proposal(grid, idx, names, where, arg or file)
        if found is not None:
            raise found
    tpl = choose_template(plain, names, where)
    headers = _headers(grid, idx, tpl)
    seen: dict[str, int] = {}
    keys = []
    for col, head in enumerate(headers):
        head = head or f"列{col + 1}"
        seen[head] = seen.get(head, 0) + 1
        keys.append(head if seen[head] == 1 else f"{head}#{seen[head]}")
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    for r in range(idx + 1, len(grid)):
        cells = grid[r]
        if not any(cells):
            continue
        number = line_numbers[r] if line_numbers else r + row_offset
        row = {}
        for col, key in enumerate(keys):
            value = cells[col] if col < len(cells) else ""
            if value or headers[col]:
                row[key] = value
        if any(cells[len(keys) :]):
            # A short row just has empty cells at its end, and so may a long one (a trailing comma);
            # a long one with values there has cells that slid away from their headers.
            problems.append(_too_wide(file, number, len(cells), cells[len(keys) :], len(keys)))
        rows.append(row)
        numbers.append(number)
    return Table(template=tpl.key, file=file, sha256=sha, rows=rows, row_numbers=numbers, problems=problems)


def _proposal(
    grid: list[list[str]], idx: int, names: list[str], where: str, arg: str
) -> ColumnsProposal | None:
    headers = _headers(grid, idx)
    return propose(headers, [r for r in grid[idx + 1 :] if any(r)], _hinted(names), where, arg)


def _too_wide(file: str, row: int, fields: int, beyond: list[str], header: int) -> Problem:
    return Problem(
        file,
        row,
        "",
        preview(" | ".join(beyond)),
        f"该行有 {fields} 个字段，而表头只有 {header} 个：多半是英文双引号不配对，"
        "或单元格里的分隔符（逗号等）没有用英文双引号括起来，后面的值都错了列",
        '把含逗号的单元格整个用一对 " 括起来，单元格里的 " 写成 ""（另存为 .xlsx 可免去这些）',
    )


def _limits() -> ImportLimits:
    return load_schema().import_limits


def _too_many_rows(name: str, limit: int) -> IngestError:
    return IngestError(f"{name}：超过每个文件 {limit} 行的上限；请拆分成几个文件分批导入")


def read_csv(path: Path, data: bytes, columns: Mapping[str, str] | None = None) -> list[Table]:
    text = decode(data, path.name)
    delimiter = _header_delimiter(text)
    limits = _limits()
    if text.count("\n") > limits.rows_per_file + HEADER_SCAN_ROWS:  # fail fast, before parsing
        raise _too_many_rows(path.name, limits.rows_per_file)
    # A cell longer than the per-cell limit is reported by validation with its row and column; only
    # a cell far beyond it stops reading (the csv module's own limit is 131,072 characters).
    csv.field_size_limit(max(limits.cell_chars * 100, 1 << 20))
    # csv.excel spelled out: "" is one quote, a space after the delimiter is part of the cell, and
    # a quote inside an unquoted cell is kept as written (strict=False, as Excel reads it).
    reader = csv.reader(
        io.StringIO(text),
        csv.excel,
        delimiter=delimiter,
        quotechar='"',
        doublequote=True,
        skipinitialspace=False,
        strict=False,
    )
    grid: list[list[str]] = []
    lines: list[int] = []
    spans: dict[int, int] = {}  # first line → last line of a record that spans lines
    last = 0
    try:
        for record in reader:
            first, last = last + 1, reader.line_num
            if len(grid) > limits.rows_per_file + HEADER_SCAN_ROWS:
                raise _too_many_rows(path.name, limits.rows_per_file)
            grid.append([c.strip() for c in record])
            lines.append(first)
            if last > first:
                spans[first] = last
    except csv.Error as exc:
        raise IngestError(f"{path.name} 第{last + 1}行附近无法读取：{exc}（单元格过长或引号不配对）") from exc
    sha = hashlib.sha256(data).hexdigest()
    table = grid_to_table(
        grid, path.name, sha, [path.stem], line_numbers=lines, columns=columns, arg=str(path)
    )
    table.problems += _spanning_cells(table, spans, delimiter)
    return [table]


def _header_delimiter(text: str) -> str:
    """The delimiter the header line uses: the most frequent of , tab ; outside quotes (else ,).

    The first line with any of them decides (a title line above the header may have none), and
    only that line: the rows below may hold the same characters inside their cells.
    """
    for number, line in enumerate(io.StringIO(text)):
        if number >= HEADER_SCAN_ROWS:
            break
        counts = dict.fromkeys(DELIMITERS, 0)
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
        best = max(DELIMITERS, key=counts.__getitem__)  # a tie goes to the earlier one
        if counts[best]:
            return best
    return ","


def _spanning_cells(table: Table, spans: dict[int, int], delimiter: str) -> list[Problem]:
    """One problem per cell that spans lines: an error when it swallowed what looks like rows."""
    problems = []
    for row, first in zip(table.rows, table.row_numbers, strict=True):
        if first not in spans:
            continue
        for header, value in row.items():
            if "\n" not in value:
                continue
            lines = f"第{first}–{spans[first]}行"
            swallowed = delimiter in value or '"' in value
            if swallowed:
                reason = (
                    f'单元格跨越{lines}，其中的行没有作为记录读入：多半是一个未配对的英文双引号 " '
                    "把后面的行吞进了这个单元格"
                )
                hint = '删除多余的 "，或把整个单元格用一对 " 括起来'
            else:
                reason, hint = f"单元格内有换行（跨越{lines}）", "多个值请用；分隔"
            problems.append(
                Problem(
                    table.file,
                    first,
                    header,
                    preview(value.replace("\n", "⏎")),
                    reason,
                    hint,
                    "error" if swallowed else "warning",
                )
            )
    return problems


def _sheet_grid(ws) -> list[list[str]]:  # type: ignore[no-untyped-def]
    grid = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        value = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else ""
        for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
            row = grid[r]
            row.extend([""] * (rng.max_col - len(row)))
            for c in range(rng.min_col - 1, rng.max_col):
                row[c] = value
    return grid


def _check_unpacked(path: Path, data: bytes, limit_mb: int) -> None:
    """Refuse an .xlsx whose parts declare more than ``limit_mb`` unpacked, before parsing it.

    The zip reader never inflates a part beyond its declared size, so the declared sizes bound
    what openpyxl can be made to read (a 2 MB file that unpacks to 350 MB took minutes and GBs).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(f"{path.name}: not a readable .xlsx file ({type(exc).__name__})") from exc
    if total > limit_mb * 2**20:
        raise IngestError(
            f"{path.name}：解压后为 {total / 2**20:.0f} MB，超过 {limit_mb} MB 的上限"
            "（文件过大或为压缩炸弹）；请拆分成几个文件，或另存为 CSV"
        )


def read_xlsx(path: Path, data: bytes, columns: Mapping[str, str] | None = None) -> list[Table]:
    from openpyxl import load_workbook

    limits = _limits()
    _check_unpacked(path, data, limits.unpacked_mb)
    try:
        # not read_only: merged ranges are only known in the normal mode
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise IngestError(f"{path.name}: not a readable .xlsx file ({type(exc).__name__})") from exc
    sha = hashlib.sha256(data).hexdigest()
    tables = []
    try:
        for ws in wb.worksheets:
            if fold(ws.title) in SKIPPED_SHEETS:
                continue
            if ws.max_row > limits.rows_per_file + HEADER_SCAN_ROWS:
                raise _too_many_rows(f"{path.name}[{ws.title}]", limits.rows_per_file)
            grid = _sheet_grid(ws)
            if not any(any(r) for r in grid):
                continue
            name = f"{path.name}[{ws.title}]"
            tables.append(
                grid_to_table(grid, name, sha, [ws.title, path.stem], columns=columns, arg=str(path))
            )
    finally:
        wb.close()
    if not tables:
        raise IngestError(f"{path.name}: no sheet with data")
    return tables


def read_path(path: Path, columns: Mapping[str, str] | None = None) -> list[Table]:
    """One file → its tables (an .xlsx may hold several template sheets); ``columns`` renames
    headers first (see :func:`grid_to_table`)."""
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    limit_mb = _limits().file_mb
    size = path.stat().st_size
    if size > limit_mb * 2**20:
        raise IngestError(
            f"{path.name}：文件为 {size / 2**20:.0f} MB，超过 {limit_mb} MB 的上限；请拆分成几个文件分批导入"
        )
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        return read_csv(path, data, columns)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, data, columns)
    if suffix == ".xls":
        raise IngestError(f"{path.name}: old .xls format; save it as .xlsx or CSV")
    raise IngestError(f"{path.name}: unsupported file type {suffix or '(none)'}; use .xlsx or .csv")
