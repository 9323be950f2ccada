"""Cypher 控制台: read-only queries (time and row limits) and the named-query library as forms.

A query runs when its form is submitted, and only the last result is kept (in session state):
other interactions redraw it without re-running, and a new run drops the previous result first.
The forms only collect the query: it runs after them, because a failure ends the page through
``ui.fail``, whose 重试 button cannot be drawn inside a form. Refusals are one Chinese line without
a retry (retrying cannot change them); a lost connection offers one, which runs the query again.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from kg import querylib as lib
from kg.errors import QueryRefused, QueryTimeout
from kg.explorer import downloads, fmt, ui
from kg.explorer.refusals import refusal_zh
from kg.explorer.resultgraph import show_result_graph
from kg.explorer.safe import md
from kg.graph.readonly import run_read_only

RESULT = "console_result"
RETRY = "console_retry"  # the query to run again, put back by 重试 after a lost connection
EXAMPLE = "MATCH (e:Enterprise)-[r:IN_SEGMENT]->(s:ChainSegment)\nRETURN e, r, s LIMIT 25"
NOT_RUN = (QueryRefused, QueryTimeout, lib.QueryLibraryError, ValueError)
Job = tuple[str, str, dict[str, Any]]  # (free | named, query text | query name, parameters)

st.title("Cypher 控制台（只读）")
st.caption("写操作、LOAD CSV 和管理过程会被拒绝；每次查询都有时间和行数上限。")
c1, c2 = st.columns(2)
limit = int(c1.number_input("最多返回行数", 1, 10000, 200, step=50))
timeout = float(c2.number_input("时间上限（秒）", 1, 120, 15))


def execute(job: Job) -> None:
    """Run one query and keep only its result (or its refusal) for display."""
    kind, body, params = job
    st.session_state.pop(RESULT, None)  # the previous result is not held while this one runs

    def again() -> None:
        st.session_state[RETRY] = job

    graph = ui.graph(retry=again)
    try:
        if kind == "free":
            result = run_read_only(graph, body, {}, limit=limit, timeout=timeout)
            labels: dict[str, str] = {}
        else:
            result = lib.run(graph, body, params, limit=limit, timeout=timeout)
            labels = lib.get(body).labels
    except NOT_RUN as exc:
        st.session_state[RESULT] = {"refused": refusal_zh(exc, timeout=timeout)}
        return
    except ui.FAILURES as exc:
        ui.fail(exc, retry=again)
    st.session_state[RESULT] = {"result": result, "labels": labels, "job": job}


job: Job | None = st.session_state.pop(RETRY, None)
tab_free, tab_named = st.tabs(["自由查询", "命名查询库"])
with tab_free:
    with st.form("free"):
        text = st.text_area("Cypher", EXAMPLE, height=120)
        if st.form_submit_button("运行", type="primary"):
            job = ("free", text, {})
with tab_named:
    queries = lib.library()
    name = st.selectbox("查询", list(queries), format_func=lambda n: f"{queries[n].title}（{n}）")
    nq = queries[name]
    st.caption(md(nq.description))
    with st.form(f"named-{name}"):
        values: dict[str, Any] = {}
        for p in nq.params:
            label = f"{nq.label(p.name)}（{p.name}）"
            if not p.required and p.type in ("str", "list"):
                label += "（可选，留空 = 不限）"
            default = "" if p.default is None else p.default
            if p.type == "int":
                values[p.name] = st.number_input(label, value=int(default or 0), step=1)
            elif p.type == "float":
                values[p.name] = st.number_input(label, value=float(default or 0.0))
            elif p.type == "bool":
                values[p.name] = st.checkbox(label, value=bool(default))
            else:
                raw = st.text_input(
                    label, value="、".join(default) if isinstance(default, list) else str(default)
                )
                values[p.name] = raw if raw.strip() else None
        with st.expander("查看 Cypher"):
            st.code(nq.text, language="cypher")
        if st.form_submit_button("运行命名查询", type="primary"):
            job = ("named", name, values)
if job:
    execute(job)

shown = st.session_state.get(RESULT)
if shown and "refused" in shown:
    st.error(md(shown["refused"]))
elif shown:
    result, labels = shown["result"], shown["labels"]
    st.success(f"返回 {len(result.rows)} 行" + ("（已截断，可提高行数上限）" if result.truncated else ""))
    ui.sample_badge(fmt.is_sample(result.rows))
    headings = [labels.get(c, c) for c in result.columns]
    table = [
        {labels.get(c, c): fmt.text_of(v) if isinstance(v, (list, dict)) else v for c, v in r.items()}
        for r in result.rows
    ]
    st.dataframe(pd.DataFrame(table, columns=headings), hide_index=True, width="stretch")
    # Built when clicked, from the rows shown (already within the runner's limits), never kept.
    st.download_button(
        "下载 CSV",
        lambda: downloads.csv_bytes(table, headings),
        "查询结果.csv",
        "text/csv",
        on_click="ignore",
    )
    show_result_graph(result.records, shown["job"])
