"""The industry chains as data: read ``产业链环节.csv`` into segments the generators can use.

The importer reads the same file as a 产业链环节 template; this reader only serves the sample and
synthetic generators (which segments exist, their order, key flags and technology fields).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from kg.dataset import CHAINS_FILE

_SPLIT = re.compile(r"[；;、,，]")


def split_cell(text: str) -> list[str]:
    """A multi-value cell (separated by ；; 、 or ,) as a list of trimmed, non-empty values."""
    return [part.strip() for part in _SPLIT.split(text or "") if part.strip()]


@dataclass(frozen=True)
class Segment:
    chain: str
    name: str
    position: str
    order: int
    upstream: tuple[str, ...]
    fields: tuple[str, ...]
    key: bool
    source: str
    keywords: tuple[str, ...] = ()  # products and technologies as registers write them (挂链)


def read_segments(path: Path = CHAINS_FILE) -> list[Segment]:
    """All segments in file order (chains in the order they first appear)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Segment(
                chain=row["产业链"].strip(),
                name=row["环节"].strip(),
                position=row["位置"].strip(),
                order=int(row["顺序"]),
                upstream=tuple(split_cell(row["上游环节"])),
                fields=tuple(split_cell(row["技术领域"])),
                key=row["关键环节"].strip() == "是",
                source=row["来源"].strip(),
                keywords=tuple(split_cell(row.get("关键词") or "")),
            )
            for row in csv.DictReader(handle)
        ]


def by_chain(segments: list[Segment]) -> dict[str, list[Segment]]:
    chains: dict[str, list[Segment]] = {}
    for seg in segments:
        chains.setdefault(seg.chain, []).append(seg)
    return chains


def tech_fields(segments: list[Segment]) -> list[str]:
    """The controlled vocabulary of technology fields: every field a segment names, in order."""
    return list(dict.fromkeys(f for seg in segments for f in seg.fields))
