"""Accounts: ``$KG_HOME/accounts.json`` (owner-only), Argon2id hashes, slow-down and lock-out.

They live outside the graph so the read-only console can never read them. A wrong password costs
a growing delay; five in a row lock the account for ``LOCK_SECONDS``. Passwords are never stored,
logged or shown: only their Argon2id hash is kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kg.config import load_settings
from kg.errors import InvalidArgument, KgError

ROLES = ("editor",)
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
SLOWDOWN_BASE = 0.5  # seconds; doubled per failure in a row, capped at SLOWDOWN_CAP
SLOWDOWN_CAP = 4.0
MIN_PASSWORD = 10
NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")

_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id
# Verified when the name is unknown, so an unknown name costs as much time as a wrong password.
_DUMMY = _hasher.hash("not-a-password-of-anyone")


class SignInRefused(KgError):
    """Wrong name or password, or a locked account (the message never says which name exists)."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    created: str
    failures: int
    locked_until: float


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
        data["users"][name] = {
            "hash": _hasher.hash(password),
            "role": role,
            "created": created,
            "failures": 0,
            "locked_until": 0.0,
        }


def remove(name: str, home: Path | None = None) -> bool:
    with _store(home) as data:
        return data["users"].pop(name, None) is not None


def list_accounts(home: Path | None = None) -> list[Account]:
    with _store(home) as data:
        users = data["users"]
    return [
        Account(n, u["role"], u["created"], u["failures"], u["locked_until"])
        for n, u in sorted(users.items())
    ]


def role_of(name: str, home: Path | None = None) -> str | None:
    """The account's role now (None once removed): sessions re-check it on every page run."""
    with _store(home) as data:
        user = data["users"].get(name)
    return user["role"] if user else None


def delay_for(failures: int) -> float:
    return 0.0 if failures <= 0 else min(SLOWDOWN_BASE * 2 ** (failures - 1), SLOWDOWN_CAP)


def sign_in(name: str, password: str, home: Path | None = None, now: float | None = None) -> Account:
    """The account when ``password`` is right; else :class:`SignInRefused` after a delay."""
    now = time.time() if now is None else now
    with _store(home) as data:
        user = data["users"].get(name)
        if user is None:
            with contextlib.suppress(VerificationError, InvalidHashError):
                _hasher.verify(_DUMMY, password)
            failures = 1
            locked = False
        elif user["locked_until"] > now:
            minutes = max(1, round((user["locked_until"] - now) / 60))
            raise SignInRefused(f"账户已锁定（连续 {MAX_FAILURES} 次密码错误），约 {minutes} 分钟后再试")
        else:
            try:
                _hasher.verify(user["hash"], password)
            except (VerificationError, InvalidHashError):
                user["failures"] += 1
                failures = user["failures"]
                locked = failures >= MAX_FAILURES
                if locked:
                    user["locked_until"] = now + LOCK_SECONDS
                    user["failures"] = 0
            else:
                if _hasher.check_needs_rehash(user["hash"]):
                    user["hash"] = _hasher.hash(password)
                user["failures"] = 0
                return Account(name, user["role"], user["created"], 0, 0.0)
    time.sleep(delay_for(failures))
    if locked:
        raise SignInRefused(f"连续 {MAX_FAILURES} 次密码错误，账户已锁定 {LOCK_SECONDS // 60} 分钟")
    raise SignInRefused("账户名或密码不正确")
