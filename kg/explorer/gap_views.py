"""One segment's answer as a planner reads it: the advice per action, the research partners with
their evidence, and the lists beside it — each empty list saying why it is empty.

Shared by 断链补链 and the 产业链图谱 details panel so both say the same thing. Every imported
name goes through :func:`kg.explorer.safe.md` (advice and evidence sentences contain names).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from kg.explorer import tables
from kg.explorer.safe import md
from kg.vocab import STRONG


def show_advice(gap: dict[str, Any]) -> None:
    """The advice sentence of each action the row proposes, and the research note when the
    segment has no research partner."""
    advice = gap.get("advice") or {}
    if advice:
        st.markdown("**行动建议**")
        for action in tables.ACTIONS:
            if action in advice:
                st.markdown(f"- **{action}**：{md(advice[action])}")
    elif gap.get("status") == STRONG:
        st.caption("本环节为强链：无需补链、强链或延链行动。")
    else:
        st.caption("本环节没有可给出的行动建议：图谱中没有可招引的区外企业、可延伸的相邻环节企业或科研伙伴。")
    if gap.get("research_note"):
        st.markdown(f"**科研伙伴**：{md(gap['research_note'])}")


def show_lists(gap: dict[str, Any], firms: list[dict[str, Any]]) -> None:
    """The six lists of a segment in two columns; an empty one says why it is empty."""
    lists = tables.segment_lists(gap, firms)
    left, right = st.columns(2)
    for i, (title, rows) in enumerate(lists.items()):
        with left if i % 2 == 0 else right:
            st.markdown(f"**{title}**（{len(rows)}）")
            if rows:
                st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            else:
                st.caption(f"为空：{md(tables.empty_list_reason(title, gap))}")
