"""总览: key figures, the tier pipeline, the chains' gap summary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import ui

st.title("松江科创知识图谱 · 总览")

figures = ui.load("key_figures")
gaps = ui.load("gap_rows")
ui.sample_badge(bool(figures.get("sample")) or any(g.get("sample") for g in gaps))

scalars = {k: v for k, v in figures.get("figures", {}).items()}
cols = st.columns(min(len(scalars), 6) or 1)
for i, (label, value) in enumerate(scalars.items()):
    cols[i % len(cols)].metric(label, value)

left, right = st.columns(2)
with left:
    st.subheader("本地企业（按最高梯度）")
    tiers = pd.DataFrame(figures.get("tiers", []))
    if tiers.empty:
        st.info("暂无梯度数据")
    else:
        st.bar_chart(tiers, x="梯度", y="企业数", horizontal=True, sort=False)
with right:
    st.subheader("梯度培育（按年度）")
    pipeline = ui.load("pipeline_counts")
    if pipeline.empty:
        st.info("暂无分年度资质数据")
    else:
        st.bar_chart(pipeline, x="年份", y="企业数", color="梯度", stack=True)

st.subheader("各产业链断链 / 弱链 / 强链")
summary = ui.load("gap_summary")
if summary.empty:
    st.info("暂无产业链环节数据")
else:
    st.dataframe(summary, hide_index=True, width="stretch")
