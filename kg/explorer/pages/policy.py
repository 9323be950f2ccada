"""政策对照: the 11 measures of 沪松府〔2025〕150号 with their text, what each supports and whom it
concerns, and per chain the 断链/弱链 segments with the measures that answer them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import downloads, export, ui
from kg.explorer import policy_views as pv
from kg.explorer.briefing import render_briefing_html
from kg.explorer.policy_briefing import policy_briefing
from kg.vocab import NO_DATA

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title("政策对照")
st.caption(
    "沪松府〔2025〕150号《松江区关于加快科技创新全链条发展的若干意见》：每条支持关系都附措施原文。"
    "“对口”规则：断链需要招商引育或孵化类措施，弱链需要梯度培育类措施，且措施要点名该环节所在的产业链、"
    "该环节本身（关键环节）、服务该产业链的载体类型，或（弱链）本地企业的下一级梯度；只点名产业链而不带来企业的"
    "（如园区定位）列为“相关”，不算回应。"
)
measures = pv.policy_measures()  # the measures alone: the gap analysis runs per chain, below
if not measures:
    st.info("图谱中还没有政策措施：请先运行 `kg load-default`。")
    st.stop()

# ------------------------------------------------------------------ the measures
st.subheader("十一条措施")
needle = st.text_input(
    "搜索措施（标题、全文、支持对象）", placeholder="如：孵化器、小巨人、6G", key="measure-search"
)
rows = pv.measure_rows(measures)
shown = [r for r in rows if not needle or any(needle in str(v) for v in r.values())]
st.caption(f"共 {len(rows)} 条措施，显示 {len(shown)} 条。")
st.dataframe(
    pd.DataFrame(shown, columns=list(rows[0])),
    hide_index=True,
    width="stretch",
    column_config={"全文": st.column_config.TextColumn(width="large")},
)

by_label = {f"（{pv.cn(m['no'])}）{m['title']}": m for m in measures}
picked = st.selectbox("查看一条措施", list(by_label), key="measure-pick")
m = by_label[picked]
with st.container(border=True):
    st.markdown(f"**（{pv.cn(m['no'])}）** 属于第{pv.cn(m['section_no'])}部分")
    st.caption(m["section"] or NO_DATA)
    st.text(m["text"] or NO_DATA)
    st.markdown("**支持对象与依据原文**")
    st.dataframe(pd.DataFrame(pv.support_rows(m)), hide_index=True, width="stretch")
    left, right = st.columns(2)
    with left:
        st.markdown(f"**涉及本地企业**（{m['enterprise_count']}家）")
        if m["enterprises"]:
            st.dataframe(pd.DataFrame({"企业": m["enterprises"]}), hide_index=True, width="stretch")
        else:
            st.caption(NO_DATA if m["supports"] else "本措施未点名具体对象")
    with right:
        st.markdown(f"**涉及创新载体**（{m['carrier_count']}个）")
        if m["carriers"]:
            st.dataframe(pd.DataFrame({"载体": m["carriers"]}), hide_index=True, width="stretch")
        elif m["carrier_types"]:
            st.caption(NO_DATA)
        else:
            st.caption("本措施未点名载体类型")

# ------------------------------------------------------------------ gaps and the measures that answer them
st.subheader("产业链缺口与对口措施")
chain = ui.chain_picker(allow_all=True, key="policy-chain")
# One chain's gaps by default, every chain's when 全部 is chosen: both stored after every import.
gaps = pv.policy_gaps(chain)  # stored per chain with the default answers
ui.sample_badge(any(g["sample"] for g in gaps) or any(m["sample"] for m in measures))
if chain:
    st.caption("默认只对照所选产业链；选择“全部”可查看各产业链的缺口与对口措施。")
open_gaps = [g for g in gaps if not g["addressed"]]
c1, c2, c3 = st.columns(3)
c1.metric("断链/弱链环节", len(gaps))
c2.metric("已有对口措施", len(gaps) - len(open_gaps))
c3.metric("无措施回应", len(open_gaps))
if open_gaps:
    st.warning(
        f"{len(open_gaps)} 个缺口没有任何措施给出所需的支持"
        "（断链需招商引育或孵化，弱链需梯度培育），已排在最前。"
    )
gap_rows = pv.gap_policy_rows(sorted(gaps, key=lambda g: g["addressed"]))
frame = pd.DataFrame(gap_rows, columns=list(gap_rows[0]) if gap_rows else None)


def _mark(col: pd.Series) -> list[str]:
    return [
        "background-color:#fce8e6;color:#b3261e;font-weight:700" if v.startswith("否") else "" for v in col
    ]


st.dataframe(
    frame.style.apply(_mark, subset=["已有措施回应"]) if gap_rows else frame, hide_index=True, width="stretch"
)

# ------------------------------------------------------------------ exports
st.subheader("导出")
name = f"政策对照-{chain or '全部'}"
e1, e2, e3, e4 = st.columns(4)
# Built when clicked (the page does not pay for files nobody downloads).
e1.download_button(
    "下载缺口对照 CSV", lambda: downloads.csv_bytes(gap_rows), f"{name}.csv", "text/csv", on_click="ignore"
)
e2.download_button(
    "下载 Excel（措施与缺口）",
    lambda: downloads.excel_bytes(rows + [{}] + gap_rows, "政策对照"),
    f"{name}.xlsx",
    XLSX,
    on_click="ignore",
)


def briefing_html() -> str:
    """The policy briefing covers every chain: built when a briefing is asked for (or shown)."""
    return render_briefing_html(policy_briefing(pv.policy_coverage(None)))


if e3.button("生成政策覆盖简报 PDF", type="primary"):
    html = briefing_html()
    st.session_state["policy_pdf"] = (html, ui.run(export.export, html, "pdf"))
if e4.button("生成政策覆盖简报 PNG"):
    html = briefing_html()
    st.session_state["policy_png"] = (html, ui.run(export.export, html, "png"))
pdf, png = st.session_state.get("policy_pdf"), st.session_state.get("policy_png")
html = briefing_html() if pdf or png else ""  # a briefing made before the data changed is not offered
if pdf and pdf[0] == html:
    e3.download_button("下载 PDF", pdf[1], "政策覆盖简报.pdf", "application/pdf")
if png and png[0] == html:
    e4.download_button("下载 PNG", png[1], "政策覆盖简报.png", "image/png")
