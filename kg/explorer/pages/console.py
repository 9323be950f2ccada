"""Cypher 控制台: read-only queries (time and row limits) and the named-query library as forms."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg import querylib as lib
from kg.explorer import downloads, fmt, ui
from kg.explorer.resultgraph import show_result_graph
from kg.graph.readonly import run_read_only

st.title("Cypher 控制台（只读）")
st.caption("写操作、LOAD CSV 和管理过程会被拒绝；每次查询都有时间和行数上限。")
c1, c2 = st.columns(2)
limit = c1.number_input("最多返回行数", 1, 10000, 200, step=50)
timeout = c2.number_input("时间上限（秒）", 1, 120, 15)

tab_free, tab_named = st.tabs(["自由查询", "命名查询库"])
with tab_free:
    with st.form("free"):
        text = st.text_area(
            "Cypher",
            "MATCH (e:Enterprise)-[r:IN_SEGMENT]->(s:ChainSegment {chain: '6G'})\nRETURN e, r, s LIMIT 25",
            height=120,
        )
        if st.form_submit_button("运行", type="primary"):
            st.session_state["console_run"] = ("free", text, {})
with tab_named:
    queries = lib.library()
    name = st.selectbox("查询", list(queries), format_func=lambda n: f"{queries[n].title}（{n}）")
    nq = queries[name]
    st.caption(nq.description)
    with st.form(f"named-{name}"):
        values = {}
        for p in nq.params:
            label = p.name + ("" if p.required else "（可选）")
            default = "" if p.default is None else p.default
            if p.type == "int":
                values[p.name] = st.number_input(label, value=int(default or 0), step=1)
            elif p.type == "float":
                values[p.name] = st.number_input(label, value=float(default or 0.0))
            elif p.type == "bool":
                values[p.name] = st.checkbox(label, value=bool(default))
            else:
                raw = st.text_input(
                    label, value=", ".join(default) if isinstance(default, list) else str(default)
                )
                values[p.name] = raw if raw != "" else None
        with st.expander("查看 Cypher"):
            st.code(nq.text, language="cypher")
        if st.form_submit_button("运行命名查询", type="primary"):
            st.session_state["console_run"] = ("named", name, values)

job = st.session_state.get("console_run")
if job:
    kind, body, params = job
    if kind == "free":
        result = ui.run(run_read_only, ui.graph(), body, {}, limit=int(limit), timeout=float(timeout))
    else:
        result = ui.run(lib.run, ui.graph(), body, params, limit=int(limit), timeout=float(timeout))
    st.success(f"返回 {len(result.rows)} 行" + ("（已截断，可提高行数上限）" if result.truncated else ""))
    table = [
        {c: fmt.text_of(v) if isinstance(v, (list, dict)) else v for c, v in r.items()} for r in result.rows
    ]
    st.dataframe(pd.DataFrame(table, columns=result.columns), hide_index=True, width="stretch")
    st.download_button(
        "下载 CSV", downloads.csv_bytes(result.rows, result.columns), "查询结果.csv", "text/csv"
    )
    show_result_graph(result.records, job)
