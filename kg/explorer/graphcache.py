"""The interactive views' reads, cached until the data version changes (as every page's reads)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import streamlit as st

from kg.explorer import graphreads, ui


def cached(fn: Callable[..., Any], spinner: str = "正在查询图谱…") -> Callable[..., Any]:
    """``fn(graph, *args)`` as ``fn(*args)``, cached per data version; failures end the page."""
    key = f"{fn.__module__}.{fn.__qualname__}"

    @st.cache_data(ttl=ui.CACHE_TTL, show_spinner=spinner, max_entries=128)
    def compute(name: str, data_version: str, args: tuple[Any, ...]) -> Any:
        return fn(ui._graph(), *args)

    @functools.wraps(fn)
    def call(*args: Any) -> Any:
        v = ui.version()
        try:
            return compute(key, v, args)
        except ui.FAILURES as exc:
            ui.fail(exc)

    return call


analysed_network = cached(graphreads.analysed_network, "正在读取协同网络…")
collaboration = cached(graphreads.collaboration, "正在读取协同分析…")
neighbourhood = cached(graphreads.neighbourhood)
neighbours = cached(graphreads.neighbours)
schema_counts = cached(graphreads.schema_counts)
