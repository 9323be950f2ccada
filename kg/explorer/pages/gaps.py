"""断链补链: the gap table with actions and evidence, filterable, CSV and Excel downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import downloads, tables, ui
from kg.explorer.cached import gap_rows

st.title("断链补链清单")
left, mid, right = st.columns([2, 2, 3])
with left:
    chain = ui.chain_picker(allow_all=True, key="gap-chain")
rows = tables.gap_table(gap_rows(chain))
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
st.caption(f"共 {len(rows)} 个环节，显示 {len(shown)} 个。状态阈值与定义见 docs/analyses.md。")
frame = pd.DataFrame(shown, columns=list(rows[0].keys()) if rows else None)
st.dataframe(frame, hide_index=True, width="stretch")

name = f"断链补链清单-{chain or '全部'}"
c1, c2 = st.columns(2)
c1.download_button("下载 CSV", downloads.csv_bytes(shown), f"{name}.csv", "text/csv")
c2.download_button(
    "下载 Excel",
    downloads.excel_bytes(shown, "断链补链"),
    f"{name}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
