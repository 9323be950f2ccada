"""产业链图谱: the chain map and, beside it, the lists of one segment (N图N清单)."""

from __future__ import annotations

import streamlit as st

from kg.explorer import chainpick, gap_views, tables, ui
from kg.explorer import policy_views as pv
from kg.explorer.cached import key_figures, segment_enterprises
from kg.explorer.render import render_chain_svg
from kg.explorer.safe import md
from kg.vocab import BROKEN, NO_DATA, WEAK, position_key

st.title("产业链图谱")
pick, year = st.columns([3, 1])
with pick:
    chain = ui.chain_picker()
with year:
    as_of = pv.as_of_picker("chain-as-of")
view, gaps = pv.chain_view(chain, as_of)
gap_by_segment = {g["segment"]: g for g in gaps}
ui.sample_badge(any(g["sample"] for g in gaps) or any(f.sample for s in view.segments for f in s.firms))

if not view.segments:
    st.info(f"{md(chain)} 还没有环节数据。")
    st.stop()
unlinked = tables.unlinked_line(key_figures(), chain) if as_of is None else ""
if unlinked:
    st.caption(unlinked)

ordered = sorted(view.segments, key=lambda s: (position_key(s.position), s.order, s.name))
names = [s.name for s in ordered]
map_key, control_key = f"chain-map-{chain}", f"segment-{chain}"
clicked = chainpick.clicked_segment(map_key)
if clicked in names:  # a click on the map selects that segment, as the buttons do
    st.session_state[control_key] = clicked
selected = st.segmented_control(
    "选择环节查看清单（或在图中点击环节）",
    names,
    format_func=lambda n: f"{md(n)}·{gap_by_segment.get(n, {}).get('status', '')}",
    key=control_key,
)
chainpick.chain_map(render_chain_svg(view, selected=selected), key=map_key)

if selected:
    seg = next(s for s in view.segments if s.name == selected)
    gap = gap_by_segment.get(selected, {})
    st.subheader(f"{md(selected)}（{md(seg.position)} · {gap.get('status', NO_DATA)}）")
    reason = gap["evidence"]["reason"] if gap else ""
    if reason:
        st.caption(f"判定依据：{reason}")
    gap_views.show_advice(gap)
    gap_views.show_lists(gap, tables.segment_firm_rows(segment_enterprises(chain, selected)))
    if gap.get("status") in (BROKEN, WEAK):
        st.markdown("**适用政策措施**")
        pv.show_measures(gap, default_view=as_of is None)
else:
    st.caption("在图中点击一个环节（或用上方按钮选择），查看其企业、补链目标、科研合作方和服务载体。")
