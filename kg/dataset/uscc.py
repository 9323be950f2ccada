"""Fictional but well-formed 统一社会信用代码 (GB 32100-2015) for sample enterprises.

Positions: 1 registration authority (9 = market regulation), 2 entity type (1 = enterprise),
3-8 administrative division, 9-17 organisation code (GB 11714, with its own check character),
18 the GB 32100 check character. The tests cross-check every generated code with python-stdnum;
generation computes the check itself because stdnum's input cleaning is slow at 100k codes.
"""

from __future__ import annotations

import random

from kg.ingest.uscc import ALPHABET
from kg.ingest.uscc import check_char as check_character

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_check(body: str) -> str:
    """The GB 11714 check character of an 8-character organisation-code body."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def make_credit_code(rng: random.Random, division: str) -> str:
    """A credit code registered in ``division`` (6 digits), valid under both check rules."""
    body = "MA" + "".join(rng.choice(ALPHABET) for _ in range(6))
    first17 = "91" + division + body + org_check(body)
    return first17 + check_character(first17)
