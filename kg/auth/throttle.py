"""Failed sign-ins: counted per account name *and* source, with a ceiling per name across sources.

A source is whoever the caller says is signing in (the explorer: the client's address, else its
browser session). Each failure from a source waits longer before it is answered (``SLOWDOWN_BASE``
doubling up to ``SLOWDOWN_CAP``); ``MAX_FAILURES`` in a row (failures are forgotten after
``LOCK_SECONDS`` without one) lock that name *from that source* for ``LOCK_SECONDS``. The same
account still signs in at once from anywhere else: a stranger's guesses cannot lock an editor out.

Guesses spread over many sources meet a ceiling per name: ``GLOBAL_MAX_FAILURES`` failures within
``GLOBAL_WINDOW``, from all sources together, lock the name everywhere for ``LOCK_SECONDS`` (so at
most 50 guesses per account per 15 minutes, whatever the number of addresses). Only that ceiling
lets strangers lock an editor out, and it takes ten times the guesses a single source may make.

A name that is no account is counted exactly like an account's (same messages, same delays), so
the answers never tell which names exist. Names and sources are kept only as keyed hashes (a name
typed by mistake may be a password), dropped once expired, and at most ``MAX_TRACKED`` entries are
kept: the ones closest to expiring go first when a flood of names exceeds it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
GLOBAL_MAX_FAILURES = 50
GLOBAL_WINDOW = 15 * 60
SLOWDOWN_BASE = 0.5  # seconds; doubled per failure in a row, capped at SLOWDOWN_CAP
SLOWDOWN_CAP = 4.0
MAX_TRACKED = 20_000

WRONG = "账户名或密码不正确"


@dataclass(frozen=True)
class Attempt:
    """Where one sign-in's counts live: the name's entry and the (name, source) pair's."""

    name: str  # keyed hash of the account name
    pair: str  # the name's hash and the source's


def state(data: dict[str, Any]) -> dict[str, Any]:
    """The throttle's part of the accounts file (created with its own hashing key)."""
    part = data.setdefault("throttle", {})
    part.setdefault("key", secrets.token_hex(32))
    part.setdefault("names", {})
    part.setdefault("pairs", {})
    return part


def _digest(part: dict[str, Any], kind: str, text: str) -> str:
    key = bytes.fromhex(part["key"])
    return hmac.new(key, f"{kind}\0{text}".encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]


def attempt(part: dict[str, Any], name: str, source: str) -> Attempt:
    named = _digest(part, "name", name)
    return Attempt(named, f"{named}:{_digest(part, 'source', source)}")


def delay_for(failures: int) -> float:
    return 0.0 if failures <= 0 else min(SLOWDOWN_BASE * 2 ** (failures - 1), SLOWDOWN_CAP)


def _minutes(until: float, now: float) -> int:
    return max(1, round((until - now) / 60))


def refusal(part: dict[str, Any], who: Attempt, now: float) -> str | None:
    """Why this attempt is refused unheard (a lock), or None. The same for every name."""
    everywhere = part["names"].get(who.name, {}).get("until", 0.0)
    if everywhere > now:
        return f"这个账户名登录失败过多，已在所有地方锁定，约 {_minutes(everywhere, now)} 分钟后再试"
    here = part["pairs"].get(who.pair, {}).get("until", 0.0)
    if here > now:
        return (
            f"这个账户名从这里登录已锁定（连续 {MAX_FAILURES} 次账户名或密码不正确），"
            f"约 {_minutes(here, now)} 分钟后再试"
        )
    return None


def failed(part: dict[str, Any], who: Attempt, now: float) -> tuple[int, str]:
    """Count a failure: how many in a row from this source (for the delay) and the answer."""
    pair = part["pairs"].setdefault(who.pair, {"fails": 0, "last": now, "until": 0.0})
    pair["fails"] += 1
    pair["last"] = now
    failures = pair["fails"]
    named = part["names"].setdefault(who.name, {"fails": [], "until": 0.0})
    named["fails"] = [t for t in named["fails"] if t > now - GLOBAL_WINDOW] + [now]
    if len(named["fails"]) >= GLOBAL_MAX_FAILURES:
        named["fails"], named["until"] = [], now + LOCK_SECONDS
        pair["fails"] = 0
        minutes = GLOBAL_WINDOW // 60
        return failures, (
            f"这个账户名 {minutes} 分钟内登录失败 {GLOBAL_MAX_FAILURES} 次，"
            f"已在所有地方锁定 {LOCK_SECONDS // 60} 分钟"
        )
    if failures >= MAX_FAILURES:
        pair["fails"], pair["until"] = 0, now + LOCK_SECONDS
        return failures, (
            f"连续 {MAX_FAILURES} 次账户名或密码不正确，这个账户名从这里登录已锁定 {LOCK_SECONDS // 60} 分钟"
        )
    return failures, WRONG


def succeeded(part: dict[str, Any], who: Attempt) -> None:
    """A right password ends the source's run of failures (not the name's count across sources)."""
    part["pairs"].pop(who.pair, None)


def forget(part: dict[str, Any], name: str) -> None:
    """Drop every count of ``name`` (a new password or a removed account starts afresh)."""
    named = _digest(part, "name", name)
    part["names"].pop(named, None)
    for key in [k for k in part["pairs"] if k.startswith(f"{named}:")]:
        del part["pairs"][key]


def _expires(kind: str, entry: dict[str, Any]) -> float:
    if kind == "pairs":
        return max(entry["until"], entry["last"] + LOCK_SECONDS)
    return max(entry["until"], max(entry["fails"], default=0.0) + GLOBAL_WINDOW)


def prune(part: dict[str, Any], now: float) -> None:
    """Drop expired entries; beyond ``MAX_TRACKED``, the ones closest to expiring.

    Runs before an attempt is counted (a stale run of failures must not count), so it leaves room
    for the attempt's two entries.
    """
    entries = [(_expires(kind, e), kind, key) for kind in ("names", "pairs") for key, e in part[kind].items()]
    live = [x for x in entries if x[0] > now]
    gone = [x for x in entries if x[0] <= now]
    keep = MAX_TRACKED - 2
    if len(live) > keep:
        live.sort()
        gone += live[: len(live) - keep]
    for _, kind, key in gone:
        del part[kind][key]


@dataclass(frozen=True)
class Standing:
    """What ``kg users list`` shows of a name: recent failures and where it is locked."""

    failures: int  # within GLOBAL_WINDOW, from all sources
    locked_everywhere_until: float
    locked_sources: int


def standing(part: dict[str, Any] | None, name: str, now: float) -> Standing:
    if not part:
        return Standing(0, 0.0, 0)
    named = _digest(part, "name", name)
    entry = part["names"].get(named, {"fails": [], "until": 0.0})
    sources = sum(1 for key, p in part["pairs"].items() if key.startswith(f"{named}:") and p["until"] > now)
    recent = sum(1 for t in entry["fails"] if t > now - GLOBAL_WINDOW)
    return Standing(recent, entry["until"] if entry["until"] > now else 0.0, sources)
