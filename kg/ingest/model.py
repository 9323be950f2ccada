"""The objects the import API hands around: tables read from files, problems found, the report.

They are plain dataclasses so other modules (the default dataset, `kg synth`) can build tables in
memory and feed them through exactly the same validation and loading as planners' files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.errors import KgError


@dataclass
class Table:
    """One sheet or CSV file, as rows of text keyed by the header as given.

    ``template`` is a template key (``enterprise``) or its Chinese name (``企业名单``);
    ``row_numbers`` are the 1-based spreadsheet rows (default: 2, 3, … after a one-row header);
    ``sample`` marks the whole table as illustrative sample data; ``problems`` are what the reader
    found in the file itself (a cell spanning lines), reported with the validation's; ``fixed``
    says what the whole list is: values (by column key) every row takes where the file has no such
    column or leaves the cell empty, added to the row's items for a list column (``--list-kind``).
    """

    template: str
    file: str
    sha256: str
    rows: list[dict[str, str]]
    row_numbers: list[int] = field(default_factory=list)
    sample: bool = False
    problems: list[Problem] = field(default_factory=list)
    fixed: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.row_numbers:
            self.row_numbers = list(range(2, len(self.rows) + 2))
        if len(self.row_numbers) != len(self.rows):
            raise ValueError(f"{self.file}: {len(self.rows)} rows but {len(self.row_numbers)} row numbers")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file). ``level`` is "error" or "warning".

    ``more`` > 0 marks the closing line of a capped listing: it stands for that many problems of
    its level that were counted but not listed.
    """

    file: str
    row: int | None
    column: str
    value: str
    reason: str
    suggestion: str = ""
    level: str = "error"
    more: int = 0

    def as_row(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row if self.row is not None else "",
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "suggestion": self.suggestion,
            "level": self.level,
        }


def count(problems: list[Problem], level: str) -> int:
    """How many problems of ``level`` there are, the unlisted ones of a capped listing included."""
    return sum(p.more or 1 for p in problems if p.level == level)


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do: the transaction was rolled back)."""

    import_id: str
    files: list[str]
    rows: int
    nodes_created: int = 0
    nodes_matched: int = 0
    relationships_created: int = 0
    relationships_matched: int = 0
    properties_set: int = 0
    by_label: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0
    offline: bool = False  # an initial load through Neo4j's offline importer (kg.ingest.bulk)


class IngestError(KgError):
    """A file could not be read at all (unknown format, undecodable, no recognisable template)."""


class ImportRejected(KgError):
    """Validation found problems: nothing was written. ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        files = sorted({p.file for p in errors if p.file})
        errors_n = count(problems, "error")
        super().__init__(f"import rejected: {errors_n} problem(s) in {', '.join(files)}; nothing was written")


class ImportFailed(KgError):
    """The server refused or lost the import transaction: it was rolled back, nothing changed."""
