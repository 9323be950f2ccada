"""协同网络: who works with whom, brokers, isolates, recommendations (capped, precomputed layout)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import tables, ui
from kg.explorer.cached import network
from kg.explorer.render import cap_network, render_network_svg

st.title("协同网络")
c1, c2, c3 = st.columns([2, 2, 2])
with c1:
    chain = ui.chain_picker(allow_all=True, key="net-chain")
view, collab = network(chain, None)
communities = sorted({n.group for n in view.nodes if n.group})
with c2:
    community = st.selectbox("社区", ["全部", *communities], key="net-community")
with c3:
    max_nodes = st.slider("最多显示节点数（超出按社区聚合）", 20, 400, 250, step=10)
if community != "全部":
    view, collab = network(chain, community)
ui.sample_badge(bool(collab.get("sample_in_view")))
if collab.get("status"):  # stored analysis missing or stale (never computed in a page): say how to refresh
    st.warning(collab["status"])

if not view.nodes:
    st.info("当前范围内没有合作关系。")
    st.stop()
shown = cap_network(view, max_nodes)
if shown.aggregated:
    st.warning(shown.note)
else:
    st.caption(f"共 {shown.total_nodes} 个主体、{len(shown.edges)} 条关系；布局已预先计算（无物理模拟）。")
ui.svg(render_network_svg(shown))

tabs = st.tabs(["关键中介（桥梁）", "无科研伙伴的高企", "对接建议", "社区", "跨群连接"])
for tab, key in zip(tabs, ["brokers", "isolates", "recommendations", "communities", "bridges"], strict=True):
    with tab:
        rows = tables.collab_table(key, collab[key])
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        else:
            st.caption("暂无")
