"""Tables → typed rows: headers matched to template columns, cells converted, provenance set.

Unknown columns are kept (as ``extra_<header>`` properties) and reported, a header that only numbers
the rows (序号) is dropped; a required column that is missing or empty is reported once per table
or row. A known value of a vocabulary may fill other columns the row leaves empty (a Songjiang town
gives 所在区 = 松江区).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from kg.ingest.cells import Cells, Convert
from kg.ingest.model import IngestError, Table
from kg.ingest.plan import Provenance, extra_key
from kg.ingest.problems import Problems, Where
from kg.ingest.templates import FORMAT_CHARS, Column, Template, ignored_header, template
from kg.ingest.vocabularies import Vocabulary, vocabulary

PUBLIC_RECORD_HINT = "或填写来源网址（公开记录）"


@dataclass(slots=True)
class Row:
    """One data row, typed: ``values`` by column key (converted), ``extras`` as extra_ properties.

    The mapper fills ``label``/``uid`` once the row's node is known, ``related`` with nodes its
    identity brings along (a segment's chain), and ``resolved`` with references already looked up.
    """

    tpl: Template
    where: Where
    values: dict[str, Any]
    extras: dict[str, str]
    origin: Provenance
    label: str | None = None
    uid: str | None = None
    related: dict[str, str] = field(default_factory=dict)
    resolved: dict[tuple[str, str, tuple[str, ...]], Any] = field(default_factory=dict)

    def text(self) -> str:
        """ "file 第N行", as problems name another row."""
        return self.where.text()


def read_rows(tables: Sequence[Table], cells: Cells, problems: Problems) -> list[Row]:
    """Every row of every table, converted; problems of headers and cells reported."""
    rows: list[Row] = []
    for table in tables:
        problems.extend(table.problems)
        try:
            tpl = template(table.template)
        except IngestError as exc:  # an unknown template key from a caller building tables
            problems.add(Where(table.file), "", table.template, str(exc))
            continue
        reader = _TableReader(tpl, table, _columns(table, tpl, problems), cells, problems)
        file, read = table.file, reader.row
        rows += [
            read(row, Where(file, number)) for row, number in zip(table.rows, table.row_numbers, strict=True)
        ]
    return rows


def _columns(table: Table, tpl: Template, problems: Problems) -> dict[str, Column | None]:
    # Every header of any row, in order of first appearance (the loop over cells runs in C).
    columns = {header: tpl.match_header(header) for header in dict.fromkeys(chain.from_iterable(table.rows))}
    for header, col in columns.items():
        if col is None and not ignored_header(header):
            problems.warn(
                Where(table.file),
                header,
                "",
                f"未知列，已保存为属性 {extra_key(header)}",
                "、".join(c.header for c in tpl.columns),
            )
    present = {c.key for c in columns.values() if c} | set(table.fixed)
    for col in tpl.columns:
        if col.required and col.key not in present and table.rows:
            problems.add(Where(table.file), col.header, "", "缺少必填列", col.header)
    return columns


class _TableReader:
    """Reads the rows of one table: what each header means is worked out once, not per cell.

    Per header: its column (None for an unknown one), its key (the extra_ property name for an
    unknown one), the longest text that is its own value and how any other text converts (see
    ``Cells.converter``).
    """

    def __init__(
        self,
        tpl: Template,
        table: Table,
        columns: dict[str, Column | None],
        cells: Cells,
        problems: Problems,
    ) -> None:
        self.tpl, self.cells, self.problems = tpl, cells, problems
        self.sample = table.sample
        self.source_prefix = f"{table.file}#sha256:{table.sha256[:12]}:row "
        present = {c.key for c in columns.values() if c}
        self.required = [col for col in tpl.required if col.key in present]
        # what the whole list is (Table.fixed), converted once: a bad value is one problem
        self.fixed: list[tuple[Column, Any]] = []
        for key, text in table.fixed.items():
            col = tpl.column(key)
            value = cells.convert(Where(table.file), col, col.header, text)
            if value is not None:
                self.fixed.append((col, value))
        # columns whose known values fill others: (key, vocabulary)
        self.filling: list[tuple[str, Vocabulary]] = [
            (c.key, v) for c in tpl.columns if c.vocabulary and (v := vocabulary(c.vocabulary)).fills
        ]
        self.specs: dict[str, tuple[Column | None, str, int, Convert | None]] = {}
        for header, col in columns.items():
            if col is None:  # an unknown column: an extra property; a row number: nothing
                self.specs[header] = (None, "" if ignored_header(header) else extra_key(header), 0, None)
            else:
                self.specs[header] = (col, col.key, *cells.converter(col))

    def row(self, cells_in: dict[str, str], where: Where) -> Row:
        tpl, cells, specs = self.tpl, self.cells, self.specs
        values: dict[str, Any] = {}
        filled: set[str] = set()
        extras: dict[str, str] = {}
        cell_limit = cells.limits.cell_chars
        for header, raw in cells_in.items():
            if not raw:
                continue
            text: str | None = raw.strip()
            # Invisible (format) characters are never printable: the regex only for the rare
            # cell that is not printable throughout (a tab, an ideographic space, …).
            if text and (len(text) > cell_limit or (not text.isprintable() and FORMAT_CHARS.search(text))):
                text = cells.clean(where, header, text)  # invisible characters, length
            col, key, plain, convert = specs[header]
            if col is None:
                if text and key:
                    extras[key] = text
                continue
            if text is None or text:
                filled.add(key)  # a cell refused as too long is not "empty"
            if text:
                value = text if len(text) <= plain else convert(where, header, text)  # type: ignore[misc]
                if value is not None:
                    values[key] = value
        for col, value in self.fixed:
            if col.type == "list":
                given = values.get(col.key) or []
                values[col.key] = given + [v for v in value if v not in given]
            else:
                values.setdefault(col.key, value)
            filled.add(col.key)
        for key, vocab in self.filling:
            value = values.get(key)
            if value is not None and vocab.known(value):
                for other, filled_value in vocab.fills:
                    values.setdefault(other, filled_value)
        for key, default in tpl.defaults:
            if key not in values:
                values[key] = default
        source = values.pop("source", None)
        origin = Provenance(
            source or f"{self.source_prefix}{where.row}",
            self.sample or bool(values.pop("sample", False)),
        )
        values.pop("sample", None)
        for col in self.required:
            if col.key not in filled:
                if tpl.identity == "enterprise" and col.key == "credit_code" and source:
                    continue  # public records: their sources publish no code
                self.problems.add(
                    where,
                    col.header,
                    "",
                    "必填项为空",
                    PUBLIC_RECORD_HINT if col.key == "credit_code" else "",
                )
        return Row(tpl, where, values, extras, origin)
