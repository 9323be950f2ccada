"""One tokenising pass over Cypher text, for the few checks the plan cannot make.

Strings, backtick names and comments are recognised in a single left-to-right scan, so neither
``WITH '//' AS x CALL db.info()`` nor a ``'`` inside a backtick name can hide the text that follows
(stripping comments first and strings after, with two regular expressions, could be blinded that way).
How large the query's values can grow is checked on the same tokens (:mod:`kg.graph.cypher_growth`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.graph.cypher_growth import growth_problem

_FORBIDDEN_NAMESPACES = ("apoc.", "gds.", "dbms.", "db.", "tx.", "genai.")
_PUNCT2 = ("<>", "<=", ">=", "=~", "+=", "..", "->", "<-", "::", "||")


@dataclass(frozen=True)
class Token:
    """``kind`` is name, quoted (backtick name), string, param, number or op."""

    kind: str
    text: str

    def is_word(self, word: str) -> bool:
        return self.kind == "name" and self.text.lower() == word


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` without comments; an unterminated string or name runs to the end."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in "'\"":
            j, buf = i + 1, []
            while j < n and text[j] != ch:
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j : j + 2])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            tokens.append(Token("string", "".join(buf)))
            i = j + 1
        elif ch == "`":
            j, buf = i + 1, []
            while j < n:
                if text[j] == "`":
                    if text.startswith("``", j):
                        buf.append("`")
                        j += 2
                        continue
                    break
                buf.append(text[j])
                j += 1
            tokens.append(Token("quoted", "".join(buf)))
            i = j + 1
        elif ch == "$":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(Token("param", text[i:j]))
            i = j
        elif ch.isdigit():
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "._") and not text.startswith("..", j):
                j += 1
            tokens.append(Token("number", text[i:j]))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(Token("name", text[i:j]))
            i = j
        else:
            two = text[i : i + 2]
            if two in _PUNCT2:
                tokens.append(Token("op", two))
                i += 2
            else:
                tokens.append(Token("op", ch))
                i += 1
    return tokens


def _is_name(tok: Token) -> bool:
    return tok.kind in ("name", "quoted")


def _dotted_name(tokens: list[Token], start: int) -> tuple[str, int]:
    """``a.b.c`` starting at ``start`` → ("a.b.c", index after it)."""
    parts = [tokens[start].text]
    i = start + 1
    while i + 1 < len(tokens) and tokens[i] == Token("op", ".") and _is_name(tokens[i + 1]):
        parts.append(tokens[i + 1].text)
        i += 2
    return ".".join("".join(p.split()) for p in parts), i


def _namespaced_function(tokens: list[Token], allowed: frozenset[str]) -> str | None:
    for i, tok in enumerate(tokens):
        if not _is_name(tok) or (i and tokens[i - 1].kind == "op" and tokens[i - 1].text == "."):
            continue
        name, after = _dotted_name(tokens, i)
        if "." not in name or after >= len(tokens) or tokens[after].text != "(":
            continue
        if i and tokens[i - 1].is_word("call"):
            continue  # a procedure: the plan check decides
        lowered = name.lower()
        if lowered not in allowed and lowered.startswith(_FORBIDDEN_NAMESPACES):
            return lowered
    return None


def statement_problems(text: str, allowed_procedures: frozenset[str]) -> str | None:
    """The first reason (Chinese, one line) to refuse ``text`` before planning it, else None."""
    tokens = tokenize(text)
    if not tokens:
        return "空查询：请输入一条 Cypher 语句"
    semicolons = [k for k, t in enumerate(tokens) if t.kind == "op" and t.text == ";"]
    if any(k != len(tokens) - 1 for k in semicolons):
        return "一次只能运行一条语句"
    function = _namespaced_function(tokens, allowed_procedures)
    if function:
        return f"只允许只读查询：函数 {function} 不允许在只读查询中使用"
    span = _long_literal_range(tokens)
    if span:
        return (
            f"只允许只读查询：range 生成 {span:,} 个元素的列表（上限 {MAX_RANGE:,}），"
            "会耗尽图数据库的内存；逐行处理请用 UNWIND range(…) AS i"
        )
    return growth_problem(tokens)


# A list the query writes out with range(): 300 million elements in a comprehension ended a 1 GB
# JVM in under a second (the memory pool does not count comprehensions). A million is far more than
# any analysis of the district needs and a few tens of MB. As UNWIND's source, range() streams
# row by row, and the time limit bounds it.
MAX_RANGE = 1_000_000


def _long_literal_range(tokens: list[Token]) -> int | None:
    """The length of a ``range(…)`` written with number literals that is over MAX_RANGE, else None."""
    for i, tok in enumerate(tokens):
        if not tok.is_word("range") or i + 1 >= len(tokens) or tokens[i + 1].text != "(":
            continue
        if i and (tokens[i - 1].text == "." or tokens[i - 1].is_word("unwind")):
            continue
        args: list[list[Token]] = [[]]
        depth, j = 1, i + 2
        while j < len(tokens) and depth:
            t = tokens[j]
            if t.kind == "op" and t.text in "([{":
                depth += 1
            elif t.kind == "op" and t.text in ")]}":
                depth -= 1
            if depth == 1 and t.kind == "op" and t.text == ",":
                args.append([])
            elif depth:
                args[-1].append(t)
            j += 1
        numbers = [_integer(a) for a in args]
        if len(numbers) not in (2, 3) or any(n is None for n in numbers):
            continue  # bounds the text does not state: the supervisor is the last line
        start, end, step = (*numbers, 1)[:3]
        if step == 0:
            continue
        length = max((end - start) // step + 1, 0)
        if length > MAX_RANGE:
            return length
    return None


def _integer(tokens: list[Token]) -> int | None:
    """An integer literal, optionally signed (``-5``, ``300000000``, ``0x10``), else None."""
    sign = 1
    if len(tokens) == 2 and tokens[0].text in "+-" and tokens[0].kind == "op":
        sign, tokens = (-1 if tokens[0].text == "-" else 1), tokens[1:]
    if len(tokens) != 1 or tokens[0].kind != "number":
        return None
    try:
        return sign * int(tokens[0].text.replace("_", ""), 0)
    except ValueError:
        return None
