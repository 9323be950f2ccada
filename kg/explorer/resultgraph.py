"""The console's result graph: nodes and relationships in a query's records, interactive —
click a node for its properties, expand its neighbours (one hop, the ``neighbours`` named query)."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from kg.explorer import graphdata, graphview
from kg.explorer.graphcache import neighbours
from kg.graph.schema import load_schema


def show_result_graph(records: list[Any], job: Any) -> None:
    """Draw the graph in ``records`` (nothing when they hold no node); ``job`` identifies the query."""
    found = graphdata.record_graph(records)
    if not found.nodes:
        return
    key = hashlib.sha256(repr(job).encode("utf-8")).hexdigest()[:16]
    expanded: list[str] = st.session_state.setdefault(f"console-expanded-{key}", [])
    added = sum(graphdata.add_neighbours(found, neighbours(eid)) for eid in expanded)
    vnodes, vedges, legend = graphdata.record_drawing(found, load_schema())
    st.subheader("结果图")
    capped = len(found.nodes) >= graphview.MAX_INTERACTIVE_NODES
    st.caption(
        f"{len(vnodes)} 个节点，{len(vedges)} 条关系"
        + (f"（只显示前 {graphview.MAX_INTERACTIVE_NODES} 个节点）" if capped else "")
        + (f"；展开后新增 {added} 个节点" if added else "")
        + "。点击节点查看属性，双击展开其邻居。"
    )
    left, right = st.columns([3, 1])
    with left:
        spec = graphview.build(vnodes, vedges, legend=legend)
        click = graphview.show(spec, key=f"console-graph-{key}")
    picked = spec.node(click.node_id)
    if click.double and picked and picked.id not in expanded:
        expanded.append(picked.id)
        st.rerun()
    with right:
        st.markdown("**节点详情**")
        if picked is None:
            st.caption("在图中点击一个节点，这里显示它的属性。")
            return
        st.text(picked.properties.get("名称") or picked.caption)
        rows = [{"属性": k, "值": v} for k, v in picked.properties.items()]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        if st.button("展开邻居", key=f"console-expand-{key}", disabled=picked.id in expanded, type="primary"):
            expanded.append(picked.id)
            st.rerun()
        if expanded and st.button("收起展开", key=f"console-collapse-{key}"):
            expanded.clear()
            st.rerun()
