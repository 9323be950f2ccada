"""Normalised names for matching the same organisation across lists (never for storage)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Longest first: the first suffix that matches is stripped, then again (（集团）有限公司).
# Brackets, spaces and punctuation are dropped before, so "Co., Ltd." arrives as "coltd".
SUFFIXES = (
    "集团股份有限公司",
    "集团有限责任公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "总公司",
    "分公司",
    "公司",
    "集团",
    "coltd",
    "ltd",
)
_DROP = re.compile(r"[\s()\[\]{}【】〔〕<>《》\"'“”‘’`·・.,，。:：;；_\-—~]+")


@lru_cache(maxsize=1 << 16)
def norm_name(name: str) -> str:
    """Matching form: NFKC (full → half width), case-folded, no brackets, spaces, quotes or suffixes."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", name).casefold())
    while text.endswith(SUFFIXES):  # one test for the many names without (another) suffix
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                break
        else:
            break
    return text


def name_uid(name: str) -> str:
    """uid of an organisation known only by name (enterprises without a credit code, universities…)."""
    return "name:" + norm_name(name)
