"""Tier charts shared by 总览 and 梯度培育: one colour per tier along a perceptual scale in rank
order (highest first), the same in every chart, and legends listed in that order, so a reader
who learnt the colours on one page reads them the same on the other."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kg.explorer import tables


def _palette(order: list[str]) -> alt.Scale:
    return alt.Scale(domain=order, scheme="viridis")


def local_by_tier(frame: pd.DataFrame) -> alt.Chart:
    """Local enterprises per highest tier (``tables.tier_frame``): one bar per tier, rank order."""
    order = tables.tier_order()
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("梯度:N", sort=order, title=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("企业数:Q"),
            color=alt.Color("梯度:N", scale=_palette(order), sort=order, legend=alt.Legend(title="梯度")),
            tooltip=["梯度", "企业数"],
        )
    )


def certified_by_year(frame: pd.DataFrame, count: str) -> alt.Chart:
    """Certifications per year and tier (long format: 年份, 梯度, ``count``), stacked with the
    highest tier on top; the legend lists the tiers (无资质 is no certification, never counted)."""
    order = tables.tier_order()
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("年份:O"),
            y=alt.Y(f"{count}:Q", stack=True),
            color=alt.Color(
                "梯度:N",
                scale=_palette(order),
                sort=order,
                legend=alt.Legend(title="梯度", values=order[:-1], labelLimit=240),
            ),
            order=alt.Order("rank:Q", sort="descending"),
            tooltip=["年份", "梯度", count],
        )
        .transform_calculate(rank=f"indexof({order!r}, datum['梯度'])")
    )
