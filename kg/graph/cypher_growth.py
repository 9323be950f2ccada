"""How large can a value in a query grow? A text check for the growth no plan and no memory limit shows.

Neo4j's transaction memory limit does not count strings, and the server runs with
``ExitOnOutOfMemoryError``: a query that doubles a string thirty times (``WITH a + a AS a`` thirty
times, or ``reduce(s = 'x', i IN range(1, 30) | s + s)``) does not fail, it kills the database
process. So, before planning, every value a query computes gets a **size bound** counted in
*inputs*: an input is a value read from the store, a parameter, or up to :data:`UNIT` bytes of text
written in the query (a longer literal counts one input per :data:`UNIT`).

* a reference to a variable counts that variable's bound, whether the value itself or one of its
  properties is used (``n.name`` is at most as large as ``n``); nodes, relationships and other
  variables the query does not compute (pattern variables, procedure outputs) count one input;
* ``+``, a list or map literal and any function that combines its arguments (``toString``,
  ``coalesce``, ``substring``, ``collect`` …) count the sum of their parts; a ``CASE`` counts its
  largest branch; numbers, comparisons, predicates and functions of fixed-size results (``size``,
  ``count``, ``toInteger``, ``elementId`` …) count nothing of their arguments;
* a variable bound by ``x IN list`` (comprehension, quantifier, ``reduce``) or ``UNWIND list AS x``
  counts the list's bound; a comprehension counts its projection for one element (it builds a list
  of references, not copies);
* ``replace(x, 'a', 'bbb')`` counts ``x`` times what each match can become (here 3); a replacement
  that is not a string literal can make the result the product of two sizes, which no bound of
  this form covers;
* ``reduce(acc = init, x IN list | step)``: a step that turns the accumulator into two or more
  times itself (``s + s``, ``s + toString(s)``, ``replace(s, 'x', s)``, ``replace(s, 'x', 'xx')``) is
  refused outright (it doubles per element); a step that adds something to the accumulator
  repeats it an unknown number of times, ``N``: the bound becomes ``init + N × step``, and a step
  that adds something already ``N``-sized (the result of another such reduce) is refused.

Every bound is ``c + n·N`` inputs; a query is refused when a value's ``c`` or ``n`` exceeds
:data:`BOUND` or its growth has no bound of that form. Variables chain through ``WITH``,
``RETURN``, ``UNWIND``, ``CALL`` and ``COLLECT`` subqueries, so ``WITH a + a AS b WITH b + b AS c``
doubles as surely as ``WITH a + a AS a``; the fields of a map and the elements of a list the query
builds keep bounds of their own, so ``{v: a + a}.v`` is ``a + a`` and ``[a, b][0]`` no more than the
larger. Scoping is approximated: a name keeps the bound it was last given, subqueries and
comprehensions work on copies. Neo4j takes keywords as variable names (``WITH 'x' AS end RETURN
end + end`` runs); this reading would misread those, so binding one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.graph.cypher_tokens import Token

# 64 inputs: an analyst's query combines a handful of values (the largest in kg/queries counts 13,
# gaps_research's partners) and has no reason to double one six times; the red-team's string doubled
# 30 times is 2**30 inputs. 64 × a 64 KB unit is 4 MB per value, which even a 1 GB test heap survives
# (BIG in tests/test_readonly.py builds 1 MB cells at exactly this bound).
BOUND = 64
UNIT = 64 * 1024

_REFUSED = "只允许只读查询："
# Words that are never a variable or a function when spelled without backticks.
_KEYWORDS = frozenset(
    """null true false distinct and or xor not in is starts ends contains case when then else end
    as asc desc ascending descending by""".split()
)
_CLAUSES = frozenset(
    """match optional with return unwind call where order skip offset limit union yield foreach
    create merge delete detach set remove load use finish""".split()
)
# Functions whose result has a fixed size whatever their arguments are (numbers, booleans, ids).
_SCALAR = frozenset(
    """count size length char_length character_length id elementid type exists isempty isnan
    tointeger tofloat toboolean tointegerornull tofloatornull tobooleanornull abs ceil floor round
    sign sqrt exp log log10 rand randomuuid e pi sin cos tan cot asin acos atan atan2 haversin
    degrees radians sum avg stdev stdevp percentilecont percentiledisc timestamp startnode endnode
    valuetype date datetime localdatetime time localtime duration point point.distance distance
    vector.similarity.cosine vector.similarity.euclidean""".split()
)
_QUANTIFIERS = frozenset({"any", "all", "none", "single"})
_BOOLEAN_OPS = frozenset({"=", "<>", "<", ">", "<=", ">=", "=~", ":", "::"})
_BOOLEAN_WORDS = frozenset({"and", "or", "xor", "not", "in", "is", "starts", "ends", "contains"})
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_LABEL_OPS = (":", "|", "&", "!", "%")
# Neo4j accepts almost any keyword as a variable name (``WITH 'x' AS end RETURN end + end``); a
# variable spelled like one of these would be misread here, so binding one is refused (except as a
# column name of the final RETURN, which nothing reads: kg/queries/neighbours.cypher has ``AS end``).
# ``order`` is only a clause before BY and is read as a name everywhere else.
_UNSAFE_NAMES = (_KEYWORDS | _CLAUSES) - {"order"}

# {"c": inputs, "b": literal bytes, "N": inputs added per reduce step, "#k": reduce k's accumulator};
# None: no bound.
Size = dict[str, int] | None


@dataclass(frozen=True)
class Val:
    """A value's size bound, and what is known of its parts: a map's fields, a list's elements."""

    size: Size
    fields: dict[str, Val] | None = None
    elem: Val | None = None


ZERO = Val({})
ONE = Val({"c": 1})


class GrowthRefused(Exception):
    """The one-line Chinese reason a query's values can grow without bound."""


def _add(x: Size, y: Size) -> Size:
    if x is None or y is None:
        return None
    out = dict(x)
    for key, value in y.items():
        out[key] = out.get(key, 0) + value
    return out


def _max(x: Size, y: Size) -> Size:
    if x is None or y is None:
        return None
    out = dict(x)
    for key, value in y.items():
        out[key] = max(out.get(key, 0), value)
    return out


def _inputs(x: dict[str, int]) -> int:
    return x.get("c", 0) + x.get("b", 0) // UNIT


def plus(x: Val, y: Val) -> Val:
    """Concatenation (or any combination): the sizes add up; two lists keep their elements' bound."""
    elem = either(x.elem, y.elem) if x.elem is not None and y.elem is not None else None
    return Val(_add(x.size, y.size), elem=elem)


def either(x: Val, y: Val) -> Val:
    """One of two values (CASE branches, coalesce): the larger bound, part by part."""
    fields = None
    if x.fields is not None and y.fields is not None:
        fields = dict(x.fields)
        for key, value in y.fields.items():
            fields[key] = either(fields[key], value) if key in fields else value
    elem = either(x.elem, y.elem) if x.elem is not None and y.elem is not None else None
    return Val(_max(x.size, y.size), fields, elem)


def field(x: Val, key: str) -> Val:
    """``x.key``: the field when x is a map the query built, else no more than x."""
    if x.fields is not None:
        return x.fields.get(key, ZERO)
    return Val(x.size)


def element(x: Val) -> Val:
    """An element of x (``x[0]``, ``UNWIND x``, ``e IN x``): its bound when known, else no more than x."""
    return x.elem if x.elem is not None else Val(x.size)


def scaled(x: Val, factor: int) -> Val:
    return Val(None if x.size is None else {key: value * factor for key, value in x.size.items()})


def bound(x: Val) -> Val:
    """A value as a variable holds it: literal bytes become inputs, and it (each part) is at least one."""
    if x.size is None:
        return x
    size = {key: value for key, value in x.size.items() if key not in ("c", "b") and value}
    size["c"] = max(1, _inputs(x.size))
    fields = None if x.fields is None else {key: bound(value) for key, value in x.fields.items()}
    return Val(size, fields, None if x.elem is None else bound(x.elem))


def _times_steps(step: Size) -> Size:
    """What a reduce adds over its unknown number of steps, N, when each step adds ``step``."""
    if step is None or any(key not in ("c", "b") and value for key, value in step.items()):
        return None  # an N-sized or accumulator-sized addition per step: N² or exponential
    return {"N": max(1, _inputs(step))}


Env = dict[str, Val]


class _Analysis:
    def __init__(self, tokens: list[Token]) -> None:
        self.t = tokens
        # A CASE without its END: a label or name spelled "case", which would hide the text after it.
        self.unpaired = False
        self.match = self._pairs()
        self.symbols = 0

    # --- tokens ---------------------------------------------------------------------------------

    def word(self, i: int, *words: str) -> bool:
        if not 0 <= i < len(self.t) or self.t[i].kind != "name" or self.t[i].text.lower() not in words:
            return False
        return not self.op(i - 1, ".") and not self.op(i + 1, ":")

    def op(self, i: int, *texts: str) -> bool:
        return 0 <= i < len(self.t) and self.t[i].kind == "op" and self.t[i].text in texts

    def variable(self, i: int) -> bool:
        return 0 <= i < len(self.t) and self.t[i].kind in ("name", "quoted")

    def bind(self, i: int) -> str:
        """The variable a binding position names; refused when this analysis would misread it."""
        name = self.t[i].text
        if name.lower() in _UNSAFE_NAMES:
            raise GrowthRefused(
                f"{_REFUSED}变量名 {name} 与 Cypher 关键字同名，无法检查它的值会增长到多大；请换一个变量名"
            )
        return name

    def name(self, i: int) -> bool:
        """A name that can be a variable: a backtick name, or a plain name that is no keyword."""
        if not 0 <= i < len(self.t):
            return False
        tok = self.t[i]
        return tok.kind == "quoted" or (tok.kind == "name" and tok.text.lower() not in _KEYWORDS)

    def _pairs(self) -> dict[int, int]:
        """Each opening bracket or CASE → its closing token (the end of the text when unclosed)."""
        match: dict[int, int] = {}
        stack: list[tuple[int, str]] = []
        for i, tok in enumerate(self.t):
            if tok.kind == "op" and tok.text in _OPENERS:
                stack.append((i, _OPENERS[tok.text]))
            elif self.word(i, "case"):
                stack.append((i, "end"))
            else:
                closer = tok.text if tok.kind == "op" and tok.text in ")]}" else None
                if closer is None and self.word(i, "end") and not self.op(i - 1, *_LABEL_OPS):
                    closer = "end"
                if closer is None:
                    continue
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][1] == closer:
                        for opened, kind in stack[depth:]:
                            match[opened] = i
                            self.unpaired |= kind == "end" and opened != stack[depth][0]
                        del stack[depth:]
                        break
        for opened, kind in stack:
            match[opened] = len(self.t)
            self.unpaired |= kind == "end"
        return match

    def level(self, lo: int, hi: int):
        """Indices of [lo, hi) outside any bracket or CASE that starts inside it."""
        i = lo
        while i < hi:
            yield i
            i = self.match[i] + 1 if i in self.match else i + 1

    def split(self, lo: int, hi: int, sep: str = ",") -> list[tuple[int, int]]:
        parts, start = [], lo
        for i in self.level(lo, hi):
            if self.op(i, sep):
                parts.append((start, i))
                start = i + 1
        parts.append((start, hi))
        return [(a, b) for a, b in parts if a < b]

    def find(self, lo: int, hi: int, *words: str, op: str | None = None) -> int | None:
        for i in self.level(lo, hi):
            if (words and self.word(i, *words)) or (op is not None and self.op(i, op)):
                return i
        return None

    def text(self, lo: int, hi: int) -> str:
        shown = " ".join(tok.text for tok in self.t[lo:hi])
        return shown if len(shown) <= 40 else shown[:39] + "…"

    # --- bounds ---------------------------------------------------------------------------------

    def check(self, value: Val, what: str) -> Val:
        size = value.size
        if size is None or _inputs(size) > BOUND or size.get("N", 0) > BOUND:
            raise GrowthRefused(
                f"{_REFUSED}{what} 的值在查询中成倍增长，可能超过输入大小的 {BOUND} 倍，耗尽图数据库的内存"
            )
        return value

    # --- clauses --------------------------------------------------------------------------------

    def walk(self, lo: int, hi: int, env: Env, top: bool = False) -> dict[str, Val]:
        """The clauses of [lo, hi) (UNION branches each from ``env``); returns what the last RETURN gives.

        ``top``: the query itself, whose last RETURN's column names nothing reads.
        """
        returned: dict[str, Val] = {}
        start = lo
        cuts = [i for i in self.level(lo, hi) if self.word(i, "union")] + [hi]
        for cut in cuts:
            for key, value in self.branch(start, cut, dict(env), top).items():
                returned[key] = either(returned[key], value) if key in returned else value
            start = cut + 2 if self.word(cut + 1, "all") else cut + 1
        return returned

    def clause(self, i: int) -> bool:
        if not self.word(i, *_CLAUSES) or self.word(i - 1, "as") or self.op(i - 1, *_LABEL_OPS):
            return False
        if self.word(i, "with") and self.word(i - 1, "starts", "ends"):
            return False
        return not self.word(i, "order") or self.word(i + 1, "by")

    def branch(self, lo: int, hi: int, env: Env, top: bool = False) -> dict[str, Val]:
        starts = [i for i in self.level(lo, hi) if self.clause(i)]
        projections = [i for i in starts if self.word(i, "return", "with")]
        if not starts or starts[0] > lo:
            self.pattern(lo, starts[0] if starts else hi, env, "查询开头的表达式")  # COUNT { (a)-->(b) }
        returned: dict[str, Val] = {}
        for n, i in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else hi
            kw = self.t[i].text.lower()
            body = i + 2 if kw == "order" else i + 1
            if kw in ("with", "return"):
                final = top and kw == "return" and i == projections[-1]
                returned = self.projection(body, end, env, final)
            elif kw == "unwind":
                at = self.find(body, end, "as")
                if at is not None and self.variable(at + 1):
                    alias = self.bind(at + 1)
                    what = f"变量 {alias}"
                    env[alias] = self.check(bound(element(self.expr(body, at, env, what))), what)
                else:
                    self.expr(body, end, env, "UNWIND 子句中的表达式")
            elif kw == "yield":
                for _, b in self.split(body, end):
                    if self.variable(b - 1):
                        env[self.bind(b - 1)] = ONE  # a procedure's output is a new value
            elif kw == "call":
                self.call_clause(body, end, env)
            elif kw == "order":
                for a, b in self.split(body, end):
                    self.expr(a, b, env, "ORDER BY 中的表达式")
            elif kw in ("match", "create", "merge"):
                self.pattern(body, end, env, f"{self.t[i].text.upper()} 子句中的表达式")
            else:
                self.expr(body, end, env, f"{self.t[i].text.upper()} 子句中的表达式")
        return returned

    def pattern(self, lo: int, hi: int, env: Env, what: str) -> None:
        """Each node, relationship and function of a pattern on its own (a pattern is no value)."""
        self.pattern_variables(lo, hi)
        start = lo
        for k in self.level(lo, hi):
            if self.t[k].kind == "op" and self.t[k].text not in _OPENERS:
                self.expr(start, k, env, what)
                start = k + 1
        self.expr(start, hi, env, what)

    def pattern_variables(self, lo: int, hi: int) -> list[str]:
        """Names a pattern binds: ``(n``, ``[r`` followed by a label, a property map, ``)`` …"""
        names = []
        for k in range(lo + 1, hi):
            if self.variable(k) and self.op(k - 1, "(", "["):
                if self.op(k + 1, ":", ")", "]", "{", "*") or self.word(k + 1, "where"):
                    names.append(self.bind(k))
        return names

    def projection(self, lo: int, hi: int, env: Env, final: bool = False) -> dict[str, Val]:
        """WITH/RETURN items, all computed from the clause's input before any alias is bound."""
        if self.word(lo, "distinct"):
            lo += 1
        bound_now: dict[str, Val] = {}
        for a, b in self.split(lo, hi):
            if b - a == 1 and self.op(a, "*"):
                bound_now.update(env)  # WITH * / RETURN *: every variable in scope, as it is
                continue
            if b - a >= 3 and self.word(b - 2, "as") and self.variable(b - 1):
                alias, end = (self.t[b - 1].text if final else self.bind(b - 1)), b - 2
                what = f"变量 {alias}"
            else:
                alias, end = (self.t[a].text if b - a == 1 and self.name(a) else None), b
                what = f"变量 {alias}" if alias else f"表达式 {self.text(a, b)}"
            value = self.check(bound(self.expr(a, end, env, what)), what)
            if alias is not None:
                bound_now[alias] = value
        env.update(bound_now)
        return bound_now

    def call_clause(self, lo: int, hi: int, env: Env) -> None:
        i = lo
        if self.op(i, "(") and self.op(self.match[i] + 1, "{"):
            i = self.match[i] + 1  # CALL (x, y) { ... }: the subquery sees the outer variables
        if self.op(i, "{"):
            env.update(self.walk(i + 1, self.match[i], env))
            self.expr(self.match[i] + 1, hi, env, "CALL 子句中的表达式")
        else:
            self.expr(lo, hi, env, "CALL 子句中的表达式")

    # --- expressions ----------------------------------------------------------------------------

    def expr(self, lo: int, hi: int, env: Env, what: str) -> Val:
        """The bound of the expression [lo, hi); refuses as soon as a part of it exceeds the bound."""
        if lo >= hi:
            return ZERO
        cuts = [i for i in self.level(lo, hi) if self.op(i, *_BOOLEAN_OPS) or self.word(i, *_BOOLEAN_WORDS)]
        if cuts:  # a comparison or a predicate: its operands are computed, its value is a boolean
            start = lo
            for cut in [*cuts, hi]:
                self.expr(start, cut, env, what)
                start = cut + 1
            return ZERO
        terms: list[Val] = []
        i = lo
        while i < hi:
            tok, step = self.t[i], i + 1
            if tok.kind == "op":
                if tok.text == "(":
                    terms.append(self.expr(i + 1, self.match[i], env, what))
                    step = self.match[i] + 1
                elif tok.text == "[":
                    if self.follows_value(i, lo) and terms:  # x[0], x[1..3]: no more than x's elements
                        self.list_(i, env, what)
                        index = self.match[i] - 1
                        whole = self.find(i + 1, self.match[i], op="..") is not None
                        terms[-1] = terms[-1] if whole or index < i + 1 else element(terms[-1])
                    else:
                        terms.append(self.list_(i, env, what))
                    step = self.match[i] + 1
                elif tok.text == "{":
                    terms.append(self.map_(i, env, what))
                    step = self.match[i] + 1
                elif tok.text == "." and i + 1 < hi and self.t[i + 1].kind in ("name", "quoted"):
                    if terms:
                        terms[-1] = field(terms[-1], self.t[i + 1].text)
                    step = i + 2
            elif tok.kind == "string":
                terms.append(Val({"b": len(tok.text)}))
            elif tok.kind == "number":
                terms.append(Val({"b": 8}))
            elif tok.kind == "param":
                terms.append(ONE)
            elif self.word(i, "case"):
                terms.append(self.case(i, env, what))
                step = self.match[i] + 1
            elif self.name(i):
                value, step = self.reference(i, hi, env, what)
                terms.append(value)
            i = step
        if len(terms) == 1:
            return self.check(terms[0], what)
        total = ZERO
        for term in terms:
            total = self.check(plus(total, term), what)
        return total

    def follows_value(self, i: int, lo: int) -> bool:
        if i <= lo:
            return False
        before = self.t[i - 1]
        if before.kind == "op":
            return before.text in (")", "]", "}")
        return before.kind != "name" or before.text.lower() not in _KEYWORDS

    def reference(self, i: int, hi: int, env: Env, what: str) -> tuple[Val, int]:
        """A variable, a property of one, a function call or a map projection starting at ``i``."""
        parts, j = [self.t[i].text], i + 1
        while j + 1 < hi and self.op(j, ".") and self.t[j + 1].kind in ("name", "quoted"):
            parts.append(self.t[j + 1].text)
            j += 2
        lowered = ".".join(parts).lower()
        if j < hi and self.op(j, "("):
            return self.function(lowered, j, env, what), self.match[j] + 1
        if len(parts) == 1 and lowered in ("count", "exists", "collect") and self.op(j, "{"):
            returned = self.walk(j + 1, self.match[j], env)
            value = ZERO
            if lowered == "collect" and returned:
                columns = list(returned.values())
                for column in columns[1:]:
                    columns[0] = either(columns[0], column)
                value = Val(columns[0].size, elem=columns[0])
            return value, self.match[j] + 1
        value = env.get(self.t[i].text, ONE)
        for key in parts[1:]:
            value = field(value, key)
        if self.op(j, "{"):  # a map projection n {.a, k: v}
            return self.map_(j, env, what, base=value), self.match[j] + 1
        return value, j

    def list_(self, i: int, env: Env, what: str) -> Val:
        lo, hi = i + 1, self.match[i]
        if self.variable(lo) and self.word(lo + 1, "in"):
            return self.comprehension(lo, hi, env, what)
        bar = self.find(lo, hi, op="|")
        if bar is not None:  # a pattern comprehension: its node and relationship variables are new
            inner = dict(env)
            for name in self.pattern_variables(lo - 1, bar):
                inner[name] = ONE
            where = self.find(lo, bar, "where")
            self.pattern(lo, where if where is not None else bar, inner, what)
            if where is not None:
                self.expr(where + 1, bar, inner, what)
            projected = self.expr(bar + 1, hi, inner, what)
            return Val(projected.size, elem=projected)
        total, elem = ZERO, None
        for a, b in self.split(lo, hi):
            item = self.expr(a, b, env, what)
            total, elem = self.check(plus(total, item), what), item if elem is None else either(elem, item)
        return Val(total.size, elem=elem or ZERO)

    def comprehension(self, lo: int, hi: int, env: Env, what: str) -> Val:
        """``x IN list [WHERE p] [| e]``: the list itself, or one element's projection per element."""
        where = self.find(lo + 2, hi, "where")
        bar = self.find(lo + 2, hi, op="|")
        source_end = min(k for k in (where, bar, hi) if k is not None)
        source = self.expr(lo + 2, source_end, env, what)
        inner = dict(env)
        inner[self.bind(lo)] = self.check(bound(element(source)), what)
        if where is not None:
            self.expr(where + 1, bar if bar is not None else hi, inner, what)
        if bar is None:
            return source
        projected = self.expr(bar + 1, hi, inner, what)
        return Val(projected.size, elem=projected)

    def map_(self, i: int, env: Env, what: str, base: Val | None = None) -> Val:
        """A map literal, or the projection ``base {.key, key: value, .*}``, field by field."""
        total, fields, every = ZERO, {}, False
        for a, b in self.split(i + 1, self.match[i]):
            if self.op(a, ".") and base is not None:
                if self.op(a + 1, "*"):
                    every = True  # every field of base: no more than base
                    continue
                key = self.t[a + 1].text if a + 1 < b else ""
                value = field(base, key)
            else:
                colon = self.find(a, b, op=":")
                value = self.expr(colon + 1 if colon is not None else a, b, env, what)
                key = self.t[a].text if colon is not None else (self.t[a].text if b - a == 1 else "")
            fields[key] = value
            total = self.check(plus(total, value), what)
        if every and base is not None:
            return self.check(Val(plus(base, total).size), what)
        return Val(total.size, fields=fields)

    def case(self, i: int, env: Env, what: str) -> Val:
        """The largest branch; the tested value and the conditions count nothing."""
        end = self.match[i]
        marks = [k for k in self.level(i + 1, end) if self.word(k, "when", "then", "else")] + [end]
        self.expr(i + 1, marks[0], env, what)
        largest: Val | None = None
        for n, k in enumerate(marks[:-1]):
            value = self.expr(k + 1, marks[n + 1], env, what)
            if not self.word(k, "when"):
                largest = value if largest is None else either(largest, value)
        return largest if largest is not None else ZERO

    def function(self, name: str, open_: int, env: Env, what: str) -> Val:
        lo, hi = open_ + 1, self.match[open_]
        if name == "reduce":
            return self.reduce_(lo, hi, env, what)
        if name in _QUANTIFIERS and self.variable(lo) and self.word(lo + 1, "in"):
            self.comprehension(lo, hi, env, what)
            return ZERO
        if self.word(lo, "distinct"):
            lo += 1
        args = self.split(lo, hi)
        values = [self.expr(a, b, env, what) for a, b in args]
        if name in _SCALAR or not values:
            return ZERO
        if name == "replace" and len(args) == 3:
            return self.check(self.replace(args, values[0]), what)
        if name in ("head", "last"):
            return element(values[0])
        if name in ("tail", "reverse", "properties", "distinct"):
            return values[0]
        if name == "collect":
            return Val(values[0].size, elem=values[0])
        total = values[0]
        for value in values[1:]:
            total = either(total, value) if name == "coalesce" else plus(total, value)
        return self.check(total if name == "coalesce" else Val(total.size), what)

    def replace(self, args: list[tuple[int, int]], subject: Val) -> Val:
        """``replace(x, y, z)``: each match of y in x can become z, so x grows by |z| / |y| at most."""
        (_, _), (ya, yb), (za, zb) = args
        if zb - za != 1 or self.t[za].kind != "string":
            return Val(None)  # a computed replacement: the result can be |x| × |z|
        z = len(self.t[za].text)
        if yb - ya == 1 and self.t[ya].kind == "string" and self.t[ya].text:
            factor = max(1, ceil(z / len(self.t[ya].text)))
        else:
            factor = z + 1  # an empty (or computed) pattern matches between every two characters
        return scaled(subject, factor)

    def reduce_(self, lo: int, hi: int, env: Env, what: str) -> Val:
        """``reduce(acc = init, x IN list | step)``, with the accumulator as a symbol of its own."""
        comma = self.find(lo, hi, op=",")
        bar = self.find(comma + 1, hi, op="|") if comma is not None else None
        shaped = self.variable(lo) and self.op(lo + 1, "=") and bar is not None and self.variable(comma + 1)
        if not shaped or not self.word(comma + 2, "in"):
            return Val(None)  # not reduce(acc = init, x IN list | step): nothing the planner accepts either
        acc = self.bind(lo)
        init = self.expr(lo + 2, comma, env, what)
        source = self.expr(comma + 3, bar, env, what)
        symbol = f"#{self.symbols}"
        self.symbols += 1
        inner = dict(env)
        inner[self.bind(comma + 1)] = self.check(bound(element(source)), what)
        inner[acc] = Val({symbol: 1})
        step = self.expr(bar + 1, hi, inner, f"reduce 的累加值 {acc}").size
        if step is None:
            return Val(None)
        step = dict(step)
        times = step.pop(symbol, 0)
        if times >= 2:
            raise GrowthRefused(
                f"{_REFUSED}reduce 的每一步把累加值 {acc} 变成它的 {times} 倍（如 {acc} + {acc}），"
                "结果成倍增长，可能耗尽图数据库的内存"
            )
        if times == 0:
            return Val(_max(init.size, step))  # each step replaces the value: the last one is kept
        if not any(step.values()):
            return init
        return self.check(Val(_add(init.size, _times_steps(step))), f"reduce 的累加值 {acc}")


def growth_problem(tokens: list[Token]) -> str | None:
    """The first reason (Chinese, one line) that a value of the query can grow without bound, else None."""
    try:
        analysis = _Analysis(tokens)
        if analysis.unpaired:
            return (
                f"{_REFUSED}查询中的 CASE 与 END 不配对（是否有名为 case 的标签或变量？），"
                "无法检查其中的值会增长到多大"
            )
        analysis.walk(0, len(tokens), {}, top=True)
    except GrowthRefused as exc:
        return str(exc)
    except RecursionError:
        return f"{_REFUSED}查询嵌套过深，无法检查其中的值会增长到多大"
    return None
