"""Sign-in answers that do not tell names apart, and lock-outs that only the guesser's source feels
(kg.auth.accounts and kg.auth.throttle; accounts under a temporary KG_HOME, no server needed)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from kg.auth import accounts, throttle
from tests.conftest import run_kg

PASSWORD = "correct horse battery"
T0 = 1_750_000_000.0


class Waits:
    """An injected ``sleep``: records each delay instead of waiting it."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    accounts.add("wang", PASSWORD, home=tmp_path)
    return tmp_path


@pytest.fixture()
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast Argon2 parameters for tests that make dozens of attempts (the throttle is what they test)."""
    fast = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", fast)
    monkeypatch.setattr(accounts, "_DUMMY", fast.hash("not-a-password-of-anyone"))


def answers(home: Path, name: str, attempts: int, source: str = "ip:10.0.0.1", now: float = T0):
    """The message of each wrong attempt and the delay each one waited."""
    waits = Waits()
    messages = []
    for i in range(attempts):
        with pytest.raises(accounts.SignInRefused) as refused:
            accounts.sign_in(name, f"wrong {i}", source=source, home=home, now=now + i, sleep=waits)
        messages.append(str(refused.value))
    return messages, waits.delays


def test_a_known_and_an_unknown_name_get_the_same_answers_and_delays(home: Path) -> None:
    known = answers(home, "wang", 7)
    unknown = answers(home, "nobody", 7)
    assert known == unknown
    messages, delays = known
    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0]  # a locked name is answered at once, unheard
    assert messages[:4] == ["账户名或密码不正确"] * 4
    assert "连续 5 次" in messages[4] and "锁定 15 分钟" in messages[4]
    assert messages[5] == messages[6] and "已锁定" in messages[5] and "约 15 分钟后再试" in messages[5]
    assert all("\n" not in m and "wang" not in m and "nobody" not in m for m in messages)


def test_a_known_and_an_unknown_name_take_as_long_to_refuse(home: Path) -> None:
    # real Argon2 and real sleeps: the 2nd failure waits 1 s, the hashing the same for both
    def elapsed(name: str) -> list[float]:
        out = []
        for i in range(2):
            start = time.perf_counter()
            with pytest.raises(accounts.SignInRefused):
                accounts.sign_in(name, f"wrong {i}", source="ip:10.0.0.2", home=home)
            out.append(time.perf_counter() - start)
        return out

    known, unknown = elapsed("wang"), elapsed("nobody")
    for expected, k, u in zip([0.5, 1.0], known, unknown, strict=True):
        assert k >= expected and u >= expected
        assert abs(k - u) < 0.35, (known, unknown)


def test_five_failures_lock_their_source_only(home: Path) -> None:
    answers(home, "wang", 5, source="ip:10.0.0.66")
    with pytest.raises(accounts.SignInRefused, match="从这里登录已锁定"):
        accounts.sign_in("wang", PASSWORD, source="ip:10.0.0.66", home=home, now=T0 + 10)
    # the editor, elsewhere, signs in at once
    waits = Waits()
    signed = accounts.sign_in("wang", PASSWORD, source="ip:10.0.0.7", home=home, now=T0 + 11, sleep=waits)
    assert signed.name == "wang" and waits.delays == []
    [listed] = accounts.list_accounts(home, now=T0 + 12)
    assert (listed.failures, listed.locked_sources, listed.locked_until) == (5, 1, 0.0)
    # and the guesser's source may try again once the lock has run out
    later = T0 + throttle.LOCK_SECONDS + 10
    assert accounts.sign_in("wang", PASSWORD, source="ip:10.0.0.66", home=home, now=later).name == "wang"


@pytest.mark.usefixtures("cheap_hashes")
@pytest.mark.parametrize("name", ["wang", "nobody"])
def test_fifty_failures_from_many_sources_lock_the_name_everywhere(home: Path, name: str) -> None:
    waits = Waits()
    messages = []
    for i in range(throttle.GLOBAL_MAX_FAILURES):  # one guess from each of 50 addresses
        with pytest.raises(accounts.SignInRefused) as refused:
            accounts.sign_in(name, "guess", source=f"ip:203.0.113.{i}", home=home, now=T0 + i, sleep=waits)
        messages.append(str(refused.value))
    assert messages[:-1] == ["账户名或密码不正确"] * 49
    assert "50 次" in messages[-1] and "所有地方锁定 15 分钟" in messages[-1]
    assert waits.delays == [0.5] * 50  # each address failed once
    with pytest.raises(accounts.SignInRefused, match="已在所有地方锁定，约 15 分钟后再试"):
        accounts.sign_in(name, PASSWORD, source="ip:10.0.0.7", home=home, now=T0 + 60)


@pytest.mark.usefixtures("cheap_hashes")
def test_the_ceiling_counts_a_window_and_a_new_password_lifts_it(home: Path) -> None:
    def guess(i: int, at: float) -> None:
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in("wang", "guess", source=f"ip:198.51.100.{i}", home=home, now=at, sleep=Waits())

    for i in range(49):
        guess(i, T0)
    guess(49, T0 + throttle.GLOBAL_WINDOW + 1)  # the first 49 have left the window
    assert accounts.sign_in("wang", PASSWORD, source="ip:10.0.0.7", home=home, now=T0 + 901).name == "wang"
    for i in range(50):
        guess(i, T0 + 1000)
    [listed] = accounts.list_accounts(home, now=T0 + 1001)
    assert listed.locked_until > T0 + 1001
    accounts.add("wang", PASSWORD, home=home)  # the administrator sets a new password
    assert accounts.sign_in("wang", PASSWORD, source="ip:10.0.0.7", home=home, now=T0 + 1002).name == "wang"


@pytest.mark.usefixtures("cheap_hashes")
def test_counts_of_unknown_names_stay_bounded_and_unreadable(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttle, "MAX_TRACKED", 30)
    for i in range(40):
        with pytest.raises(accounts.SignInRefused):
            name = f"typo-{i}-secret"
            accounts.sign_in(name, "x", source="ip:10.0.0.9", home=home, now=T0 + i, sleep=Waits())
    text = accounts.accounts_path(home).read_text(encoding="utf-8")
    part = json.loads(text)["throttle"]
    assert len(part["names"]) + len(part["pairs"]) <= 30
    assert "typo-" not in text and "10.0.0.9" not in text  # only keyed hashes are kept
    with pytest.raises(accounts.SignInRefused):  # any attempt, long after, prunes what expired
        accounts.sign_in("x", "x", source="s", home=home, now=T0 + 3600, sleep=Waits())
    part = json.loads(accounts.accounts_path(home).read_text(encoding="utf-8"))["throttle"]
    assert len(part["names"]) == len(part["pairs"]) == 1


def test_users_list_shows_failures_and_where_an_account_is_locked(home: Path) -> None:
    accounts.add("li", PASSWORD, home=home)
    answers(home, "wang", 5, now=time.time())
    answers(home, "li", 2, now=time.time())
    listed = run_kg("users", "list", "--format", "json", env={"KG_HOME": str(home)})
    assert listed.returncode == 0, listed.stderr
    rows = {r["name"]: (r["failures"], r["locked"]) for r in json.loads(listed.stdout)}
    assert rows == {"wang": (5, "1 source"), "li": (2, "no")}
