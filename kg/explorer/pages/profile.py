"""主体画像: find any organisation by name (CJK full-text index), its profile and neighbourhood."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import tables, ui, views
from kg.explorer.cached import neighbourhood, node_properties, search
from kg.explorer.render import cap_network, render_network_svg
from kg.explorer.safe import md
from kg.vocab import label_zh

st.title("主体画像")
# live: the search runs while the user types (after a 300 ms pause), not only on Enter.
text = st.text_input(
    "搜索企业、高校、专家、工作站、联合体、载体…", placeholder="例如：垣信、东华、卫星", live="300ms"
)
if not text.strip():
    st.caption("输入名称的一部分即可（中文按字词匹配）。")
    st.stop()
hits = search(text.strip(), 20)
if not hits:
    st.info("没有找到匹配的主体。")
    st.stop()
labels = {f"{h['name']}（{label_zh(h['label'])}）": h for h in hits}
choice = st.selectbox(f"找到 {len(hits)} 个结果", list(labels))
hit = labels[choice]
ui.sample_badge(any(h.get("sample") for h in hits))

hops_key = f"hops-{hit['uid']}"
hops = st.session_state.setdefault(hops_key, 1)
hood = neighbourhood(hit["uid"], hops, hit["label"])
nodes, edges = hood["nodes"], hood["edges"]

st.subheader(md(hit["name"]))
props = node_properties(hit["label"], hit["uid"])
ui.sample_badge(props.get("sample") is True)
st.dataframe(pd.DataFrame(tables.property_rows(hit["label"], props)), hide_index=True, width="stretch")

col1, col2 = st.columns([1, 4])
with col1:
    st.metric("展开层数", hops)
    if st.button("再展开一层", disabled=hops >= 3):
        st.session_state[hops_key] = hops + 1
        st.rerun()
    if st.button("收起", disabled=hops <= 1):
        st.session_state[hops_key] = 1
        st.rerun()
with col2:
    view = cap_network(views.neighbourhood_view(hood), 120)
    if view.aggregated:
        st.warning(view.note)
    centre_id = str(hood["center"])
    ui.svg(render_network_svg(view, width=900, height=520, highlight=centre_id))
st.caption(
    f"{len(nodes)} 个节点，{len(edges)} 条关系"
    + ("（已达上限，部分关系未显示）" if hood["truncated"] else "")
)
