"""The shapes the analyses return (``docs/CONTRACTS.md``, ``docs/analyses.md``), as TypedDicts.

They stay plain dicts at run time (JSON output, caching and the explorer use them as such); the
types name every key once, so a reader — or a type checker — sees the real shape instead of probing
for alternatives.
"""

from __future__ import annotations

from typing import Any, TypedDict


class Evidence(TypedDict):
    """The names behind a gap row's numbers."""

    reason: str  # the status in one Chinese sentence with its numbers
    local: dict[str, list[str]]  # tier → local firms
    outside: list[str]
    research: dict[str, list[str]]  # research kind → partners (with "经 …" where through an expert)
    carriers: list[str]
    tech_fields: list[str]
    fed_by: list[str]
    feeds: list[str]
    names_truncated: bool


class GapRow(TypedDict):
    """One segment of ``gaps.chain_gaps``: status, firms, actions with advice, research, evidence."""

    chain: str
    segment: str
    segment_uid: str
    position: str | None
    order: int | None
    key_segment: bool
    status: str  # kg.vocab.BROKEN / WEAK / STRONG
    local_count: int
    high_tech_count: int
    local_by_tier: dict[str, int]
    outside_count: int
    actions: list[str]  # 补链 / 强链 / 延链 / 产学研对接
    advice: dict[str, str]  # action → one sentence, only steps that exist for each firm
    targets: list[dict[str, Any]]
    strengthen: list[dict[str, Any]]
    extend: list[dict[str, Any]]
    research_partners: list[dict[str, Any]]
    research_counts: dict[str, int]
    research_note: str | None  # why there is no partner (未掌握) and the nearest field that has one
    carriers: list[dict[str, Any]]
    evidence: Evidence
    sample: bool


class CollabAnswers(TypedDict):
    """``collab.collaboration``: exactly these five answers."""

    brokers: list[dict[str, Any]]
    communities: list[dict[str, Any]]
    isolates: list[dict[str, Any]]
    bridges: list[dict[str, Any]]
    recommendations: list[dict[str, Any]]
