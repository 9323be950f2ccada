"""Named errors raised by library code; the CLI and the explorer turn them into one-line messages."""

from __future__ import annotations


class KgError(Exception):
    """Base class: its message is shown to users as is, on one line."""


class ServerError(KgError):
    """The local Neo4j server could not be provisioned, started, reached or stopped."""


class GraphUnavailable(KgError):
    """No Neo4j server answered (local or external)."""


class QueryRefused(KgError):
    """A query was refused by the read-only layer before or while it ran; nothing changed."""


class QueryTimeout(KgError):
    """A query ran longer than its time limit and was stopped."""


class SchemaError(KgError):
    """The declarative schema is inconsistent, or a label/type outside it was asked for."""


class InvalidArgument(KgError, ValueError):
    """A limit, time limit or parameter value that no run can honour (NaN, 0, out of range)."""
