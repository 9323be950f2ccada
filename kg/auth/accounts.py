"""Accounts: ``$KG_HOME/accounts.json`` (owner-only), Argon2id hashes, slow-down and lock-out.

They live outside the graph so the read-only console can never read them. Passwords are never
stored, logged or shown: only their Argon2id hash is kept.

Failed sign-ins are counted per account name and source (:mod:`kg.auth.throttle`): each failure
waits longer, five in a row lock that name from that source only for 15 minutes, and 50 within 15
minutes from all sources together lock it everywhere (the ceiling against a guesser with many
addresses). An unknown name is answered exactly like a known one: same messages, same delays, and
an Argon2 verification of a dummy hash so the hash time is the same too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kg.auth import throttle
from kg.config import load_settings
from kg.errors import InvalidArgument, KgError

ROLES = ("editor",)
MIN_PASSWORD = 10
NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")

_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id
# Verified when the name is unknown, so an unknown name costs as much time as a wrong password.
_DUMMY = _hasher.hash("not-a-password-of-anyone")


class SignInRefused(KgError):
    """Wrong name or password, or a locked name (the message never says which name exists)."""


@dataclass(frozen=True)
class Account:
    """An account; ``failures`` and the locks are its failed sign-ins' standing now."""

    name: str
    role: str
    created: str
    failures: int = 0  # within the last 15 minutes, from all sources
    locked_until: float = 0.0  # locked everywhere (the ceiling) until then
    locked_sources: int = 0  # sources it is locked from now


def accounts_path(home: Path | None = None) -> Path:
    return (home or load_settings().home) / "accounts.json"


@contextlib.contextmanager
def _store(home: Path | None = None) -> Iterator[dict[str, Any]]:
    """The accounts, locked for one writer at a time; saved (0600, atomically) on exit."""
    path = accounts_path(home)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"users": {}}
            before = json.dumps(data, sort_keys=True)
            yield data
            if json.dumps(data, sort_keys=True) != before or not path.exists():
                tmp = path.with_suffix(".tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(data, out, ensure_ascii=False, indent=1)
                os.chmod(tmp, 0o600)
                os.replace(tmp, path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def add(name: str, password: str, role: str = "editor", home: Path | None = None) -> None:
    """Create (or reset the password of) an account."""
    if not NAME.match(name):
        raise InvalidArgument("账户名只能用字母、数字、_ . -，最多 64 个字符")
    if role not in ROLES:
        raise InvalidArgument(f"未知角色 {role}；可用：{', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise InvalidArgument(f"密码至少 {MIN_PASSWORD} 个字符")
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with _store(home) as data:
        data["users"][name] = {"hash": _hasher.hash(password), "role": role, "created": created}
        throttle.forget(throttle.state(data), name)  # a new password also lifts its locks


def remove(name: str, home: Path | None = None) -> bool:
    with _store(home) as data:
        throttle.forget(throttle.state(data), name)
        return data["users"].pop(name, None) is not None


def list_accounts(home: Path | None = None, now: float | None = None) -> list[Account]:
    now = time.time() if now is None else now
    with _store(home) as data:
        users = data["users"]
        part = data.get("throttle")  # read only: listing never writes the file
    out = []
    for name, user in sorted(users.items()):
        s = throttle.standing(part, name, now)
        locked_until, sources = s.locked_everywhere_until, s.locked_sources
        out.append(Account(name, user["role"], user["created"], s.failures, locked_until, sources))
    return out


def role_of(name: str, home: Path | None = None) -> str | None:
    """The account's role now (None once removed): sessions re-check it on every page run."""
    with _store(home) as data:
        user = data["users"].get(name)
    return user["role"] if user else None


def sign_in(
    name: str,
    password: str,
    *,
    source: str,
    home: Path | None = None,
    now: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Account:
    """The account when ``password`` is right; else :class:`SignInRefused`, after a delay.

    ``source`` says who is signing in (the client's address, or its browser session): failures
    slow down and lock this name from that source, up to the name's ceiling across all sources.
    A lock answers at once, before any hashing; a failure waits ``throttle.delay_for`` its count.
    """
    now = time.time() if now is None else now
    with _store(home) as data:
        part = throttle.state(data)
        throttle.prune(part, now)
        who = throttle.attempt(part, name, source)
        locked = throttle.refusal(part, who, now)
        if locked:
            raise SignInRefused(locked)
        user = data["users"].get(name)
        try:
            _hasher.verify(user["hash"] if user else _DUMMY, password)
            right = user is not None
        except (VerificationError, InvalidHashError):
            right = False
        if right:
            if _hasher.check_needs_rehash(user["hash"]):
                user["hash"] = _hasher.hash(password)
            throttle.succeeded(part, who)
            return Account(name, user["role"], user["created"])
        failures, answer = throttle.failed(part, who, now)
    sleep(throttle.delay_for(failures))
    raise SignInRefused(answer)
