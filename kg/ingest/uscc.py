"""统一社会信用代码 (GB 32100-2015): format and check character.

``stdnum.cn.uscc`` does the checksum but refuses codes whose first two characters are letters, which
are legal (e.g. registrants starting with N or Y); those get the same weighted check here. The
check here runs first (a large import has 100k valid codes); stdnum is asked about a mismatch.
"""

from __future__ import annotations

import re
from operator import mul

from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_char(first17: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters (published weights)."""
    if len(first17) != len(WEIGHTS):
        raise ValueError(f"17 characters expected, got {len(first17)}")
    total = sum(map(mul, map(_VALUE.__getitem__, first17), WEIGHTS))  # C loops: 100k codes
    return ALPHABET[(31 - total % 31) % 31]


CODE = re.compile(f"[{ALPHABET}]{{18}}")


def looks_like_code(text: str) -> bool:
    """18 characters of the code alphabet (a reference cell that is a code, not a name)."""
    t = text.strip()
    return len(t) == 18 and CODE.fullmatch(t.upper()) is not None


def problem(code: str) -> tuple[str, str] | None:
    """None when valid, else (reason, suggestion).

    A code whose check character is right is valid: python-stdnum's verdict, asked only for the
    others, could not differ (it computes the same check over the same characters), so the 100k
    valid codes of a large import cost one weighted sum each instead of stdnum's several passes.
    """
    text = code.strip().upper()
    if len(text) != 18:
        return f"统一社会信用代码应为18位，实为{len(text)}位", ""
    if CODE.fullmatch(text) is None:
        bad = [ch for ch in text if ch not in ALPHABET]
        return (f"统一社会信用代码含非法字符 {''.join(dict.fromkeys(bad))}（不使用 I、O、Z、S、V）", "")
    expected = check_char(text[:17])
    if text[17] == expected:
        return None
    if text[:2].isdigit():
        try:
            stdnum_uscc.validate(text)
            return None
        except ValidationError:
            pass  # a wrong check character, as computed above
    return (f"统一社会信用代码校验位错误（第18位应为 {expected}）", text[:17] + expected)
