"""Streamlit plumbing shared by the pages: one cached driver, results cached per data version,
one-line failures (a retry only where retrying can help), the sample-data badge, drawings.

Every failure of a page ends in :func:`fail`: one Chinese line, a retry where one can help, the end
of the page. A lost connection (the server stopped, was killed or is restarting) also drops the
cached driver, so the next run connects afresh: it fails at once while the server is down (the old
driver's reads would each retry for 30 s) and works as soon as the server answers again, without
restarting Streamlit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, NoReturn, ParamSpec, TypeVar

import streamlit as st
from neo4j.exceptions import (
    AuthError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from kg.errors import GraphUnavailable, KgError, QueryTimeout
from kg.explorer import reads
from kg.explorer.safe import md
from kg.graph.connection import Graph, connect

CACHE_TTL = 600
FRAME_WIDTH = 1000
FAILURES = (KgError, Neo4jError, DriverError, OSError)
# The connection, not the page, failed: no server answers (stopped, killed, restarting, refused),
# or it no longer takes the cached driver's password. A new driver is what can help.
LOST = (GraphUnavailable, ServiceUnavailable, SessionExpired, DatabaseUnavailable, AuthError, ConnectionError)
UNREACHABLE = "图数据库暂时无法连接（可能正在重启），请稍后重试"
DETAIL_CHARS = 120
P = ParamSpec("P")
T = TypeVar("T")


def _release(graph: Graph) -> None:
    """Close a dropped driver; a dead connection may complain while closing, which changes nothing."""
    try:
        graph.close()
    except FAILURES:
        pass


@st.cache_resource(show_spinner=False, on_release=_release)
def _graph() -> Graph:
    # The app never starts or manages the server: `make run` / `kg server start` do.
    return connect(start_local=False)


def lost(exc: BaseException) -> bool:
    """Whether ``exc`` says the connection to the server is gone (see :data:`LOST`)."""
    return isinstance(exc, LOST)


def detail(exc: BaseException) -> str:
    """The short technical reason: the driver's error and its root cause's first line
    (e.g. ``ServiceUnavailable：[Errno 111] Connection refused``), never a traceback."""
    chain = [exc]
    while len(chain) < 10:  # causes as a traceback would show them
        last = chain[-1]
        cause = last.__cause__ or (None if last.__suppress_context__ else last.__context__)
        if cause is None:
            break
        chain.append(cause)
    lines = str(chain[-1]).strip().splitlines()
    text = " ".join(lines[0].split()) if lines else type(chain[-1]).__name__
    named = next((e for e in chain if not isinstance(e, KgError)), None)
    if named is not None:
        text = f"{type(named).__name__}：{text}"
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…"


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if lost(exc):
        return f"{UNREACHABLE}（{detail(exc)}）"
    if isinstance(exc, QueryTimeout):
        return f"查询超时：{text}"
    if isinstance(exc, TransientError):
        return f"图数据库暂时繁忙，请稍后重试（{detail(exc)}）"
    if isinstance(exc, (Neo4jError, DriverError)):
        return f"图数据库出错：{text}"
    return f"无法完成：{text}"


def retryable(exc: BaseException) -> bool:
    """Only a lost connection, a busy server or a timeout can end differently on a second try."""
    return lost(exc) or isinstance(exc, (QueryTimeout, TransientError, DriverError, OSError))


def fail(exc: BaseException, retry: Callable[[], None] | None = None) -> NoReturn:
    """Say what went wrong in one line, offer a retry when one can help, end the page.

    A lost connection drops the cached driver first (the next run connects afresh). ``retry``
    runs when 重试 is clicked, before the page runs again (the console puts its query back). Never
    call this inside ``st.form``: a button there is an error in Streamlit."""
    if lost(exc):
        _graph.clear()
    st.error(md(one_line(exc)))
    if retryable(exc):
        st.button("重试", key="retry", type="primary", on_click=retry)
    st.stop()


def graph(retry: Callable[[], None] | None = None) -> Graph:
    """The cached driver; no server answering ends the page (``retry`` as in :func:`fail`)."""
    try:
        return _graph()
    except FAILURES as exc:
        fail(exc, retry)


def version() -> str:
    try:
        return reads.data_version(graph())
    except FAILURES as exc:
        fail(exc)


def cached(fn: Callable[..., T], spinner: str = "正在查询图谱…") -> Callable[..., T]:
    """``fn(graph, *args)`` as a page call ``fn(*args)``: cached until the data changes, failures
    end the page in one line. Pages import the wrapped names, so a rename breaks at import."""
    key = f"{fn.__module__}.{fn.__qualname__}"

    @st.cache_data(ttl=CACHE_TTL, show_spinner=spinner, max_entries=256)
    def compute(name: str, data_version: str, args: tuple[Any, ...]) -> Any:
        # ``name`` keeps the wrapped functions apart: they share this body, hence one cache.
        return fn(_graph(), *args)

    @functools.wraps(fn)
    def call(*args: Any) -> T:
        v = version()
        try:
            return compute(key, v, args)
        except FAILURES as exc:
            fail(exc)

    return call


def run(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """An uncached call (console queries, exports) with the same one-line failure."""
    try:
        return fn(*args, **kwargs)
    except FAILURES as exc:
        fail(exc)


def sample_badge(in_view: bool) -> None:
    if in_view:
        st.markdown(
            ":red-background[**示例数据**]　当前视图包含示例（虚构）数据，仅用于演示，不代表真实主体。"
        )


def svg(markup: str) -> None:
    """Show a drawing from kg.explorer.render in a frame (``st.html`` sanitises SVG away).

    The frame runs as the app, which is acceptable only because the markup is built from escaped
    text and holds no script (see kg.explorer.render)."""
    width = re.search(r'<svg[^>]*\swidth="(\d+)"', markup)
    height = re.search(r'<svg[^>]*\sheight="(\d+)"', markup)
    # The SVG shrinks to the frame's width; the main column of the wide layout is ~1000 px.
    scale = min(1.0, FRAME_WIDTH / int(width.group(1))) if width else 1.0
    height_px = int(int(height.group(1)) * scale) + 16 if height else 600
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        "html,body{margin:0;padding:0;background:#fff}svg{display:block}</style></head>"
        f"<body>{markup}</body></html>"
    )
    st.iframe(page, height=min(height_px, 1400))


def chain_picker(label: str = "产业链", *, allow_all: bool = False, key: str = "chain") -> str | None:
    """A chain choice; opens on the first chain the graph holds, even where 全部 is offered
    (a whole-district network is minutes of work on a large graph, so it is there on demand)."""
    from kg.explorer.cached import chains

    found = chains()
    if not found:
        st.info("图谱中还没有产业链数据：请先运行 `kg load-default` 或导入数据。")
        st.stop()
    options = (["全部"] if allow_all else []) + found
    default = 1 if allow_all else 0
    choice = st.selectbox(label, options, index=default, key=key)
    return None if choice == "全部" else choice
