"""Planners' Excel/CSV lists into the graph: read → validate (every problem at once) → load whole.

Public API (stable; the default dataset and ``kg synth`` build on it)::

    read_file(path) -> list[Table]
    validate(tables, graph=None) -> list[Problem]
    import_tables(graph, tables, *, dry_run=False) -> ImportReport   # raises ImportRejected
    import_files(graph, paths, dry_run=False) -> ImportReport
"""

from kg.ingest.api import import_files, import_tables, read_file, validate
from kg.ingest.model import ImportFailed, ImportRejected, ImportReport, IngestError, Problem, Table

__all__ = [
    "ImportFailed",
    "ImportRejected",
    "ImportReport",
    "IngestError",
    "Problem",
    "Table",
    "import_files",
    "import_tables",
    "read_file",
    "validate",
]
