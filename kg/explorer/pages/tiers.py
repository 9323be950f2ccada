"""梯度培育: enterprises per tier per year, upward moves with names, upgrade candidates with their
reasons — filterable by chain and tier, with the candidate rule's parameters on the page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import charts, downloads, ui
from kg.explorer import policy_views as pv
from kg.explorer.cached import chains, tier_counts
from kg.graph.schema import load_schema

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TIERS = load_schema().tiers

st.title("梯度培育")
st.caption("科技型中小企业 → 高新技术企业 → 专精特新 / 科技小巨人 → 瞪羚 / 独角兽 / 领军：只计松江本地企业。")

with st.expander("升级候选规则（可调整）", expanded=True):
    ranks = sorted({t.rank for t in TIERS})
    names = {r: "、".join(t.name for t in TIERS if t.rank == r) for r in ranks}
    c1, c2 = st.columns(2)
    min_rank, max_rank = c1.select_slider(
        "当前最高梯度等级范围（min_rank – max_rank）",
        options=ranks,
        value=(3, 3),
        format_func=lambda r: f"{r}（{names[r]}）",
        key="tier-range",
    )
    require_key = c2.checkbox("须位于关键环节（require_key_segment）", value=True, key="tier-key")
    require_partner = c2.checkbox(
        "须已有科研合作伙伴（require_research_partner）", value=True, key="tier-partner"
    )
counts_all = tier_counts()
all_candidates = pv.tier_candidates(
    min_rank=min_rank,
    max_rank=max_rank,
    require_key_segment=require_key,
    require_research_partner=require_partner,
)
# a move's firm is also counted in ``counts``, so these two flags cover the moves as well
ui.sample_badge(any(r["sample"] for r in (*counts_all, *all_candidates)))

f1, f2 = st.columns(2)
chain = f1.selectbox("产业链", ["全部", *chains()], key="tier-chain")
tier = f2.selectbox("梯度", ["全部", *[t.name for t in TIERS]], key="tier-tier")

# the chosen chain's firms only, in every section below (the district's counts are stored; a
# chain's are counted live, 0.4-0.5 s at 100k, and cached like the rest)
scope = None if chain == "全部" else chain
counts_shown = counts_all if scope is None else tier_counts(scope)
st.subheader(f"各梯度企业数（按认定年份，{'全区本地企业' if scope is None else scope + '产业链本地企业'}）")
counts = pd.DataFrame(
    [
        {"年份": str(r["year"]), "梯度": r["tier"], "当年认定": r["count"], "累计": r["cumulative"]}
        for r in counts_shown
        if tier == "全部" or r["tier"] == tier
    ],
    columns=["年份", "梯度", "当年认定", "累计"],
)
if counts.empty:
    st.info("未掌握分年度的资质认定数据。")
else:
    st.altair_chart(charts.certified_by_year(counts, "当年认定"), width="stretch")

st.subheader("逐年晋级（原梯度 → 新梯度）")
# Comparing every certification with the firm's earlier ones is the page's slowest count: on demand.
show_moves = st.toggle("显示逐年晋级", value=False, key="tier-moves")
move_rows: list[dict[str, object]] = []
if show_moves:
    moves = [m for m in pv.tier_moves(scope) if tier == "全部" or tier in (m["from_tier"], m["to_tier"])]
    move_rows = pv.move_rows(moves)
    if move_rows:
        st.dataframe(pd.DataFrame(move_rows), hide_index=True, width="stretch")
    else:
        st.caption("未掌握符合条件的晋级记录。")
else:
    st.caption("打开上方开关，即可查看各年从原梯度晋级到更高梯度的企业数与名单（并可下载晋级记录）。")

st.subheader("升级候选")
candidates = [
    c
    for c in all_candidates
    if (chain == "全部" or chain in c["chains"]) and (tier == "全部" or c["tier"] == tier)
]
rows = pv.candidate_rows(candidates)
st.caption(
    f"按当前规则共 {len(all_candidates)} 家，筛选后 {len(rows)} 家；"
    "排序：科研伙伴数、合作数、获评年份、名称。"
)
if rows:
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={"理由": st.column_config.TextColumn(width="large")},
    )
else:
    st.info("没有企业符合当前规则与筛选条件，可放宽上方规则。")

name = f"梯度培育-升级候选-{chain}-{tier}"
d1, d2, d3 = st.columns(3)
# Built when clicked (the page does not pay for files nobody downloads).
d1.download_button(
    "下载候选 CSV", lambda: downloads.csv_bytes(rows), f"{name}.csv", "text/csv", on_click="ignore"
)
d2.download_button(
    "下载候选 Excel", lambda: downloads.excel_bytes(rows, "升级候选"), f"{name}.xlsx", XLSX, on_click="ignore"
)
if show_moves:
    d3.download_button(
        "下载晋级记录 CSV",
        lambda: downloads.csv_bytes(move_rows),
        "梯度培育-晋级记录.csv",
        "text/csv",
        on_click="ignore",
    )
