"""主体画像: find any organisation by name (CJK full-text index), its profile and an interactive
neighbourhood — click any node for its details, make it the focus or expand it, and go back."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import graphdata, graphview, tables, ui
from kg.explorer.cached import node_properties, search
from kg.explorer.graphcache import neighbourhood

st.title("主体画像")
# live: the search runs while the user types (after a 300 ms pause), not only on Enter.
text = st.text_input(
    "搜索企业、高校、专家、工作站、联合体、载体…", placeholder="例如：垣信、东华、卫星", live="300ms"
)
requested = st.query_params.get("uid"), st.query_params.get("label")  # a link from 协同网络
hits_sample = False  # a sample name among the search results (one badge below covers them too)
if text.strip():
    hits = search(text.strip(), 20)
    if not hits:
        st.info("没有找到匹配的主体。")
        st.stop()
    labels = {f"{h['name']}（{graphdata.kind_zh(h['label'])}）": h for h in hits}
    choice = st.selectbox(f"找到 {len(hits)} 个结果", list(labels))
    hit = labels[choice]
    hits_sample = any(h.get("sample") for h in hits)
    origin = {"label": hit["label"], "uid": hit["uid"], "name": hit["name"]}
elif requested[0] and requested[1] in graphview.KIND_ZH:
    origin = {"label": requested[1], "uid": requested[0], "name": ""}
else:
    st.caption("输入名称的一部分即可（中文按字词匹配）。")
    st.stop()

origin_key = f"{origin['label']}:{origin['uid']}"
if st.session_state.get("profile-origin") != origin_key:  # a new search result starts a new trail
    st.session_state["profile-origin"] = origin_key
    st.session_state["profile-trail"] = [origin]
    st.session_state["profile-expanded"] = []
trail: list[dict[str, str]] = st.session_state["profile-trail"]
expanded: list[dict[str, str]] = st.session_state["profile-expanded"]
focus = trail[-1]

hood = neighbourhood(focus["uid"], focus["label"])
centre = str(hood["center"])
hoods = [hood] + [neighbourhood(x["uid"], x["label"]) for x in expanded]
nodes, edges = graphdata.merge_hoods(hoods)
by_id = {str(n["id"]): n for n in nodes}
focus_name = str(by_id.get(centre, {}).get("name") or focus["name"] or focus["uid"])

st.subheader("当前中心")
st.text(f"{focus_name}（{graphdata.kind_zh(focus['label'])}）")
props = node_properties(focus["label"], focus["uid"])
ui.sample_badge(hits_sample or props.get("sample") is True or bool(hood.get("sample")))
left, right = st.columns([3, 1])
with left:
    vnodes, vedges, legend = graphdata.neighbourhood_graph(nodes, edges, centre, [x["id"] for x in expanded])
    spec = graphview.build(vnodes, vedges, centre=centre, legend=legend)
    click = graphview.show(spec, key=f"profile-{origin_key}")
    st.caption(
        f"{len(nodes)} 个节点，{len(edges)} 条关系"
        + ("（已达上限，部分关系未显示）" if any(h.get("truncated") for h in hoods) else "")
        + "。点击节点查看详情，双击展开其邻居。"
    )
picked = by_id.get(click.node_id or "")
grown = {x["id"] for x in expanded}


def expand(node: dict) -> None:
    expanded.append({"id": str(node["id"]), "uid": node["uid"], "label": node["label"]})


if click.double and picked and picked.get("uid") and str(picked["id"]) not in grown | {centre}:
    expand(picked)
    st.rerun()

with right:
    if len(trail) > 1 and st.button("← 返回上一个中心", width="stretch"):
        trail.pop()
        expanded.clear()
        st.rerun()
    st.markdown("**节点详情**")
    if picked is None:
        st.caption("在图中点击任意节点，这里显示它的名称和属性；可把它设为中心或展开其邻居。")
    else:
        st.text(str(picked.get("name") or picked.get("uid") or ""))
        st.caption(graphdata.kind_zh(str(picked.get("label") or "")))
        can_walk = bool(picked.get("uid")) and str(picked["id"]) != centre
        if st.button("设为中心", disabled=not can_walk, type="primary", width="stretch"):
            trail.append({"label": picked["label"], "uid": picked["uid"], "name": picked.get("name") or ""})
            expanded.clear()
            st.rerun()
        if st.button(
            "展开邻居",
            disabled=not can_walk or str(picked["id"]) in grown,
            width="stretch",
        ):
            expand(picked)
            st.rerun()
        if picked.get("uid"):
            details = node_properties(picked["label"], picked["uid"])
            st.dataframe(
                pd.DataFrame(tables.property_rows(picked["label"], details)),
                hide_index=True,
                width="stretch",
            )
    if expanded and st.button("收起展开", width="stretch"):
        expanded.clear()
        st.rerun()
with st.expander("当前中心的属性", expanded=True):
    st.dataframe(
        pd.DataFrame(tables.property_rows(focus["label"], props)),
        hide_index=True,
        width="stretch",
    )

if len(trail) > 1:
    st.text("浏览路径：" + " → ".join(str(t.get("name") or t["uid"]) for t in trail))
