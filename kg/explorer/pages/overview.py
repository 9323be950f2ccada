"""总览: key figures, local enterprises by tier, the tier pipeline, the chains' gap summary."""

from __future__ import annotations

import streamlit as st

from kg.explorer import charts, tables, ui
from kg.explorer.cached import key_figures, segment_statuses, tier_counts

st.title("松江科创知识图谱 · 总览")

raw = key_figures()
ui.sample_badge(bool(raw["sample_present"]))  # any sample flag in the graph, so in any figure below

scalars = tables.figures(raw)
cols = st.columns(min(len(scalars), 6) or 1)
for i, (label, value) in enumerate(scalars.items()):
    cols[i % len(cols)].metric(label, value)

unlinked = tables.unlinked_line(raw)
if unlinked:
    st.markdown(unlinked)
    by_chain = tables.unlinked_frame(raw)
    if not by_chain.empty:
        with st.expander("各产业链未挂链企业（挂链建议待确认，不计入）"):
            st.dataframe(by_chain, hide_index=True, width="stretch")

left, right = st.columns(2)
with left:
    st.subheader("本地企业（按最高梯度）")
    tiers = tables.tier_frame(raw)
    if not tiers["企业数"].any():
        st.info("未掌握梯度数据")
    else:
        st.altair_chart(charts.local_by_tier(tiers), width="stretch")
with right:
    st.subheader("梯度培育（按年度）")
    pipeline = tables.pipeline_frame(tier_counts())
    if pipeline.empty:
        st.info("未掌握分年度资质数据")
    else:
        st.altair_chart(charts.certified_by_year(pipeline, "企业数"), width="stretch")

st.subheader("各产业链断链 / 弱链 / 强链")
summary = tables.gap_summary(segment_statuses())  # statuses only: no firm lists
if summary.empty:
    st.info("未掌握产业链环节数据")
else:
    st.dataframe(summary, hide_index=True, width="stretch")
