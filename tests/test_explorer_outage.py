"""Every explorer page meets a lost server with one Chinese line, and reconnects by itself.

Each page first renders against the suite's real server, then is pointed at a closed port (the
cached driver dropped, as a lost connection drops it), then is retried against the server again
in the same session: no Streamlit restart. The console is also cut mid-query by a real kill -9
of the JVM, which the server's supervisor restarts.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from neo4j.exceptions import DriverError
from streamlit.testing.v1 import AppTest

from kg.auth import accounts
from kg.config import Settings
from kg.explorer import ui
from kg.explorer.safe import unescape
from kg.graph import server
from kg.graph.connection import Graph
from tests.conftest import free_port, wipe
from tests.explorer_seed import seed

PAGES = Path(__file__).resolve().parents[1] / "kg" / "explorer" / "pages"
TIMEOUT = 120
CJK = re.compile(r"[\u4e00-\u9fff]")
# Several seconds of work on the server, with no row until the end: long enough to be killed.
SLOW = "UNWIND range(1, 60000000) AS i WITH i WHERE i % 7 = 0 RETURN count(*) AS n"


@pytest.fixture(scope="module")
def seeded(session_graph: Graph) -> Graph:
    wipe(session_graph)
    seed(session_graph)
    return session_graph


def console_query(text: str) -> Callable[[AppTest], None]:
    def run(at: AppTest) -> None:
        at.text_area[0].set_value(text)
        at.button[0].click()  # 运行, the free query's form

    return run


def search(text: str) -> Callable[[AppTest], None]:
    def run(at: AppTest) -> None:
        at.text_input[0].set_value(text)

    return run


def signed_in_editor(at: AppTest) -> None:
    name = f"ed{uuid.uuid4().hex[:8]}"
    accounts.add(name, "correct horse battery", "editor")
    now = time.time()
    at.session_state["editor_session"] = {"name": name, "since": now, "seen": now}


# What a page needs before it reads the graph (the others read it as they open): signing in
# before the first run, a form submit or a search before each run (with its widgets drawn).
BEFORE_FIRST_RUN: dict[str, Callable[[AppTest], None]] = {
    "data_import": signed_in_editor,
    "link_review": signed_in_editor,
}
BEFORE_EACH_RUN: dict[str, Callable[[AppTest], None]] = {
    "console": console_query("MATCH (e:Enterprise) RETURN count(e) AS n"),
    "profile": search("甲射频"),
}


def errors(at: AppTest) -> list[str]:
    return [unescape(str(e.value)) for e in at.error]


def assert_answered(at: AppTest) -> None:
    """The page ran to its end: no exception and no failure line (pages also use st.error for
    content, such as a weak segment's advice)."""
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in errors(at) if e.startswith(ui.UNREACHABLE)], errors(at)
    assert not [b for b in at.button if b.label == "重试"]


def assert_one_chinese_line(at: AppTest) -> str:
    """Exactly one error, one line, Chinese, the lost-connection message, no traceback anywhere."""
    assert not at.exception, [e.value for e in at.exception]
    (line,) = errors(at)
    assert "\n" not in line and CJK.search(line), line
    assert line.startswith(ui.UNREACHABLE), line
    assert "Traceback" not in line and "Exception" not in line, line
    assert [b.label for b in at.button if b.label == "重试"] == ["重试"]
    return line


def retry(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.label == "重试").click().run()


@pytest.mark.parametrize("name", sorted(p.stem for p in PAGES.glob("*.py")))
def test_each_page_says_one_chinese_line_when_the_server_is_gone_and_recovers(
    seeded: Graph, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=TIMEOUT)
    BEFORE_FIRST_RUN.get(name, lambda at: None)(at)
    at.run()
    act = BEFORE_EACH_RUN.get(name)
    if act:
        act(at)
        at.run()
    assert_answered(at)

    port = os.environ["KG_BOLT_PORT"]
    monkeypatch.setenv("KG_BOLT_PORT", str(free_port()))  # nothing listens there
    ui._graph.clear()  # as a lost connection does: the next run connects afresh
    if act:
        act(at)
    at.run()
    line = assert_one_chinese_line(at)
    assert "ServiceUnavailable" in line  # the short technical detail

    monkeypatch.setenv("KG_BOLT_PORT", port)  # the server answers again
    retry(at)
    assert_answered(at)
    if name == "console":  # 重试 ran the query again
        assert [s.value for s in at.success] == ["返回 1 行"]


def kill_when_running(graph: Graph, settings: Settings, marker: str, killed: list[float]) -> None:
    """kill -9 the JVM once a transaction running ``marker`` (not its EXPLAIN) is seen."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rows = graph.driver.execute_query(
            "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery", database_=graph.database
        ).records
        if any(marker in r["currentQuery"] and "EXPLAIN" not in r["currentQuery"] for r in rows):
            time.sleep(0.3)
            pid = server.status(settings, probe=False).pid
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            killed.append(time.monotonic())
            return
        time.sleep(0.05)


def test_console_query_cut_by_kill_9_is_one_line_and_the_same_page_answers_after_the_restart(
    seeded: Graph, settings: Settings
) -> None:
    at = AppTest.from_file(str(PAGES / "console.py"), default_timeout=TIMEOUT).run()
    at.number_input[1].set_value(120)  # the time limit is not what stops this query
    console_query("RETURN 1 AS one")(at)
    at.run()
    assert [s.value for s in at.success] == ["返回 1 行"]
    cached = ui._graph()  # the page's driver, from the run above

    killed: list[float] = []
    killer = threading.Thread(target=kill_when_running, args=(seeded, settings, "range(1, 60000000)", killed))
    started = time.monotonic()
    try:
        killer.start()
        console_query(SLOW)(at)
        at.run()
        killer.join()
        assert killed, "the slow query finished before it could be killed"
        failed = time.monotonic()
        assert_one_chinese_line(at)
        assert not at.dataframe
        # the dead driver was dropped and closed: the next run builds its own
        with pytest.raises(DriverError, match="closed"):
            cached.driver.verify_connectivity()
        other = AppTest.from_file(str(PAGES / "overview.py"), default_timeout=TIMEOUT).run()
        assert not other.exception, [e.value for e in other.exception]
        if errors(other):  # the JVM is still restarting (it usually is): one line again
            assert_one_chinese_line(other)
    finally:
        killer.join()
        server.start(settings)  # waits until Bolt answers again
        seeded.driver.execute_query("RETURN 1")  # the suite's driver drops its dead connections
    back = time.monotonic()

    retry(at)
    assert_answered(at)
    assert not errors(at), errors(at)
    assert [s.value for s in at.success] == ["返回 1 行"]
    assert ui._graph() is not cached
    assert_answered(other.run())
    print(
        f"killed {killed[0] - started:.1f}s into the query, one line after {failed - killed[0]:.1f}s, "
        f"server back {back - killed[0]:.1f}s after the kill, answered {time.monotonic() - back:.1f}s later"
    )
