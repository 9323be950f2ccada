"""断链补链: the gap table with actions and evidence, filterable, CSV and Excel downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import downloads, gap_views, tables, ui
from kg.explorer import policy_views as pv
from kg.explorer.cached import segment_enterprises
from kg.explorer.safe import md
from kg.vocab import STRONG

st.title("断链补链清单")
left, year, mid, right = st.columns([2, 1, 2, 3])
with left:
    chain = ui.chain_picker(allow_all=True, key="gap-chain")
with year:
    as_of = pv.as_of_picker("gap-as-of")
gap_rows = pv.gap_rows(chain, as_of)
rows = tables.gap_table(gap_rows)
ui.sample_badge(any(r["示例数据"] for r in rows))
with mid:
    statuses = st.multiselect("状态", list(tables.STATUSES), default=list(tables.STATUSES))
with right:
    needle = st.text_input("筛选（环节、企业、高校…）", placeholder="输入关键词", live="300ms")
key_only = st.checkbox("只看关键环节")

shown = [
    r
    for r in rows
    if r["状态"] in statuses
    and (not key_only or r["关键环节"])
    and (not needle or any(needle in str(v) for v in r.values()))
]
st.caption(
    f"共 {len(rows)} 个环节，显示 {len(shown)} 个。状态规则：断链 = 没有本地企业；"
    "弱链 = 本地企业只有 1 家，或没有高新技术企业及以上梯度的本地企业；强链 = 其余。"
)
frame = pd.DataFrame(shown, columns=list(rows[0].keys()) if rows else None)
st.dataframe(frame, hide_index=True, width="stretch")
if not shown:
    st.caption(f"为空：{md(tables.why_no_rows(chain, as_of, len(rows), statuses, key_only, needle))}")

keys = {f"{r['产业链']}/{r['环节']}" for r in shown}
name = f"断链补链清单-{chain or '全部'}{f'-截至{as_of}年' if as_of else ''}"
c1, c2 = st.columns(2)
# Built when clicked (the page does not pay for files nobody downloads).
c1.download_button(
    "下载 CSV", lambda: downloads.csv_bytes(shown), f"{name}.csv", "text/csv", on_click="ignore"
)
c2.download_button(
    "下载 Excel",
    lambda: downloads.excel_bytes(shown, "断链补链"),
    f"{name}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
)

st.subheader("环节建议与科研伙伴")
by_segment = {f"{g['chain']}/{g['segment']}": g for g in gap_rows if f"{g['chain']}/{g['segment']}" in keys}
if by_segment:
    picked_row = by_segment[st.selectbox("选择一个环节", list(by_segment), key="gap-detail")]
    st.caption(
        f"{md(picked_row['chain'])}/{md(picked_row['segment'])}：{picked_row['status']}。"
        f"判定依据：{md(picked_row['evidence']['reason'])}"
    )
    gap_views.show_advice(picked_row)
    gap_views.show_lists(
        picked_row, tables.segment_firm_rows(segment_enterprises(picked_row["chain"], picked_row["segment"]))
    )
else:
    st.caption("为空：上表没有显示任何环节（见上方说明）。")

st.subheader("适用政策措施")
open_rows = [g for g in gap_rows if g["status"] != STRONG]
if open_rows:
    by_name = {f"{g['chain']}/{g['segment']}": g for g in open_rows}
    picked = st.selectbox("选择一个断链/弱链环节", list(by_name), key="gap-measures")
    pv.show_measures(by_name[picked], default_view=as_of is None)
elif gap_rows:
    where = "本链" if chain else "各产业链"
    st.caption(f"为空：{where}的{len(gap_rows)}个环节都是强链，没有需要政策措施补齐的断链或弱链。")
else:
    st.caption("为空：图谱中还没有产业链环节数据。")
if chain:
    st.subheader("本链两个年份对比（补上的断链 / 弱链转强 / 新增断链弱链）")
    # Two as-of gap analyses: run only when asked (an open expander would still run them on every view).
    if st.toggle("显示两个年份对比", value=False, key="gap-compare"):
        pv.show_comparison(chain)
    else:
        st.caption(
            "打开上方开关，即可比较本链两个年份的环节状态：哪些链补上了、哪些是新增断链，并可生成含变化的简报。"
        )
