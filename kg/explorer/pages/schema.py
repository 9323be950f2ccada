"""图谱结构: the graph's labels and relationship types with their counts, as a graph (for analysts
writing Cypher in the console). Counts come from the named queries schema_label_counts and
schema_rel_counts, for the labels and pairs the schema declares."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import graphdata, graphview
from kg.explorer.graphcache import schema_counts
from kg.graph.schema import load_schema

st.title("图谱结构")
st.caption(
    "节点 = 标签（大小 = 节点数），连线 = 关系类型（文字 = 中文名和关系数）。点击一个标签查看它的关系；"
    "在 Cypher 控制台中用英文标签名和关系类型查询。"
)
schema = load_schema()
label_counts, rel_counts = schema_counts()
vnodes, vedges, _ = graphdata.schema_drawing(label_counts, rel_counts, schema)
left, right = st.columns([3, 1])
with left:
    spec = graphview.build(vnodes, vedges, by_group=False, spacing=140, height=700)
    click = graphview.show(spec, key="schema-graph")
with right:
    st.markdown("**标签详情**")
    picked = spec.node(click.node_id)
    if picked is None:
        st.caption("点击一个标签，这里显示它的属性和关系。")
    else:
        node = schema.nodes[picked.id]
        st.text(f"{node.zh}（{picked.id}）：{picked.properties['节点数']} 个节点")
        props = [{"属性": k, "中文名": p.zh, "类型": p.type} for k, p in node.properties.items()]
        st.dataframe(pd.DataFrame(props), hide_index=True, width="stretch")

rows = [
    {
        "关系类型": r["type"],
        "中文名": schema.relationships[r["type"]].zh,
        "起点": f"{schema.nodes[r['source']].zh}（{r['source']}）",
        "终点": f"{schema.nodes[r['target']].zh}（{r['target']}）",
        "关系数": r["n"],
    }
    for r in rel_counts
    if r["n"] and (picked is None or picked.id in (r["source"], r["target"]))
]
st.subheader("关系类型" + (f"（{schema.nodes[picked.id].zh}）" if picked is not None else ""))
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
