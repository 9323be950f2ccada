"""Streamlit plumbing shared by the pages: one cached driver, cached results keyed on the data
version, one-line failures with a retry, the sample-data badge.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

import streamlit as st
import streamlit.components.v1 as components
from neo4j.exceptions import DriverError, Neo4jError

from kg.errors import GraphUnavailable, KgError, QueryTimeout
from kg.explorer import data
from kg.graph.connection import Graph, connect

CACHE_TTL = 600
FRAME_WIDTH = 1000
FAILURES = (KgError, Neo4jError, DriverError, OSError)


@st.cache_resource(show_spinner=False)
def _graph() -> Graph:
    # The app never starts or manages the server: `make run` / `kg server start` do.
    return connect(start_local=False)


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, GraphUnavailable):
        return f"图数据库无法连接：{text}"
    if isinstance(exc, QueryTimeout):
        return f"查询超时：{text}"
    if isinstance(exc, (Neo4jError, DriverError, OSError)):
        return f"图数据库出错：{text}"
    return f"无法完成：{text}"


def fail(exc: BaseException) -> NoReturn:
    """Say what went wrong in one line, offer a retry, end the page."""
    st.error(one_line(exc))
    if st.button("重试", key="retry", type="primary"):
        _graph.clear()
        _cached.clear()
        _cached_briefing.clear()
        st.rerun()
    st.stop()


def graph() -> Graph:
    try:
        return _graph()
    except FAILURES as exc:
        _graph.clear()
        fail(exc)


def version() -> str:
    try:
        return data.data_version(graph())
    except FAILURES as exc:
        _graph.clear()
        fail(exc)


@st.cache_data(ttl=CACHE_TTL, show_spinner="正在查询图谱…", max_entries=256)
def _cached(fn_name: str, data_version: str, args: tuple[Any, ...]) -> Any:
    return getattr(data, fn_name)(_graph(), *args)


def load(fn_name: str, *args: Any) -> Any:
    """``kg.explorer.data.<fn_name>(graph, *args)``, cached until the data changes."""
    v = version()
    try:
        return _cached(fn_name, v, args)
    except FAILURES as exc:
        fail(exc)


@st.cache_data(ttl=CACHE_TTL, show_spinner="正在生成简报…", max_entries=32)
def _cached_briefing(data_version: str, view: str, chain: str | None) -> Any:
    from kg.explorer.snapshot import briefing

    return briefing(_graph(), view, chain)


def briefing(view: str, chain: str | None) -> Any:
    """The briefing of ``view`` (cached until the data changes)."""
    v = version()
    try:
        return _cached_briefing(v, view, chain)
    except FAILURES as exc:
        fail(exc)


def run(fn: Any, *args: Any, **kwargs: Any) -> Any:
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
    """Show a drawing from kg.explorer.render in a component frame.

    ``st.html`` sanitises SVG away; ``components.html`` runs as the app, which is acceptable only
    because the markup is built from escaped text and holds no script (see kg.explorer.render).
    """
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
    components.html(page, height=min(height_px, 1400), scrolling=True)


def chain_picker(label: str = "产业链", *, allow_all: bool = False, key: str = "chain") -> str | None:
    chains = load("chains")
    if not chains:
        st.info("图谱中还没有产业链数据：请先运行 `kg load-default` 或导入数据。")
        st.stop()
    options = (["全部"] if allow_all else []) + chains
    # The first view is one chain (6G when present), even where 全部 is offered: a whole-district
    # network is minutes of work on a large graph, so it is there on demand, not by default.
    default = options.index("6G") if "6G" in options else (1 if allow_all and len(options) > 1 else 0)
    choice = st.selectbox(label, options, index=default, key=key)
    return None if choice == "全部" else choice
